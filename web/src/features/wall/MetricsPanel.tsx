import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { SEVERITIES, Severity, formatDuration } from '@vigil/shared';
import {
  DurationMetric,
  MetricBucket,
  MetricsBySeverity,
  metricsRange,
  percent,
  severityChart,
  windowSummary,
} from './metricsModel';
import { WALL_METRICS, WALL_METRICS_CHANGED, WALL_SEVERITY_TARGETS, WALL_TEAMS } from './wall.graphql';
import { useRem } from './useRem';
import { WallConfig, wallTeamIds } from './wallConfig';

const SEVERITY_COLORS = { P0: '#ff3b3b', P1: '#ff9f1a', P2: '#ffd43b', P3: '#5c9dff' } as const;

/**
 * MTTA and MTTR over the configured window: one small chart per severity and metric, each on its own scale (a slow
 * P3 no longer flattens the P0s), with its SLA target, the mean and the p90; and SLA compliance.
 */
export function MetricsPanel({ config, generation }: { config: WallConfig; generation: number }) {
  const range = useMemo(() => metricsRange(config.metricsWindow, new Date()), [config.metricsWindow]);
  // metrics takes one service: a wall filtered to exactly one shows its numbers, otherwise the whole estate.
  const service = config.services.length === 1 ? config.services[0] : null;
  // A team wall's charts are its teams' numbers: the team words of the URL (or token) become ids first.
  const teamWall = config.teams.length > 0;
  const teamList = useQuery(WALL_TEAMS, { skip: !teamWall });
  const teamIds = teamWall ? wallTeamIds(config.teams, teamList.data?.teams ?? []) : null;
  const variables = {
    range: { from: range.from, to: range.to },
    bucket: range.bucket,
    service,
    timezone: 'UTC',
    teamIds,
  };
  const options = { fetchPolicy: 'network-only', skip: teamWall && !teamList.data } as const;
  // One query per severity: together they would exceed the server's query cost limit.
  const all = useQuery(WALL_METRICS, { variables, ...options });
  const p0 = useQuery(WALL_METRICS, { variables: { ...variables, severity: 'P0' }, ...options });
  const p1 = useQuery(WALL_METRICS, { variables: { ...variables, severity: 'P1' }, ...options });
  const p2 = useQuery(WALL_METRICS, { variables: { ...variables, severity: 'P2' }, ...options });
  const p3 = useQuery(WALL_METRICS, { variables: { ...variables, severity: 'P3' }, ...options });
  const queries = [all, p0, p1, p2, p3];
  const refetch = () => queries.forEach((q) => void q.refetch());
  useSubscription(WALL_METRICS_CHANGED, { onData: refetch });
  useEffect(() => {
    if (generation > 1) refetch();
  }, [generation]); // only a reconnect triggers this; refetch is a new function every render

  const [a, b0, b1, b2, b3] = queries.map((q) => q.data?.metrics);
  const report: MetricsBySeverity | undefined =
    a && b0 && b1 && b2 && b3 ? { all: a, p0: b0, p1: b1, p2: b2, p3: b3 } : undefined;
  const summary = report ? windowSummary(report.all.buckets) : null;
  const policies = useQuery(WALL_SEVERITY_TARGETS, { fetchPolicy: 'cache-first' });
  const targets = useMemo(() => {
    const list = policies.data?.severityPolicies;
    if (!list) return null;
    return Object.fromEntries(
      list.map((p) => [p.severity, { timeToAcknowledge: p.responseWithinMs, timeToResolve: p.resolutionWithinMs }]),
    ) as Record<Severity, Record<DurationMetric, number>>;
  }, [policies.data]);
  const rem = useRem();
  return (
    <section className="panel metrics" aria-label="Metrics" data-testid="metrics-panel">
      <h2>
        Last {config.metricsWindow} days{service ? ` · ${service}` : ''}
        {teamWall ? ` · ${config.teams.map((t) => `team ${t}`).join(', ')}` : ''}
        {summary && (
          <span className="muted">
            {' '}
            · {summary.incidents} {summary.incidents === 1 ? 'incident' : 'incidents'}
          </span>
        )}
      </h2>
      {summary && (
        <div className="kpis" data-testid="metrics-kpis">
          <Kpi label="MTTA" value={summary.mttaMs === null ? '–' : formatDuration(summary.mttaMs)} />
          <Kpi label="MTTR" value={summary.mttrMs === null ? '–' : formatDuration(summary.mttrMs)} />
          <Kpi
            label="Ack SLA"
            value={percent(summary.acknowledgeSla)}
            bad={summary.acknowledgeSla !== null && summary.acknowledgeSla < 0.9}
          />
          <Kpi
            label="Resolve SLA"
            value={percent(summary.resolveSla)}
            bad={summary.resolveSla !== null && summary.resolveSla < 0.9}
          />
          <span className="chart-key muted">● mean ○ p90 ┄ SLA</span>
        </div>
      )}
      {report && targets && (
        <div className="charts">
          {(['timeToAcknowledge', 'timeToResolve'] as const).map((metric) =>
            SEVERITIES.map((severity) => (
              <SeverityDurationChart
                key={`${metric}-${severity}`}
                severity={severity}
                metric={metric}
                buckets={report[severity.toLowerCase() as 'p0'].buckets}
                targetMs={targets[severity][metric]}
                rem={rem}
              />
            )),
          )}
        </div>
      )}
    </section>
  );
}

