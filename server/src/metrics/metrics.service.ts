import {
  Clock,
  DurationStats,
  MetricBucket,
  SEVERITIES,
  Severity,
  TimeBucket,
  assertTimeZone,
  completionRate,
  metricBuckets,
  requireText,
  validationError,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Topic, VigilPubSub } from '../pubsub/pubsub';
import { IncidentReaction } from '../incidents';
import { Debouncer, Timer, realTimer } from './metrics.debounce';
import {
  MetricFilters,
  actionItemSql,
  bucketIndexSql,
  incidentsInBuckets,
  percentilesByWindowSql,
  postmortemSql,
  seriesByPercentileSql,
  talliesSql,
} from './metrics.sql';
import { MetricsBucketView, MetricsReport } from './metrics.types';

export interface MetricsQuery {
  from: Date;
  to: Date;
  bucket: MetricBucket;
  severity?: Severity | null;
  service?: string | null;
  /** Team ids (already parsed): only incidents with a service one of them owns. */
  teamIds?: number[] | null;
  timezone?: string | null;
}

const MAX_TEAMS = 50;

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * MTTA/MTTR charts computed by the database: on SQLite one aggregate pass over the incidents of the requested
 * buckets (counts, means, SLA, nearest-rank median/p90 by percentile_disc); elsewhere the tallies and a window
 * query for the percentiles, concurrently; plus two small queries driven from the post-mortem and action-item
 * tables. Announces `metricsChanged`, debounced.
 */
export class MetricsService {
  private readonly debouncer: Debouncer;
  /** Whether this SQLite build has percentile_disc (better-sqlite3 compiles it in); asked once. */
  private percentileDisc: Promise<boolean> | null = null;

  constructor(
    private readonly db: Database,
    private readonly pubSub: VigilPubSub,
    private readonly clock: Clock,
    timer: Timer = realTimer,
    debounceMs = 1000,
  ) {
    this.debouncer = new Debouncer(
      () => this.pubSub.publish(Topic.METRICS_CHANGED, { at: this.clock.now().toISOString() }),
      clock,
      timer,
      debounceMs,
      debounceMs * 5,
    );
  }

  /** The reaction: pokes the debounced `metricsChanged` after any incident change that moves a metric. */
  readonly recountOnChange: IncidentReaction = {
    name: 'metrics.recount',
    react: async ({ incident: i, before: b, uow }) => {
      const moved =
        !b ||
        b.status !== i.status ||
        b.severity !== i.severity ||
        String(b.acknowledgedAt) !== String(i.acknowledgedAt) ||
        String(b.resolvedAt) !== String(i.resolvedAt);
      if (moved) uow.afterCommit(() => this.changed());
    },
  };

  /** Something that feeds the charts changed (after commit). */
  changed(): void {
    this.debouncer.poke();
  }

  /** Fires a pending `metricsChanged` now (tests, shutdown). */
  flush(): void {
    this.debouncer.flush();
  }

  stop(): void {
    this.debouncer.stop();
  }

