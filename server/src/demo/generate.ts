import { DAY, MINUTE, SEVERITIES, Severity, slaDeadlines } from '@vigil/shared';
import { Database } from '../db/data-source';

export interface HistoryOptions {
  incidents: number;
  /** Spread over this many days before `now`. */
  days: number;
  now: Date;
  /** Services to attach (ids); one per incident. */
  serviceIds: number[];
  seed?: number;
  /** Rows per INSERT statement. */
  batch?: number;
  onProgress?: (done: number) => void;
}

/** Severity mix of a typical year: few P0s, many P2/P3s. */
const SEVERITY_WEIGHTS: Array<[Severity, number]> = [['P0', 0.03], ['P1', 0.15], ['P2', 0.4], ['P3', 0.42]];
/** Typical minutes to acknowledge and to resolve per severity (medians; the spread is log-normal). */
const TYPICAL: Record<Severity, { ackMin: number; resolveMin: number }> = {
  P0: { ackMin: 3, resolveMin: 45 },
  P1: { ackMin: 10, resolveMin: 150 },
  P2: { ackMin: 35, resolveMin: 600 },
  P3: { ackMin: 300, resolveMin: 5000 },
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32: small, fast, good enough for synthetic data
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** UTC with milliseconds, the form both drivers store `datetime(3)` in. */
const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/**
 * Writes a synthetic, resolved incident history straight into the tables with batched multi-row INSERTs (ids
 * assigned here, so events can reference them without a read-back). For benchmarks and large demos; the same
 * generator serves both so the numbers describe the data people see.
 */
export async function generateHistory(db: Database, o: HistoryOptions): Promise<{ incidents: number; events: number }> {
  const random = rng(o.seed ?? 7);
  const batch = o.batch ?? 1000;
  const q = db.kind === 'sqlite' ? '"' : '`';
  const [{ maxId }] = await db.dataSource.query(`SELECT COALESCE(MAX(id), 0) AS maxId FROM incident`);
  const [{ maxEvent }] = await db.dataSource.query(`SELECT COALESCE(MAX(id), 0) AS maxEvent FROM timeline_event`);
  let nextId = Number(maxId) + 1;
  let nextEvent = Number(maxEvent) + 1;
  let events = 0;
  const start = o.now.getTime() - o.days * DAY;
  const pickSeverity = (): Severity => {
    let r = random();
    for (const [s, w] of SEVERITY_WEIGHTS) if ((r -= w) < 0) return s;
    return 'P3';
  };
  const logNormal = (median: number) => median * Math.exp((random() - 0.5) * 2.2);

  for (let done = 0; done < o.incidents; done += batch) {
    const n = Math.min(batch, o.incidents - done);
    const incidentRows: unknown[] = [];
    const serviceRows: unknown[] = [];
    const eventRows: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const id = nextId++;
      const severity = random() < 0.995 ? pickSeverity() : SEVERITIES[Math.floor(random() * 4)];
      const detected = start + random() * (o.days * DAY - DAY);
      const t = TYPICAL[severity];
      const neverAcked = random() < 0.02;
      const acked = neverAcked ? null : detected + logNormal(t.ackMin) * MINUTE;
      const resolved = detected + Math.max(logNormal(t.resolveMin) * MINUTE, (acked ?? detected) - detected + MINUTE);
      const mitigated = resolved - (resolved - (acked ?? detected)) * random() * 0.5;
      const d = slaDeadlines(severity, new Date(detected));
      incidentRows.push(id, `Synthetic incident ${id}`, severity, 'RESOLVED', random() < 0.7 ? 'MONITORING_ALERT' : 'USER_REPORT',
        sqlTime(detected), acked === null ? null : sqlTime(acked), sqlTime(mitigated), sqlTime(resolved),
        sqlTime(d.acknowledgeBy.getTime()), sqlTime(d.resolveBy.getTime()), sqlTime(detected), sqlTime(resolved));
      if (o.serviceIds.length) serviceRows.push(id, o.serviceIds[Math.floor(random() * o.serviceIds.length)]);
      const ev = (type: string, message: string, at: number) => {
        eventRows.push(nextEvent++, id, type, message, 'Synthetic history', 'SYSTEM', sqlTime(at));
        events++;
      };
      ev('DECLARED', `Declared ${severity}`, detected);
      if (acked !== null) ev('ACKNOWLEDGED', 'Acknowledged', acked);
      ev('STATUS_CHANGED', 'Status ACKNOWLEDGED → MITIGATED', mitigated);
      ev('RESOLVED', 'Resolved', resolved);
    }
    if (db.kind === 'sqlite') {
      insertSqlite(db, incidentRows, serviceRows, eventRows);
      o.onProgress?.(done + n);
      continue;
    }
    const tuples = (rows: unknown[], width: number) => Array.from({ length: rows.length / width }, () => `(${Array(width).fill('?').join(',')})`).join(',');
    await db.transaction(async (m) => {
      await m.query(
        `INSERT INTO incident (id, title, severity, status, source, ${q}detectedAt${q}, ${q}acknowledgedAt${q}, ${q}mitigatedAt${q}, ${q}resolvedAt${q}, ${q}acknowledgeBy${q}, ${q}resolveBy${q}, ${q}createdAt${q}, ${q}updatedAt${q}) VALUES ${tuples(incidentRows, 13)}`,
        incidentRows,
      );
      if (serviceRows.length) await m.query(`INSERT INTO incident_service (${q}incidentId${q}, ${q}serviceId${q}) VALUES ${tuples(serviceRows, 2)}`, serviceRows);
      await m.query(
        `INSERT INTO timeline_event (id, ${q}incidentId${q}, type, message, ${q}actorName${q}, ${q}actorKind${q}, ${q}at${q}) VALUES ${tuples(eventRows, 7)}`,
        eventRows,
      );
    });
    o.onProgress?.(done + n);
  }
  return { incidents: o.incidents, events };
}

interface NativeSqlite {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction(fn: () => void): () => void;
}

/**
 * SQLite: prepared single-row statements in one native transaction per batch (better-sqlite3 is synchronous and
 * fastest this way; multi-row statements would hit SQLite's 32,766-parameter limit).
 */
function insertSqlite(db: Database, incidentRows: unknown[], serviceRows: unknown[], eventRows: unknown[]): void {
  const native = (db.dataSource.driver as unknown as { databaseConnection: NativeSqlite }).databaseConnection;
  const incident = native.prepare('INSERT INTO incident (id, title, severity, status, source, "detectedAt", "acknowledgedAt", "mitigatedAt", "resolvedAt", "acknowledgeBy", "resolveBy", "createdAt", "updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)');
  const link = native.prepare('INSERT INTO incident_service ("incidentId", "serviceId") VALUES (?,?)');
  const event = native.prepare('INSERT INTO timeline_event (id, "incidentId", type, message, "actorName", "actorKind", "at") VALUES (?,?,?,?,?,?,?)');
  native.transaction(() => {
    for (let i = 0; i < incidentRows.length; i += 13) incident.run(...incidentRows.slice(i, i + 13));
    for (let i = 0; i < serviceRows.length; i += 2) link.run(...serviceRows.slice(i, i + 2));
    for (let i = 0; i < eventRows.length; i += 7) event.run(...eventRows.slice(i, i + 7));
  })();
}
