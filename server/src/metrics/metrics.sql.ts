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

/** Integer division (ceil arithmetic for nearest-rank percentiles). */
function idiv(kind: DatabaseKind, a: string, b: number): string {
  return kind === 'sqlite' ? `((${a}) / ${b})` : `((${a}) DIV ${b})`;
}

export interface MetricFilters {
  severity: Severity | null;
  service: string | null;
  /** Incidents with a service owned by one of these teams; null: every team. */
  teamIds?: number[] | null;
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

/** Every severity, spelled out so that an unfiltered query still walks idx_incident_severity_metrics by range. */
const ALL_SEVERITIES = "'P0', 'P1', 'P2', 'P3'";

/** The filters as conditions on incident i: severity always (so idx_incident_severity_metrics is walked by range), service and teams when asked. */
function filterConditions(filters: MetricFilters): Sql {
  const parts = [filters.severity ? 'i.severity = ?' : `i.severity IN (${ALL_SEVERITIES})`];
  const params: unknown[] = filters.severity ? [filters.severity] : [];
  if (filters.service) {
    parts.push(
      'EXISTS (SELECT 1 FROM incident_service isv JOIN service sv ON sv.id = isv.serviceId WHERE isv.incidentId = i.id AND sv.name = ?)',
    );
    params.push(filters.service);
  }
  if (filters.teamIds) {
    // No team at all matches nothing (an empty IN list is not SQL).
    parts.push(
      filters.teamIds.length
        ? `EXISTS (SELECT 1 FROM incident_service ist JOIN service st ON st.id = ist.serviceId WHERE ist.incidentId = i.id AND st.teamId IN (${filters.teamIds.map(() => '?').join(', ')}))`
        : '1 = 0',
    );
    params.push(...filters.teamIds);
  }
  return { text: parts.join(' AND '), params };
}

/**
 * `FROM incident i … WHERE filters AND detectedAt in [first start, last end)`: one index range per severity on
 * idx_incident_severity_metrics (severity first, so the wall's per-severity charts read only their own
 * incidents), no row lookups.
 */
export function incidentsInBuckets(buckets: readonly TimeBucket[], filters: MetricFilters): Sql {
  const where = filterConditions(filters);
  return {
    text: `FROM incident i WHERE ${where.text} AND i.detectedAt >= ? AND i.detectedAt < ?`,
    params: [...where.params, sqlTime(buckets[0].start), sqlTime(buckets[buckets.length - 1].end)],
  };
}

/** Short name in the SQL → the stored duration column (domain metricDurations), in milliseconds. */
const DURATIONS = [
  ['a', 'acknowledgeMs'],
  ['m', 'mitigateMs'],
  ['r', 'resolveMs'],
] as const;

type TimeColumn = 'acknowledgedAt' | 'resolvedAt' | 'acknowledgeBy' | 'resolveBy';

/** How `tallies` reaches an incident's severity, SLA times and durations: off incident i, or a derived table. */
interface Tallied {
  severity: string;
  time: (col: TimeColumn) => string;
  duration: (short: string, column: string) => string;
}

/**
 * Per-bucket counts, sums and SLA tallies as SQL aggregates. SLA clocks are comparisons, which are 1, 0 or
 * NULL on both databases, so SUM counts the true ones: a clock is met when finished by its deadline and late
 * when unfinished past it at `now` (the two `?`); decided = finished + late. An acknowledge clock stops, unfinished,
 * when monitoring resolves the incident first (auto-resolved: counted on its own), so it is late only if its
 * deadline passed before that. Severity counts only when the query spans severities.
 */
function tallies(x: Tallied, severities: boolean): string {
  const bySeverity = severities
    ? (['P0', 'P1', 'P2', 'P3'] as const).map((s) => `SUM(${x.severity} = '${s}') AS sev${s}, `).join('')
    : '';
  return `COUNT(${x.severity}) AS incidents, ${bySeverity}
    ${DURATIONS.map(([c, col]) => `COUNT(${x.duration(c, col)}) AS ${c}N, SUM(${x.duration(c, col)}) AS ${c}Sum`).join(', ')},
    SUM(${x.time('acknowledgedAt')} <= ${x.time('acknowledgeBy')}) AS ackMet,
    SUM(${x.time('acknowledgedAt')} IS NULL AND ${x.time('acknowledgeBy')} < COALESCE(${x.time('resolvedAt')}, ?)) AS ackLate,
    SUM(${x.time('acknowledgedAt')} IS NULL AND ${x.time('resolvedAt')} IS NOT NULL) AS autoResolved,
    SUM(${x.time('resolvedAt')} <= ${x.time('resolveBy')}) AS resMet,
    SUM(${x.time('resolvedAt')} IS NULL AND ${x.time('resolveBy')} < ?) AS resLate`;
}

/** Counts, sums and SLA tallies per bucket straight off the index, without percentiles (see `percentilesByWindowSql`). */
export function talliesSql(bucket: Sql, from: Sql, now: Date, severities: boolean): Sql {
  const x: Tallied = { severity: 'i.severity', time: (col) => `i.${col}`, duration: (_, col) => `i.${col}` };
  return {
    text: `SELECT ${bucket.text} AS b, ${tallies(x, severities)} ${from.text} GROUP BY b`,
    params: [...bucket.params, sqlTime(now), sqlTime(now), ...from.params],
  };
}

/** One row per incident: its bucket and its three durations (a, m, r). */
function durationRows(bucket: Sql, from: Sql): Sql {
  return {
    text: `SELECT ${bucket.text} AS b, ${DURATIONS.map(([c, col]) => `i.${col} AS ${c}`).join(', ')} ${from.text}`,
    params: [...bucket.params, ...from.params],
  };
}

/**
 * The median and p90 of each duration per bucket by nearest rank, with window functions (MariaDB, and SQLite
 * builds without percentile_disc): each duration ranked within its bucket (NULLs sort first on both databases,
 * so a value's rank among the non-NULL ones is rn - (n - nonNull)); only the rows at ranks ceil(n/2) and
 * ceil(0.9 n) leave the window step, so the final GROUP BY sees a handful of rows per bucket. The rows are
 * narrow (bucket and durations only), which is what the three window sorts cost.
 */
export function percentilesByWindowSql(kind: DatabaseKind, bucket: Sql, from: Sql): Sql {
  const rows = durationRows(bucket, from);
  const at = (c: string, tenths: number) => `rn${c} = n - n${c} + ${idiv(kind, `n${c} * ${tenths} + 9`, 10)}`;
  return {
    text: `SELECT b, ${DURATIONS.map(([c]) => `MAX(CASE WHEN ${at(c, 5)} THEN ${c} END) AS ${c}Median, MAX(CASE WHEN ${at(c, 9)} THEN ${c} END) AS ${c}P90`).join(', ')}
    FROM (
      SELECT d.*, COUNT(*) OVER w AS n,
        ${DURATIONS.map(([c]) => `COUNT(${c}) OVER w AS n${c}, ROW_NUMBER() OVER (PARTITION BY b ORDER BY ${c}) AS rn${c}`).join(',\n        ')}
      FROM (${rows.text}) d
      WINDOW w AS (PARTITION BY b)) ranked
    WHERE ${DURATIONS.flatMap(([c]) => [at(c, 5), at(c, 9)]).join(' OR ')}
    GROUP BY b`,
    params: rows.params,
  };
}

/**
 * SQLite: everything in ONE aggregate pass, no window sorts. Its built-in percentile_disc(Y, P) returns the
 * value at 0-based index floor(P × (N - 1)) of the N non-NULL values sorted ascending; nearest rank asks for
 * index ceil(p × n) - 1:
 * - median: floor(0.5 × (n - 1)) = ceil(n / 2) - 1 for every n, so P = 0.5 as is;
 * - p90: no constant P works on n values, but the descending order plus ONE extra value sorting last does:
 *   over -x and a sentinel (N = n + 1), index floor(0.1 × n) is the (floor(n / 10) + 1)-th largest, that is the
 *   ceil(0.9 n)-th smallest, and never the sentinel. The double 0.1 is slightly above 1/10, so 0.1 × 10k never
 *   floors below k.
 * Each bucket is a row of a VALUES table; crossed with (0), (1), the 1 side matches no incident, so the LEFT
 * JOIN gives every bucket exactly one all-NULL row: the sentinel, which no count sees. Rows come per bucket from
 * index ranges, with no per-row bucket computation. test/server/metrics.test.ts holds the result equal to the
 * domain's nearest rank.
 */
export function seriesByPercentileSql(buckets: readonly TimeBucket[], filters: MetricFilters, now: Date): Sql {
  const where = filterConditions(filters);
  const x: Tallied = { severity: 'i.severity', time: (col) => `i.${col}`, duration: (_, col) => `i.${col}` };
  return {
    text: `SELECT bk.column1 AS b, ${tallies(x, !filters.severity)},
      ${DURATIONS.map(([c, col]) => `percentile_disc(i.${col}, 0.5) AS ${c}Median, -percentile_disc(CASE WHEN i.id IS NULL THEN 1e300 ELSE -i.${col} END, 0.1) AS ${c}P90`).join(',\n      ')}
    FROM (VALUES ${buckets.map((_, n) => `(${n}, ?, ?)`).join(', ')}) bk
      CROSS JOIN (VALUES (0), (1)) pad
      LEFT JOIN incident i ON pad.column1 = 0 AND ${where.text} AND i.detectedAt >= bk.column2 AND i.detectedAt < bk.column3
    GROUP BY bk.column1`,
    params: [
      sqlTime(now),
      sqlTime(now),
      ...buckets.flatMap((b) => [sqlTime(b.start), sqlTime(b.end)]),
      ...where.params,
    ],
  };
}

/**
 * `from` rewritten to start at `tables` and reach the incident by primary key, in that join order on both
 * databases (CROSS JOIN in SQLite, STRAIGHT_JOIN in MySQL fix the order): post-mortems and action items are few,
 * so each looks up its incident, instead of every incident of the range probing for a post-mortem.
 */
function drivenFrom(kind: DatabaseKind, tables: string, from: Sql): Sql {
  const join = kind === 'sqlite' ? 'CROSS JOIN' : 'STRAIGHT_JOIN';
  return {
    ...from,
    text: from.text.replace(
      /^FROM incident i /,
      `FROM ${tables.replace(/ JOIN /g, ` ${join} `)} ${join} incident i ON i.id = p.incidentId `,
    ),
  };
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
