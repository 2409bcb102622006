import { DAY, MINUTE, SEVERITIES, Severity, metricDurations, slaDeadlines } from '@vigil/shared';
import { Readable } from 'node:stream';
import { QueryRunner } from 'typeorm';
import { Database } from '../db/data-source';

export interface HistoryOptions {
  incidents: number;
  /** Spread over this many days before `now`. */
  days: number;
  now: Date;
  /** Services to attach (ids); one per incident. */
  serviceIds: number[];
  seed?: number;
  /** Incidents per transaction (each brings about four timeline events). */
  batch?: number;
  onProgress?: (done: number) => void;
}

/** Severity mix of a typical year: few P0s, many P2/P3s. */
const SEVERITY_WEIGHTS: Array<[Severity, number]> = [
  ['P0', 0.03],
  ['P1', 0.15],
  ['P2', 0.4],
  ['P3', 0.42],
];
/** Typical minutes to acknowledge and to resolve per severity (medians; the spread is log-normal). */
const TYPICAL: Record<Severity, { ackMin: number; resolveMin: number }> = {
  P0: { ackMin: 3, resolveMin: 45 },
  P1: { ackMin: 10, resolveMin: 150 },
  P2: { ackMin: 35, resolveMin: 600 },
  P3: { ackMin: 300, resolveMin: 5000 },
};

const INCIDENT_COLUMNS = [
  'id',
  'title',
  'severity',
  'status',
  'source',
  'detectedAt',
  'acknowledgedAt',
  'mitigatedAt',
  'resolvedAt',
  'acknowledgeMs',
  'mitigateMs',
  'resolveMs',
  'acknowledgeBy',
  'resolveBy',
  'createdAt',
  'updatedAt',
];
const SERVICE_COLUMNS = ['incidentId', 'serviceId'];
const EVENT_COLUMNS = ['id', 'incidentId', 'type', 'message', 'actorName', 'actorKind', 'at'];

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

interface Rows {
  incidents: unknown[][];
  services: unknown[][];
  events: unknown[][];
}

/** Where a batch goes: one dialect's fastest bulk path. */
interface Sink {
  write(rows: Rows): Promise<void>;
  /** Waits for writes in flight and restores the connection settings. */
  close(): Promise<void>;
}

/**
 * Writes a synthetic, resolved incident history straight into the tables with batched INSERTs (ids assigned
 * here, so events reference them without a read-back). Incidents are made in detection order, as real ones
 * arrive: every index on time then grows at its end, which is what keeps a million rows fast on a small
 * buffer pool. For benchmarks and large demos; the same generator serves both so the numbers describe the data
 * people see.
 */
