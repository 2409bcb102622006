import { SEVERITIES, Severity } from '@vigil/shared';

export interface Stats {
  count: number;
  meanMs: number | null;
  p90Ms: number | null;
}
export interface Compliance {
  decided: number;
  met: number;
}
export interface MetricBucket {
  start: string;
  incidents: number;
  timeToAcknowledge: Stats;
  timeToResolve: Stats;
  acknowledgeSla: Compliance;
  resolveSla: Compliance;
}
/** The five reports the wall asks for: every severity together, then each one. */
export type MetricsBySeverity = { all: { buckets: MetricBucket[] } } & Record<
  'p0' | 'p1' | 'p2' | 'p3',
  { buckets: MetricBucket[] }
>;
export type DurationMetric = 'timeToAcknowledge' | 'timeToResolve';

export interface DurationUnit {
  label: 'min' | 'h';
  ms: number;
}

/** One chart point per bucket: each severity's mean and the overall p90, in `unit`; null where nothing happened. */
export type SeriesPoint = { label: string; p90: number | null } & Record<Severity, number | null>;

/** Minutes while every value fits in two hours, hours beyond: numbers a room can read. */
export function durationUnit(values: Array<number | null>): DurationUnit {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  return max <= 2 * 3_600_000 ? { label: 'min', ms: 60_000 } : { label: 'h', ms: 3_600_000 };
}

/** Shapes the five reports into chart points for MTTA or MTTR. */
export function durationSeries(
  report: MetricsBySeverity,
  metric: DurationMetric,
): { points: SeriesPoint[]; unit: DurationUnit } {
  const all = report.all.buckets;
  const bySev = (s: Severity) => report[s.toLowerCase() as 'p0'].buckets;
  const raw = SEVERITIES.flatMap((s) => bySev(s).map((b) => b[metric].meanMs)).concat(all.map((b) => b[metric].p90Ms));
  const unit = durationUnit(raw);
  const inUnit = (ms: number | null | undefined) =>
    ms === null || ms === undefined ? null : Math.round((ms / unit.ms) * 10) / 10;
  const points = all.map((b, i) => {
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, inUnit(bySev(s)[i]?.[metric].meanMs)])) as Record<
      Severity,
      number | null
    >;
    const point: SeriesPoint = { label: bucketLabel(b.start), p90: inUnit(b[metric].p90Ms), ...bySeverity };
    return point;
  });
  return { points, unit };
}

export interface WindowSummary {
  incidents: number;
  /** Count-weighted across buckets: the exact mean over the whole window. */
  mttaMs: number | null;
  mttrMs: number | null;
  /** 0–1, null when no clock was decided. */
  acknowledgeSla: number | null;
  resolveSla: number | null;
}

/** Totals over the window: exact means and SLA compliance from the per-bucket counts. */
export function windowSummary(buckets: MetricBucket[]): WindowSummary {
  const mean = (metric: DurationMetric) => {
    const n = buckets.reduce((sum, b) => sum + (b[metric].meanMs === null ? 0 : b[metric].count), 0);
    return n ? buckets.reduce((sum, b) => sum + (b[metric].meanMs ?? 0) * b[metric].count, 0) / n : null;
  };
  const rate = (key: 'acknowledgeSla' | 'resolveSla') => {
    const decided = buckets.reduce((s, b) => s + b[key].decided, 0);
    return decided ? buckets.reduce((s, b) => s + b[key].met, 0) / decided : null;
  };
  return {
    incidents: buckets.reduce((s, b) => s + b.incidents, 0),
    mttaMs: mean('timeToAcknowledge'),
    mttrMs: mean('timeToResolve'),
    acknowledgeSla: rate('acknowledgeSla'),
    resolveSla: rate('resolveSla'),
  };
}

/** The query window: `days` whole UTC days ending with today, and the bucket that keeps a chart readable. */
export function metricsRange(days: number, now: Date): { from: string; to: string; bucket: 'DAY' | 'WEEK' } {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return {
    from: new Date(end - days * 86_400_000).toISOString(),
    to: new Date(end).toISOString(),
    bucket: days > 31 ? 'WEEK' : 'DAY',
  };
}

/** "93%", or an en dash when nothing was decided. */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.floor(rate * 100)}%`;
}

function bucketLabel(startIso: string): string {
  return startIso.slice(5, 10);
}
