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

/** Counts, sums and SLA tallies per bucket, plus post-mortem timeliness: one aggregate query. */
export function aggregateSql(kind: DatabaseKind, bucket: Sql, from: Sql, now: Date): Sql {
  const d = (c: DurationColumn) => durationSql(kind, c);
  const severities = (['P0', 'P1', 'P2', 'P3'] as const).map((s) => `SUM(CASE WHEN i.severity = '${s}' THEN 1 ELSE 0 END) AS sev${s}`).join(', ');
  const nowText = sqlTime(now);
  return {
    text: `SELECT ${bucket.text} AS b, COUNT(*) AS incidents,
      SUM(CASE WHEN i.acknowledgedAt IS NULL THEN 1 ELSE 0 END) AS neverAck, ${severities},
      COUNT(i.acknowledgedAt) AS ackN, SUM(${d('acknowledgedAt')}) AS ackSum,
      COUNT(i.mitigatedAt) AS mitN, SUM(${d('mitigatedAt')}) AS mitSum,
      COUNT(i.resolvedAt) AS resN, SUM(${d('resolvedAt')}) AS resSum,
      SUM(CASE WHEN i.acknowledgedAt IS NOT NULL OR i.acknowledgeBy < ? THEN 1 ELSE 0 END) AS ackDecided,
      SUM(CASE WHEN i.acknowledgedAt IS NOT NULL AND i.acknowledgedAt <= i.acknowledgeBy THEN 1 ELSE 0 END) AS ackMet,
      SUM(CASE WHEN i.resolvedAt IS NOT NULL OR i.resolveBy < ? THEN 1 ELSE 0 END) AS resDecided,
      SUM(CASE WHEN i.resolvedAt IS NOT NULL AND i.resolvedAt <= i.resolveBy THEN 1 ELSE 0 END) AS resMet,
      COUNT(p.id) AS pmTotal,
      SUM(CASE WHEN p.publishedAt IS NOT NULL OR p.dueAt < ? THEN 1 ELSE 0 END) AS pmDecided,
      SUM(CASE WHEN p.publishedAt IS NOT NULL AND p.publishedAt <= p.dueAt THEN 1 ELSE 0 END) AS pmOnTime
      ${from.text} GROUP BY b`,
    params: [...bucket.params, nowText, nowText, nowText, ...from.params],
  };
}

/**
 * Median and p90 per bucket by nearest rank, in the database: rank the bucket's durations with window functions
 * and return only the two rows at ranks ceil(n/2) and ceil(0.9 n).
 */
export function percentileSql(kind: DatabaseKind, col: DurationColumn, bucket: Sql, from: Sql): Sql {
  return {
    text: `SELECT b, d, rn, n FROM (
      SELECT b, d, ROW_NUMBER() OVER (PARTITION BY b ORDER BY d) AS rn, COUNT(*) OVER (PARTITION BY b) AS n FROM (
        SELECT ${bucket.text} AS b, ${durationSql(kind, col)} AS d ${from.text} AND i.${col} IS NOT NULL) durations) ranked
      WHERE rn = ${idiv(kind, 'n * 5 + 9', 10)} OR rn = ${idiv(kind, 'n * 9 + 9', 10)}`,
    params: [...bucket.params, ...from.params],
  };
}

/** Action items of the bucket's incidents' post-mortems: total, done, won't do. */
export function actionItemSql(bucket: Sql, from: Sql): Sql {
  return {
    text: `SELECT ${bucket.text} AS b, COUNT(a.id) AS total,
      SUM(CASE WHEN a.status = 'DONE' THEN 1 ELSE 0 END) AS done,
      SUM(CASE WHEN a.status = 'WONT_DO' THEN 1 ELSE 0 END) AS wontDo
      ${from.text} GROUP BY b`,
    params: [...bucket.params, ...from.params],
  };
}