export async function generateHistory(db: Database, o: HistoryOptions): Promise<{ incidents: number; events: number }> {
  const random = rng(o.seed ?? 7);
  const batch = o.batch ?? 5000;
  const [{ maxId }] = await db.dataSource.query<Array<{ maxId: unknown }>>(
    `SELECT COALESCE(MAX(id), 0) AS maxId FROM incident`,
  );
  const [{ maxEvent }] = await db.dataSource.query<Array<{ maxEvent: unknown }>>(
    `SELECT COALESCE(MAX(id), 0) AS maxEvent FROM timeline_event`,
  );
  let nextId = Number(maxId) + 1;
  let nextEvent = Number(maxEvent) + 1;
  let events = 0;
  const start = o.now.getTime() - o.days * DAY;
  // One slot of the period per incident, a random instant inside it: uniform overall, and already sorted.
  const slot = (o.days * DAY - DAY) / Math.max(1, o.incidents);
  const pickSeverity = (): Severity => {
    let r = random();
    for (const [s, w] of SEVERITY_WEIGHTS) if ((r -= w) < 0) return s;
    return 'P3';
  };
  const logNormal = (median: number) => median * Math.exp((random() - 0.5) * 2.2);

  const sink = db.kind === 'sqlite' ? sqliteSink(db) : await mysqlSink(db);
  try {
    for (let done = 0; done < o.incidents; done += batch) {
      const n = Math.min(batch, o.incidents - done);
      const rows: Rows = { incidents: [], services: [], events: [] };
      for (let i = 0; i < n; i++) {
        const id = nextId++;
        const severity = random() < 0.995 ? pickSeverity() : SEVERITIES[Math.floor(random() * 4)];
        const detected = Math.floor(start + (done + i + random()) * slot);
        const t = TYPICAL[severity];
        const neverAcked = random() < 0.02;
        const acked = neverAcked ? null : detected + logNormal(t.ackMin) * MINUTE;
        const resolved = detected + Math.max(logNormal(t.resolveMin) * MINUTE, (acked ?? detected) - detected + MINUTE);
        const mitigated = resolved - (resolved - (acked ?? detected)) * random() * 0.5;
        const d = slaDeadlines(severity, new Date(detected));
        // Through Date, as stored: the times keep whole milliseconds, and the durations are those of the stored times.
        const ms = metricDurations({
          detectedAt: new Date(detected),
          acknowledgedAt: acked === null ? null : new Date(acked),
          mitigatedAt: new Date(mitigated),
          resolvedAt: new Date(resolved),
        });
        rows.incidents.push([
          id,
          `Synthetic incident ${id}`,
          severity,
          'RESOLVED',
          random() < 0.7 ? 'MONITORING_ALERT' : 'USER_REPORT',
          sqlTime(detected),
          acked === null ? null : sqlTime(acked),
          sqlTime(mitigated),
          sqlTime(resolved),
          ms.acknowledgeMs,
          ms.mitigateMs,
          ms.resolveMs,
          sqlTime(d.acknowledgeBy.getTime()),
          sqlTime(d.resolveBy.getTime()),
          sqlTime(detected),
          sqlTime(resolved),
        ]);
        if (o.serviceIds.length) rows.services.push([id, o.serviceIds[Math.floor(random() * o.serviceIds.length)]]);
        const ev = (type: string, message: string, at: number) => {
          rows.events.push([nextEvent++, id, type, message, 'Synthetic history', 'SYSTEM', sqlTime(at)]);
          events++;
        };
        ev('DECLARED', `Declared ${severity}`, detected);
        if (acked !== null) ev('ACKNOWLEDGED', 'Acknowledged', acked);
        ev('STATUS_CHANGED', 'Status ACKNOWLEDGED → MITIGATED', mitigated);
        ev('RESOLVED', 'Resolved', resolved);
      }
      await sink.write(rows);
      o.onProgress?.(done + n);
    }
  } finally {
    await sink.close();
  }
  return { incidents: o.incidents, events };
}

/**
 * MySQL/MariaDB: LOAD DATA (or multi-row INSERTs), one transaction per batch, on two dedicated connections so
 * that the next batch is built in JavaScript while the server writes the previous one. The rows are generated
 * consistent, so the session skips foreign-key and unique checks (only for these connections, restored before
 * release).
 */
async function mysqlSink(db: Database): Promise<Sink> {
  const runners: QueryRunner[] = [];
  for (let i = 0; i < 2; i++) {
    const r = db.dataSource.createQueryRunner();
    await r.connect();
    await r.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    runners.push(r);
  }
  const inFlight: Array<Promise<void> | null> = runners.map(() => null);
  let failure: Error | null = null;
  let turn = 0;
  let loadDataRefused = false;
  const insert = async (r: QueryRunner, table: string, columns: string[], rows: unknown[][]): Promise<void> => {
    if (!rows.length) return;
    if (!loadDataRefused) {
      try {
        return await loadData(r, table, columns, rows);
      } catch (e) {
        // A server with local_infile off refuses the statement (nothing written): multi-row INSERTs from then on.
        if (!LOAD_DATA_REFUSED.has((e as { errno?: number }).errno ?? 0)) throw e;
        loadDataRefused = true;
      }
    }
    const tuple = `(${columns.map(() => '?').join(',')})`;
    await r.query(
      `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${rows.map(() => tuple).join(',')}`,
      rows.flat(),
    );
  };
  const write = async (r: QueryRunner, rows: Rows) => {
    await r.startTransaction();
    try {
      await insert(r, 'incident', INCIDENT_COLUMNS, rows.incidents);
      await insert(r, 'incident_service', SERVICE_COLUMNS, rows.services);
      // Split so an INSERT stays well under max_allowed_packet (16 MiB by default).
      for (let i = 0; i < rows.events.length; i += 10_000)
        await insert(r, 'timeline_event', EVENT_COLUMNS, rows.events.slice(i, i + 10_000));
      await r.commitTransaction();
    } catch (e) {
      await r.rollbackTransaction();
      throw e;
    }
  };
  return {
    async write(rows) {
      const k = turn++ % runners.length;
      await inFlight[k];
      if (failure) throw failure;
      // Caught here and rethrown on the next call: a batch that fails while unawaited must not go unhandled.
      inFlight[k] = write(runners[k], rows).catch((e: unknown) => {
        failure ??= e instanceof Error ? e : new Error(String(e));
      });
    },
    async close() {
      try {
        await Promise.all(inFlight.filter((p): p is Promise<void> => p !== null));
        if (failure) throw failure;
      } finally {
        for (const r of runners) {
          await r.query('SET SESSION foreign_key_checks = 1, unique_checks = 1').catch(() => undefined);
          await r.release();
        }
      }
    },
  };
}

