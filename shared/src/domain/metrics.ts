import { DateTime, IANAZone } from 'luxon';
import { validationError } from './errors';
import { isAutoResolved } from './lifecycle';
import { SEVERITIES, Severity } from './severity';

/**
 * MTTA / MTTM / MTTR, defined once and used everywhere (SQL in the server mirrors these definitions):
 * - time to acknowledge = detectedAt → acknowledgedAt (the first acknowledgement; reopening never rewrites it);
 * - time to mitigate    = detectedAt → mitigatedAt;
 * - time to resolve     = detectedAt → resolvedAt.
 * An incident belongs to the bucket that contains its detectedAt in the chosen time zone, even when it is
 * acknowledged or resolved in a later bucket. Incidents nobody acknowledged are counted on their own and are not
 * part of the time-to-acknowledge statistics: `autoResolved` (monitoring resolved them first; their acknowledge
 * clock stopped then, late only if the deadline had passed) and `neverAcknowledged` (the rest, still open).
 * Median and p90 use the nearest-rank method: the value at rank ceil(p × n) of the n values sorted ascending.
 */
export const MetricBucket = { DAY: 'DAY', WEEK: 'WEEK', MONTH: 'MONTH' } as const;
export type MetricBucket = (typeof MetricBucket)[keyof typeof MetricBucket];

/** At most this many buckets per request, so one query stays bounded (a year of days plus slack). */
export const MAX_METRIC_BUCKETS = 400;

export interface MetricIncident {
  severity: Severity;
  detectedAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  acknowledgeBy: Date;
  resolveBy: Date;
}

export interface DurationStats {
  count: number;
  meanMs: number | null;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface SlaCompliance {
  /** Clocks that are over: acknowledged/resolved, or past their deadline unfinished at `now`. */
  decided: number;
  met: number;
  /** met / decided, null when nothing is decided yet. */
  rate: number | null;
}

export interface BucketMetrics {
  start: Date;
  end: Date;
  incidents: number;
  /** Open and not acknowledged (yet). */
  neverAcknowledged: number;
  /** Resolved by monitoring before anyone acknowledged. */
  autoResolved: number;
  bySeverity: Record<Severity, number>;
  timeToAcknowledge: DurationStats;
  timeToMitigate: DurationStats;
  timeToResolve: DurationStats;
  acknowledgeSla: SlaCompliance;
  resolveSla: SlaCompliance;
}

export interface TimeBucket {
  start: Date;
  end: Date;
}

export function timeToAcknowledgeMs(i: MetricIncident): number | null {
  return i.acknowledgedAt ? i.acknowledgedAt.getTime() - i.detectedAt.getTime() : null;
}

export function timeToMitigateMs(i: MetricIncident): number | null {
  return i.mitigatedAt ? i.mitigatedAt.getTime() - i.detectedAt.getTime() : null;
}

export function timeToResolveMs(i: MetricIncident): number | null {
  return i.resolvedAt ? i.resolvedAt.getTime() - i.detectedAt.getTime() : null;
}

/** The three durations as stored beside an incident's times, so that SQL sorts and sums numbers, not dates. */
export interface MetricDurations {
  acknowledgeMs: number | null;
  mitigateMs: number | null;
  resolveMs: number | null;
}

/** What an incident's duration columns must hold for these times: set by every write of the times. */
export function metricDurations(
  i: Pick<MetricIncident, 'detectedAt' | 'acknowledgedAt' | 'mitigatedAt' | 'resolvedAt'>,
): MetricDurations {
  const since = (at: Date | null) => (at ? at.getTime() - i.detectedAt.getTime() : null);
  return { acknowledgeMs: since(i.acknowledgedAt), mitigateMs: since(i.mitigatedAt), resolveMs: since(i.resolvedAt) };
}

/** 1-based nearest rank of the p-quantile among n values: ceil(p × n), in integer arithmetic (p in tenths). */
export function nearestRank(tenths: number, n: number): number {
  return Math.floor((tenths * n + 9) / 10);
}

/** Count, mean, median and p90 (nearest rank) of durations in milliseconds. */
export function durationStats(values: readonly number[]): DurationStats {
  if (!values.length) return { count: 0, meanMs: null, medianMs: null, p90Ms: null };
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    meanMs: sum / sorted.length,
    medianMs: sorted[nearestRank(5, sorted.length) - 1],
    p90Ms: sorted[nearestRank(9, sorted.length) - 1],
  };
}

