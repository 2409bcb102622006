import { Severity, TimeBucket } from '@vigil/shared';
import { DatabaseKind } from '../db/data-source';

/** A piece of SQL with its positional parameters, in order. */
export interface Sql {
  text: string;
  params: unknown[];
}

/** The datetime literal both drivers compare correctly with a datetime(3) column (TypeORM stores UTC). */
export function sqlTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

export type DurationColumn = 'acknowledgedAt' | 'mitigatedAt' | 'resolvedAt';

/** Milliseconds from detection to `col`, as an integer, in each dialect. */
export function durationSql(kind: DatabaseKind, col: DurationColumn): string {
  return kind === 'sqlite'
    ? `CAST(ROUND((julianday(i.${col}) - julianday(i.detectedAt)) * 86400000) AS INTEGER)`
    : `(TIMESTAMPDIFF(MICROSECOND, i.detectedAt, i.${col}) DIV 1000)`;
}

/** Integer division (ceil arithmetic for nearest-rank percentiles). */
function idiv(kind: DatabaseKind, a: string, b: number): string {
  return kind === 'sqlite' ? `((${a}) / ${b})` : `((${a}) DIV ${b})`;
}

export interface MetricFilters {
  severity: Severity | null;
  service: string | null;
}

/**
 * The index of the bucket containing i.detectedAt, as a balanced tree of CASE comparisons against the bucket
 * starts (computed in the time zone by the domain): about log2(buckets) string/datetime comparisons per row,
 * the same SQL on both databases, whatever the planner does.
 */
export function bucketIndexSql(buckets: readonly TimeBucket[]): Sql {
  const params: unknown[] = [];
  const build = (lo: number, hi: number): string => {
    if (lo === hi) return String(lo);
    const mid = (lo + hi + 1) >> 1;
    params.push(sqlTime(buckets[mid].start));
    const left = build(lo, mid - 1);
    const right = build(mid, hi);
    return `CASE WHEN i.detectedAt < ? THEN ${left} ELSE ${right} END`;
  };
  return { text: build(0, buckets.length - 1), params };
}

/**
 * `FROM incident i … WHERE detectedAt in [first start, last end) AND filters`: one index range on
 * idx_incident_detected, so only incidents of the requested period are read.
 */
export function incidentsInBuckets(buckets: readonly TimeBucket[], filters: MetricFilters, extraJoin = ''): Sql {
  const params: unknown[] = [sqlTime(buckets[0].start), sqlTime(buckets[buckets.length - 1].end)];
  let text = `FROM incident i ${extraJoin} WHERE i.detectedAt >= ? AND i.detectedAt < ?`;
  if (filters.severity) {
    text += ' AND i.severity = ?';
    params.push(filters.severity);
  }
  if (filters.service) {
    text += ' AND EXISTS (SELECT 1 FROM incident_service isv JOIN service sv ON sv.id = isv.serviceId WHERE isv.incidentId = i.id AND sv.name = ?)';
    params.push(filters.service);
  }
  return { text, params };
}

/**
 * Everything about the incidents of each bucket in ONE pass over the covering index idx_incident_metrics:
 * counts, sums, SLA tallies and, by nearest rank, the median and p90 of each duration. The inner derived table
 * computes the bucket and the three durations once per row; the window functions rank each duration within its
 * bucket (NULLs sort first on both databases, so a duration's rank among the non-NULL values is
 * rn - (n - nonNull)); the outer GROUP BY keeps, per bucket, the values at ranks ceil(n/2) and ceil(0.9 n).
 */
