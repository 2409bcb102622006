import { Severity } from '@vigil/shared';

interface Stats {
  count: number;
  meanMs: number | null;
  p90Ms: number | null;
}
interface Compliance {
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

const MINUTES: DurationUnit = { label: 'min', ms: 60_000 };
const HOURS: DurationUnit = { label: 'h', ms: 3_600_000 };

/** P0 and P1 are read in minutes, P2 and P3 in hours: the unit each severity's SLA is written in. */
export function severityUnit(severity: Severity): DurationUnit {
  return severity === 'P0' || severity === 'P1' ? MINUTES : HOURS;
}

/** One bucket of one severity's chart, in its unit; null where nothing finished (a gap, never a zero). */
interface SeverityPoint {
  label: string;
  mean: number | null;
  p90: number | null;
}

export interface SeverityChart {
  severity: Severity;
  unit: DurationUnit;
  points: SeverityPoint[];
  /** The SLA target in the unit. */
  target: number;
  /** The y axis' top: the target and every value fit under it, so the target line is always on the chart. */
  yMax: number;
  /** The count-weighted mean over the whole window, in ms; null when nothing finished. */
  meanMs: number | null;
}

/** One severity's MTTA or MTTR chart: its own scale and unit, mean and p90 per bucket, and its SLA target. */
export function severityChart(
  severity: Severity,
  buckets: MetricBucket[],
  metric: DurationMetric,
  targetMs: number,
): SeverityChart {
  const unit = severityUnit(severity);
  const inUnit = (ms: number | null) => (ms === null ? null : Math.round((ms / unit.ms) * 10) / 10);
  const points = buckets.map((b) => ({
    label: bucketLabel(b.start),
    mean: b[metric].count ? inUnit(b[metric].meanMs) : null,
    p90: b[metric].count ? inUnit(b[metric].p90Ms) : null,
  }));
  const target = inUnit(targetMs)!;
  const highest = Math.max(target, ...points.flatMap((p) => [p.mean ?? 0, p.p90 ?? 0]));
  const n = buckets.reduce((sum, b) => sum + (b[metric].meanMs === null ? 0 : b[metric].count), 0);
  const meanMs = n ? buckets.reduce((sum, b) => sum + (b[metric].meanMs ?? 0) * b[metric].count, 0) / n : null;
  return { severity, unit, points, target, yMax: niceCeiling(highest * 1.1), meanMs };
}

/** The next 1, 2 or 5 × 10^k at or above `value`: axis ends a reader does not have to decode. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= value - 1e-9)!;
  return step * magnitude;
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