/**
 * Share of clocks that finished by their (inclusive) deadline, among those already decided at `now`. A clock that
 * stopped unfinished (`stoppedAt`: an acknowledge clock when monitoring resolved the incident) is decided, as late,
 * only if its deadline passed before it stopped.
 */
export function slaCompliance(
  clocks: ReadonlyArray<{ doneAt: Date | null; deadline: Date; stoppedAt?: Date | null }>,
  now: Date,
): SlaCompliance {
  let decided = 0;
  let met = 0;
  for (const c of clocks) {
    if (c.doneAt || c.deadline.getTime() < (c.stoppedAt ?? now).getTime()) decided++;
    if (c.doneAt && c.doneAt.getTime() <= c.deadline.getTime()) met++;
  }
  return { decided, met, rate: decided ? met / decided : null };
}

/** Throws VALIDATION unless `zone` is an IANA time zone name. */
export function assertTimeZone(zone: string, field = 'timezone'): string {
  if (!IANAZone.isValidZone(zone))
    throw validationError(field, `${field} must be an IANA time zone such as Europe/Paris or UTC.`);
  return zone;
}

const UNIT = { DAY: 'day', WEEK: 'week', MONTH: 'month' } as const;

/** The instant the bucket containing `at` starts, in `zone` (weeks start on Monday). Correct across DST changes. */
export function bucketStart(at: Date, bucket: MetricBucket, zone: string): Date {
  return DateTime.fromJSDate(at, { zone }).startOf(UNIT[bucket]).toJSDate();
}

/**
 * The buckets covering [from, to): the first is the one containing `from`, each ends where the next starts
 * (a DST day is 23 or 25 hours long). Throws VALIDATION on a bad range or more than MAX_METRIC_BUCKETS.
 */
export function metricBuckets(from: Date, to: Date, bucket: MetricBucket, zone: string): TimeBucket[] {
  assertTimeZone(zone);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw validationError('range', 'range needs two dates.');
  if (to.getTime() <= from.getTime()) throw validationError('range', 'range.to must be after range.from.');
  const out: TimeBucket[] = [];
  let cursor = DateTime.fromJSDate(from, { zone }).startOf(UNIT[bucket]);
  while (cursor.toMillis() < to.getTime()) {
    const next = cursor.plus({ [`${UNIT[bucket]}s`]: 1 }).startOf(UNIT[bucket]);
    out.push({ start: cursor.toJSDate(), end: next.toJSDate() });
    if (out.length > MAX_METRIC_BUCKETS) {
      throw validationError(
        'range',
        `range spans more than ${MAX_METRIC_BUCKETS} ${UNIT[bucket]}s; choose a larger bucket.`,
      );
    }
    cursor = next;
  }
  return out;
}

/** Severity → count, every severity present (zero when none). */
export function emptySeverityCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

/**
 * The reference computation of every incident series, in memory. The server computes the same numbers in SQL;
 * a test holds the two equal on generated data.
 */
export function computeBucketMetrics(
  incidents: readonly MetricIncident[],
  buckets: readonly TimeBucket[],
  now: Date,
): BucketMetrics[] {
  return buckets.map(({ start, end }) => {
    const inside = incidents.filter(
      (i) => i.detectedAt.getTime() >= start.getTime() && i.detectedAt.getTime() < end.getTime(),
    );
    const bySeverity = emptySeverityCounts();
    for (const i of inside) bySeverity[i.severity]++;
    const pick = (f: (i: MetricIncident) => number | null) => inside.map(f).filter((v): v is number => v !== null);
    return {
      start,
      end,
      incidents: inside.length,
      neverAcknowledged: inside.filter((i) => !i.acknowledgedAt && !i.resolvedAt).length,
      autoResolved: inside.filter(isAutoResolved).length,
      bySeverity,
      timeToAcknowledge: durationStats(pick(timeToAcknowledgeMs)),
      timeToMitigate: durationStats(pick(timeToMitigateMs)),
      timeToResolve: durationStats(pick(timeToResolveMs)),
      acknowledgeSla: slaCompliance(
        inside.map((i) => ({ doneAt: i.acknowledgedAt, deadline: i.acknowledgeBy, stoppedAt: i.resolvedAt })),
        now,
      ),
      resolveSla: slaCompliance(
        inside.map((i) => ({ doneAt: i.resolvedAt, deadline: i.resolveBy })),
        now,
      ),
    };
  });
}
