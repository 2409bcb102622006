import {
  Clock, DurationStats, MetricBucket, SEVERITIES, Severity, TimeBucket, assertTimeZone, completionRate, metricBuckets,
  requireText,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Topic, VigilPubSub } from '../graphql/pubsub';
import { IncidentService } from '../incidents/incident.service';
import { Debouncer, Timer, realTimer } from './metrics.debounce';
import { DurationColumn, MetricFilters, actionItemSql, aggregateSql, bucketIndexSql, incidentsInBuckets, percentileSql } from './metrics.sql';
import { MetricsBucketView, MetricsReport } from './metrics.types';

export interface MetricsQuery {
  from: Date;
  to: Date;
  bucket: MetricBucket;
  severity?: Severity | null;
  service?: string | null;
  timezone?: string | null;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * MTTA/MTTR charts computed by the database: one aggregate query, one percentile query per duration and one for
 * action items, each over the incidents of the requested buckets only. Announces `metricsChanged`, debounced.
 */
export class MetricsService {
  private readonly debouncer: Debouncer;

  constructor(
    private readonly db: Database,
    private readonly pubSub: VigilPubSub,
    private readonly clock: Clock,
    timer: Timer = realTimer,
    debounceMs = 1000,
  ) {
    this.debouncer = new Debouncer(
      () => this.pubSub.publish(Topic.METRICS_CHANGED, { at: this.clock.now().toISOString() }),
      clock, timer, debounceMs, debounceMs * 5,
    );
  }

  /** Pokes the debounced `metricsChanged` after any incident change that moves a metric. */
  watch(incidents: IncidentService): void {
    incidents.addHook(async ({ incident: i, before: b, afterCommit }) => {
      const moved = !b || b.status !== i.status || b.severity !== i.severity
        || String(b.acknowledgedAt) !== String(i.acknowledgedAt) || String(b.resolvedAt) !== String(i.resolvedAt);
      if (moved) afterCommit.push(() => this.changed());
    });
  }

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
    const filters: MetricFilters = { severity: q.severity ?? null, service };
    const views = buckets.map((b) => emptyBucket(b));
    const kind = this.db.kind;
    const run = async (sql: { text: string; params: unknown[] }): Promise<Row[]> => this.db.dataSource.query(sql.text, sql.params);

    const bucketIndex = bucketIndexSql(buckets);
    const withPm = incidentsInBuckets(buckets, filters, 'LEFT JOIN postmortem p ON p.incidentId = i.id');
    for (const r of await run(aggregateSql(kind, bucketIndex, withPm, now))) {
      const v = views[num(r.b)];
      v.incidents = num(r.incidents);
      v.neverAcknowledged = num(r.neverAck);
      v.bySeverity = SEVERITIES.map((s) => ({ severity: s, count: num(r[`sev${s}`]) }));
      v.timeToAcknowledge = mean(num(r.ackN), num(r.ackSum));
      v.timeToMitigate = mean(num(r.mitN), num(r.mitSum));
      v.timeToResolve = mean(num(r.resN), num(r.resSum));
      v.acknowledgeSla = share(num(r.ackMet), num(r.ackDecided));
      v.resolveSla = share(num(r.resMet), num(r.resDecided));
      const pm = share(num(r.pmOnTime), num(r.pmDecided));
      v.postmortems = { total: num(r.pmTotal), decided: pm.decided, onTime: pm.met, rate: pm.rate };
    }
    const plain = incidentsInBuckets(buckets, filters);
    const series: Array<[DurationColumn, 'timeToAcknowledge' | 'timeToMitigate' | 'timeToResolve']> = [
      ['acknowledgedAt', 'timeToAcknowledge'], ['mitigatedAt', 'timeToMitigate'], ['resolvedAt', 'timeToResolve'],
    ];
    for (const [col, key] of series) {
      for (const r of await run(percentileSql(kind, col, bucketIndex, plain))) {
        const stats = views[num(r.b)][key];
        const n = num(r.n);
        const rn = num(r.rn);
        if (rn === Math.floor((5 * n + 9) / 10)) stats.medianMs = num(r.d);
        if (rn === Math.floor((9 * n + 9) / 10)) stats.p90Ms = num(r.d);
      }
    }
    const items = incidentsInBuckets(buckets, filters, 'JOIN postmortem p ON p.incidentId = i.id JOIN action_item a ON a.postmortemId = p.id');
    for (const r of await run(actionItemSql(bucketIndex, items))) {
      views[num(r.b)].actionItems = completionRate({ total: num(r.total), done: num(r.done), wontDo: num(r.wontDo) });
    }
    return { from: q.from, to: q.to, bucket: q.bucket, timezone, severity: q.severity ?? null, service, generatedAt: now, buckets: views };
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
    start: b.start, end: b.end, incidents: 0, neverAcknowledged: 0,
    bySeverity: SEVERITIES.map((s) => ({ severity: s, count: 0 })),
    timeToAcknowledge: mean(0, 0), timeToMitigate: mean(0, 0), timeToResolve: mean(0, 0),
    acknowledgeSla: share(0, 0), resolveSla: share(0, 0),
    postmortems: { total: 0, decided: 0, onTime: 0, rate: null },
    actionItems: completionRate({ total: 0, done: 0, wontDo: 0 }),
  };
}