export function seriesSql(kind: DatabaseKind, bucket: Sql, from: Sql, now: Date): Sql {
  const nowText = sqlTime(now);
  const cols = [['a', 'acknowledgedAt'], ['m', 'mitigatedAt'], ['r', 'resolvedAt']] as const;
  const pick = (c: string, tenths: number) =>
    `MAX(CASE WHEN rn${c} = n - n${c} + ${idiv(kind, `n${c} * ${tenths} + 9`, 10)} THEN ${c} END)`;
  const severities = (['P0', 'P1', 'P2', 'P3'] as const).map((s) => `SUM(CASE WHEN sev = '${s}' THEN 1 ELSE 0 END) AS sev${s}`).join(', ');
  return {
    text: `SELECT b, COUNT(*) AS incidents, ${severities},
      SUM(CASE WHEN a IS NULL THEN 1 ELSE 0 END) AS neverAck,
      ${cols.map(([c]) => `COUNT(${c}) AS ${c}N, SUM(${c}) AS ${c}Sum, ${pick(c, 5)} AS ${c}Median, ${pick(c, 9)} AS ${c}P90`).join(',\n      ')},
      SUM(ackDecided) AS ackDecided, SUM(ackMet) AS ackMet, SUM(resDecided) AS resDecided, SUM(resMet) AS resMet
    FROM (
      SELECT d.*, COUNT(*) OVER w AS n,
        ${cols.map(([c]) => `COUNT(${c}) OVER w AS n${c}, ROW_NUMBER() OVER (PARTITION BY b ORDER BY ${c}) AS rn${c}`).join(',\n        ')}
      FROM (
        SELECT ${bucket.text} AS b, i.severity AS sev,
          ${cols.map(([c, col]) => `${durationSql(kind, col)} AS ${c}`).join(', ')},
          CASE WHEN i.acknowledgedAt IS NOT NULL OR i.acknowledgeBy < ? THEN 1 ELSE 0 END AS ackDecided,
          CASE WHEN i.acknowledgedAt IS NOT NULL AND i.acknowledgedAt <= i.acknowledgeBy THEN 1 ELSE 0 END AS ackMet,
          CASE WHEN i.resolvedAt IS NOT NULL OR i.resolveBy < ? THEN 1 ELSE 0 END AS resDecided,
          CASE WHEN i.resolvedAt IS NOT NULL AND i.resolvedAt <= i.resolveBy THEN 1 ELSE 0 END AS resMet
        ${from.text}) d
      WINDOW w AS (PARTITION BY b)) ranked
    GROUP BY b`,
    params: [...bucket.params, nowText, nowText, ...from.params],
  };
}

/**
 * `from` rewritten to start at `tables` and reach the incident by primary key, in that join order on both
 * databases (CROSS JOIN in SQLite, STRAIGHT_JOIN in MySQL fix the order): post-mortems and action items are few,
 * so each looks up its incident, instead of every incident of the range probing for a post-mortem.
 */
function drivenFrom(kind: DatabaseKind, tables: string, from: Sql): Sql {
  const join = kind === 'sqlite' ? 'CROSS JOIN' : 'STRAIGHT_JOIN';
  return { ...from, text: from.text.replace(/^FROM incident i /, `FROM ${tables.replace(/ JOIN /g, ` ${join} `)} ${join} incident i ON i.id = p.incidentId `) };
}

/** Post-mortem timeliness per bucket. */
export function postmortemSql(kind: DatabaseKind, bucket: Sql, from: Sql, now: Date): Sql {
  const nowText = sqlTime(now);
  const fromPm = drivenFrom(kind, 'postmortem p', from);
  return {
    text: `SELECT ${bucket.text} AS b, COUNT(*) AS pmTotal,
      SUM(CASE WHEN p.publishedAt IS NOT NULL OR p.dueAt < ? THEN 1 ELSE 0 END) AS pmDecided,
      SUM(CASE WHEN p.publishedAt IS NOT NULL AND p.publishedAt <= p.dueAt THEN 1 ELSE 0 END) AS pmOnTime
      ${fromPm.text} GROUP BY b`,
    params: [...bucket.params, nowText, ...fromPm.params],
  };
}

/** Action items of the bucket's incidents' post-mortems: total, done, won't do. */
export function actionItemSql(kind: DatabaseKind, bucket: Sql, from: Sql): Sql {
  const fromItems = drivenFrom(kind, 'action_item a JOIN postmortem p ON p.id = a.postmortemId', from);
  return {
    text: `SELECT ${bucket.text} AS b, COUNT(a.id) AS total,
      SUM(CASE WHEN a.status = 'DONE' THEN 1 ELSE 0 END) AS done,
      SUM(CASE WHEN a.status = 'WONT_DO' THEN 1 ELSE 0 END) AS wontDo
      ${fromItems.text} GROUP BY b`,
    params: [...bucket.params, ...fromItems.params],
  };
}