function Kpi({ label, value, bad }: { label: string; value: string; bad?: boolean }) {
  return (
    <div className={`kpi${bad ? ' kpi-bad' : ''}`}>
      <small>{label}</small>
      <b>{value}</b>
    </div>
  );
}

const TITLES: Record<DurationMetric, string> = { timeToAcknowledge: 'MTTA', timeToResolve: 'MTTR' };

/** One severity, one metric: its own scale and unit, the mean and the p90 per bucket, the SLA target as a line. */
function SeverityDurationChart({
  severity,
  metric,
  buckets,
  targetMs,
  rem,
}: {
  severity: Severity;
  metric: DurationMetric;
  buckets: MetricBucket[];
  targetMs: number;
  rem: number;
}) {
  const chart = useMemo(
    () => severityChart(severity, buckets, metric, targetMs),
    [severity, buckets, metric, targetMs],
  );
  const title = TITLES[metric];
  const color = SEVERITY_COLORS[severity];
  const tick = { fontSize: 0.75 * rem, fill: '#8a94a7' };
  return (
    <figure className="chart" data-testid={`chart-${title.toLowerCase()}-${severity}`}>
      <figcaption>
        <b className={`sev-text-${severity}`}>{severity}</b> {title}{' '}
        <span data-testid="chart-mean">{chart.meanMs === null ? '–' : formatDuration(chart.meanMs)}</span>
        <span className="chart-unit"> · {chart.unit.label}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={chart.points} margin={{ top: 0.3 * rem, right: 0.4 * rem, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#263042" vertical={false} />
          <XAxis dataKey="label" stroke="#8a94a7" tick={tick} interval="preserveStartEnd" minTickGap={2 * rem} />
          <YAxis
            stroke="#8a94a7"
            tick={tick}
            width={2.6 * rem}
            domain={[0, chart.yMax]}
            ticks={[0, chart.yMax / 2, chart.yMax]}
          />
          <ReferenceLine
            y={chart.target}
            stroke="#ff6b6b"
            strokeDasharray="2 3"
            ifOverflow="extendDomain"
            label={{
              value: `SLA ${chart.target} ${chart.unit.label}`,
              position: 'insideTopRight',
              fill: '#ff9b9b',
              fontSize: 0.7 * rem,
            }}
          />
          {/* connectNulls off: a bucket where nothing finished is a gap, not a zero; lone points show as dots. */}
          <Line
            dataKey="mean"
            name="mean"
            stroke={color}
            strokeWidth={0.15 * rem}
            dot={{ r: 0.22 * rem, fill: color }}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="p90"
            name="p90"
            stroke={color}
            strokeOpacity={0.6}
            strokeDasharray="4 3"
            strokeWidth={0.1 * rem}
            dot={{ r: 0.2 * rem, fill: 'none', stroke: color, strokeDasharray: '' }}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
