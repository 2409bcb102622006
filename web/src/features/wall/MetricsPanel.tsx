import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SEVERITIES, formatDuration } from '@vigil/shared';
import {
  DurationMetric,
  MetricsBySeverity,
  SeriesPoint,
  durationSeries,
  metricsRange,
  percent,
  windowSummary,
} from './metricsModel';
import { WALL_METRICS, WALL_METRICS_CHANGED, WALL_TEAMS } from './wall.graphql';
import { WallConfig, wallTeamIds } from './wallConfig';

const SEVERITY_COLORS = { P0: '#ff3b3b', P1: '#ff9f1a', P2: '#ffd43b', P3: '#5c9dff' } as const;

/** MTTA and MTTR by severity (mean) with the overall p90, and SLA compliance, over the configured window. */
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
        </div>
      )}
      {report && (
        <div className="charts">
          <DurationChart report={report} metric="timeToAcknowledge" title="MTTA" />
          <DurationChart report={report} metric="timeToResolve" title="MTTR" />
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

function DurationChart({
  report,
  metric,
  title,
}: {
  report: MetricsBySeverity;
  metric: DurationMetric;
  title: string;
}) {
  const { points, unit } = useMemo(() => durationSeries(report, metric), [report, metric]);
  return (
    <figure className="chart" data-testid={`chart-${title.toLowerCase()}`}>
      <figcaption>
        {title} mean by severity, p90 dashed ({unit.label})
      </figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="#263042" vertical={false} />
          <XAxis dataKey="label" stroke="#8a94a7" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis stroke="#8a94a7" tick={{ fontSize: 12 }} allowDecimals={false} />
          <Tooltip contentStyle={{ background: '#141924', border: '1px solid #263042' }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {SEVERITIES.map((s) => (
            <Line
              key={s}
              type="monotone"
              dataKey={s satisfies keyof SeriesPoint}
              stroke={SEVERITY_COLORS[s]}
              strokeWidth={2}
              dot={{ r: 2 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          <Line
            type="monotone"
            dataKey="p90"
            name="p90 (all)"
            stroke="#e8ecf3"
            strokeDasharray="5 4"
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