  /** Per-bucket series for the wall's charts. */
  async metrics(q: MetricsQuery): Promise<MetricsReport> {
    const timezone = assertTimeZone(q.timezone?.trim() || 'UTC');
    const service = q.service === null || q.service === undefined ? null : requireText('service', q.service, 1, 100);
    const buckets = metricBuckets(q.from, q.to, q.bucket, timezone);
    const now = this.clock.now();
    if (q.teamIds && q.teamIds.length > MAX_TEAMS)
      throw validationError('teamIds', `teamIds may list at most ${MAX_TEAMS} teams.`);
    const filters: MetricFilters = { severity: q.severity ?? null, service, teamIds: q.teamIds ?? null };
    const views = buckets.map((b) => emptyBucket(b));
    const kind = this.db.kind;
    const run = async (sql: { text: string; params: unknown[] }): Promise<Row[]> =>
      this.db.dataSource.query(sql.text, sql.params);

    const bucketIndex = bucketIndexSql(buckets);
    const plain = incidentsInBuckets(buckets, filters);
    const stats = (r: Row, c: string): DurationStats => {
      const count = num(r[`${c}N`]);
      return count
        ? { count, meanMs: num(r[`${c}Sum`]) / count, medianMs: num(r[`${c}Median`]), p90Ms: num(r[`${c}P90`]) }
        : mean(0, 0);
    };
    const series = async (): Promise<Row[]> => {
      if (await this.hasPercentileDisc()) return run(seriesByPercentileSql(buckets, filters, now));
      const [tallies, percentiles] = await Promise.all([
        run(talliesSql(bucketIndex, plain, now, !filters.severity)),
        run(percentilesByWindowSql(kind, bucketIndex, plain)),
      ]);
      const byBucket = new Map(percentiles.map((p) => [num(p.b), p]));
      return tallies.map((t) => ({ ...byBucket.get(num(t.b)), ...t }));
    };
    const [rows, pms, items] = await Promise.all([
      series(),
      run(postmortemSql(kind, bucketIndex, plain, now)),
      run(actionItemSql(kind, bucketIndex, plain)),
    ]);
    for (const r of rows) {
      const v = views[num(r.b)];
      v.incidents = num(r.incidents);
      v.autoResolved = num(r.autoResolved);
      v.neverAcknowledged = v.incidents - num(r.aN) - v.autoResolved;
      // One severity asked for: every incident of the bucket is of it, and the SQL skipped the four counts.
      v.bySeverity = SEVERITIES.map((s) => ({
        severity: s,
        count: filters.severity ? (s === filters.severity ? v.incidents : 0) : num(r[`sev${s}`]),
      }));
      v.timeToAcknowledge = stats(r, 'a');
      v.timeToMitigate = stats(r, 'm');
      v.timeToResolve = stats(r, 'r');
      // Decided = finished (counted by aN / rN) + unfinished past the deadline.
      v.acknowledgeSla = share(num(r.ackMet), num(r.aN) + num(r.ackLate));
      v.resolveSla = share(num(r.resMet), num(r.rN) + num(r.resLate));
    }
    for (const r of pms) {
      const pm = share(num(r.pmOnTime), num(r.pmDecided));
      views[num(r.b)].postmortems = { total: num(r.pmTotal), decided: pm.decided, onTime: pm.met, rate: pm.rate };
    }
    for (const r of items) {
      views[num(r.b)].actionItems = completionRate({ total: num(r.total), done: num(r.done), wontDo: num(r.wontDo) });
    }
    return {
      from: q.from,
      to: q.to,
      bucket: q.bucket,
      timezone,
      severity: q.severity ?? null,
      service,
      teamIds: (q.teamIds ?? []).map(String),
      generatedAt: now,
      buckets: views,
    };
  }

  /** Tests force the window strategy on SQLite with `false`. */
  usePercentileDisc(enabled: boolean): void {
    this.percentileDisc = Promise.resolve(enabled && this.db.kind === 'sqlite');
  }

  private hasPercentileDisc(): Promise<boolean> {
    this.percentileDisc ??=
      this.db.kind !== 'sqlite'
        ? Promise.resolve(false)
        : this.db.dataSource.query('SELECT percentile_disc(1, 0.5) AS p').then(
            () => true,
            () => false,
          );
    return this.percentileDisc;
  }
}

function mean(count: number, sum: number): DurationStats {
  return { count, meanMs: count ? sum / count : null, medianMs: null, p90Ms: null };
}

function share(met: number, decided: number) {
  return { decided, met, rate: decided ? met / decided : null };
}

function emptyBucket(b: TimeBucket): MetricsBucketView {
  return {
    start: b.start,
    end: b.end,
    incidents: 0,
    neverAcknowledged: 0,
    autoResolved: 0,
    bySeverity: SEVERITIES.map((s) => ({ severity: s, count: 0 })),
    timeToAcknowledge: mean(0, 0),
    timeToMitigate: mean(0, 0),
    timeToResolve: mean(0, 0),
    acknowledgeSla: share(0, 0),
    resolveSla: share(0, 0),
    postmortems: { total: 0, decided: 0, onTime: 0, rate: null },
    actionItems: completionRate({ total: 0, done: 0, wontDo: 0 }),
  };
}