interface NativeMysql {
  query(options: { sql: string; infileStreamFactory: () => Readable }, done: (e: Error | null) => void): void;
}

const tsv = (v: unknown) =>
  v === null || v === undefined
    ? '\\N'
    : typeof v === 'string'
      ? v.replace(/[\\\t\n]/g, (c) => `\\${c === '\t' ? 't' : c === '\n' ? 'n' : c}`)
      : String(v);

/** ER_NOT_ALLOWED_COMMAND, ER_CLIENT_LOCAL_FILES_DISABLED: local_infile is off on the server or the client. */
const LOAD_DATA_REFUSED = new Set([1148, 2068, 3948]);

/**
 * LOAD DATA LOCAL INFILE from memory (tab-separated, \\N for NULL): nothing to escape into SQL text or to parse
 * per row, about 20% faster than multi-row INSERTs here; same rows.
 */
function loadData(r: QueryRunner, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const native = (r as unknown as { databaseConnection: NativeMysql }).databaseConnection;
  const data = Buffer.from(rows.map((row) => row.map(tsv).join('\t')).join('\n') + '\n');
  // One network packet per chunk: keep each well under max_allowed_packet.
  const chunks = Array.from({ length: Math.ceil(data.length / 2 ** 20) }, (_, k) =>
    data.subarray(k * 2 ** 20, (k + 1) * 2 ** 20),
  );
  return new Promise((resolve, reject) =>
    native.query(
      {
        sql: `LOAD DATA LOCAL INFILE 'rows' INTO TABLE \`${table}\` CHARACTER SET utf8mb4 (${columns.map((c) => `\`${c}\``).join(', ')})`,
        infileStreamFactory: () => Readable.from(chunks),
      },
      (e) => (e ? reject(e) : resolve()),
    ),
  );
}

interface NativeSqlite {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction(fn: () => void): () => void;
  pragma(sql: string, options?: { simple: boolean }): unknown;
}

/**
 * SQLite: prepared single-row statements in one native transaction per batch (better-sqlite3 is synchronous and
 * fastest this way; multi-row statements would hit SQLite's 32,766-parameter limit). A bigger page cache for the
 * load keeps the indexes' working set in memory; `synchronous = OFF` skips the per-commit fsync, which is safe
 * for a generated history (a crash loses the history, not the database's consistency in WAL mode).
 */
function sqliteSink(db: Database): Sink {
  const native = (db.dataSource.driver as unknown as { databaseConnection: NativeSqlite }).databaseConnection;
  const saved = {
    cache: native.pragma('cache_size', { simple: true }),
    sync: native.pragma('synchronous', { simple: true }),
  };
  native.pragma('cache_size = -262144');
  native.pragma('synchronous = OFF');
  const prepare = (table: string, columns: string[]) =>
    native.prepare(
      `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(',')})`,
    );
  const incident = prepare('incident', INCIDENT_COLUMNS);
  const link = prepare('incident_service', SERVICE_COLUMNS);
  const event = prepare('timeline_event', EVENT_COLUMNS);
  return {
    async write(rows) {
      native.transaction(() => {
        for (const r of rows.incidents) incident.run(...r);
        for (const r of rows.services) link.run(...r);
        for (const r of rows.events) event.run(...r);
      })();
    },
    async close() {
      native.pragma(`cache_size = ${Number(saved.cache)}`);
      native.pragma(`synchronous = ${Number(saved.sync)}`);
    },
  };
}
