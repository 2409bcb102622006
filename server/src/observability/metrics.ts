import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../db/data-source';

/*
 * Vigil's Prometheus metrics: one registry per server (several servers share a test process, so nothing here is
 * module-global), and small typed observers handed to the features, which never see prom-client itself.
 * Names follow Prometheus conventions: `vigil_…_total` counters, `vigil_…_seconds` durations; every label has a
 * bounded set of values.
 */

/** What ingestion did with one event, or with a request it refused or shed. */
export type IngestOutcomeLabel =
  'opened' | 'repeat' | 'acknowledged' | 'resolved' | 'ignored' | 'refused' | 'unavailable' | 'shed';

export interface AlertObserver {
  /** `integration` is the integration kind (PAGERDUTY_EVENTS_V2, ALERTMANAGER, GRAFANA, GENERIC_WEBHOOK). */
  ingested(integration: string, outcome: IngestOutcomeLabel, count?: number): void;
}

export interface DeliveryObserver {
  /** One delivery attempt's outcome; `reason` from deliveryReason (a bounded word), 'none' for a success. */
  attempt(channel: string, page: boolean, outcome: 'sent' | 'retry' | 'failed' | 'skipped', reason: string): void;
  /** A page delivered: from its first attempt starting to the channel accepting it. */
  pageDelivered(channel: string, seconds: number): void;
  /** An incident opened by an alert got its first page attempt, this long after Vigil recorded the alert. */
  firstPage(seconds: number): void;
}

export interface EscalationObserver {
  /** A level fired by the timer, this long after it was due. */
  levelFired(lagSeconds: number): void;
}

export interface JobObserver {
  /** One pass of a timer job: how many rows it claimed (0 when it does not say), whether it failed, how long it took. */
  pass(job: string, claimed: number, failed: boolean, seconds: number): void;
}

export interface GraphqlObserver {
  /**
   * One GraphQL operation over HTTP. `name` is already bounded by the caller: a trusted document's operation name,
   * else 'other' (a name of the caller's own) or 'anonymous'.
   */
  operation(name: string, type: string, outcome: 'ok' | 'error', seconds: number): void;
}

/** Values read when Prometheus scrapes (a cheap query, a count in memory): null leaves the gauge out. */
export interface ScrapeProbes {
  /** Outbox rows due and not sent, rows being sent, and the due time of the oldest row waiting. */
  outbox(): Promise<{ due: number; sending: number; oldestDueAt: Date | null }>;
  now(): Date;
  /** Open graphql-ws connections. */
  websockets(): number;
  /** Open GraphQL subscriptions, and the shared streams that serve them. */
  subscriptions(): { open: number; streams: number };
  /** The database's connection pools (none on SQLite). */
  pools(): PoolStats[];
  /** Redis fan-out connected (true/false), or null when Vigil runs without Redis. */
  redisConnected(): boolean | null;
}

export interface VigilMetrics {
  alerts: AlertObserver;
  delivery: DeliveryObserver;
  escalation: EscalationObserver;
  jobs: JobObserver;
  graphql: GraphqlObserver;
  /** Counts answers with status 503 (shed load, draining, unavailable), by a bounded route group. */
  shed(path: string): void;
  /** Sets the probes the scrape reads (once the server's parts exist). */
  useProbes(probes: ScrapeProbes): void;
  /** The exposition text, after reading the probes. */
  scrape(): Promise<string>;
  readonly contentType: string;
}

/** Observers that record nothing: for code built outside a server (tests of one class, scripts). */
export const NO_METRICS: Pick<VigilMetrics, 'alerts' | 'delivery' | 'escalation' | 'jobs' | 'graphql' | 'shed'> = {
  alerts: { ingested: () => undefined },
  delivery: { attempt: () => undefined, pageDelivered: () => undefined, firstPage: () => undefined },
  escalation: { levelFired: () => undefined },
  jobs: { pass: () => undefined },
  graphql: { operation: () => undefined },
  shed: () => undefined,
};

/** Seconds, from a page's 50 ms to escalation's quarter hour. */
const PAGING_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900];
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route group of a request path, for the shed counter (never the path itself: ids and keys would leak in). */
function routeGroup(path: string): string {
  if (path === '/graphql' || path.startsWith('/graphql/')) return 'graphql';
  if (/^\/(v2\/|api\/integrations\/|api\/deployments|api\/heartbeats\/)/.test(path)) return 'ingest';
  if (/^\/(status|api\/status)/.test(path)) return 'status';
  return 'other';
}

/** A registry of its own with the default process metrics and Vigil's paging-path metrics. */
export function createMetrics(): VigilMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client's totals of its per-type gauges are gauges named `_total`, which promtool (rightly) reports as a
  // convention violation; `sum(nodejs_active_handles)` and the like give the same numbers.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
    registry.removeSingleMetric(name);
  const registers = [registry];

  const ingested = new Counter({
    name: 'vigil_alerts_ingested_total',
    help: 'Alert events received, by integration kind and what ingestion did (opened, repeat, acknowledged, resolved, ignored; refused, unavailable, shed requests)',
    labelNames: ['integration', 'outcome'],
    registers,
  });
  const attempts = new Counter({
    name: 'vigil_notification_attempts_total',
    help: 'Notification delivery attempts, by channel, kind (page or notice), outcome and a bounded reason',
    labelNames: ['channel', 'kind', 'outcome', 'reason'],
    registers,
  });
  const pageDelivery = new Histogram({
    name: 'vigil_page_delivery_seconds',
    help: "Seconds from a page's first delivery attempt to the channel accepting it, by channel",
    labelNames: ['channel'],
    buckets: PAGING_BUCKETS,
    registers,
  });
  const firstPage = new Histogram({
    name: 'vigil_alert_to_first_page_seconds',
    help: 'Seconds from Vigil recording an alert that opened an incident to the first page attempt for it',
    buckets: PAGING_BUCKETS,
    registers,
  });
  const escalationLag = new Histogram({
    name: 'vigil_escalation_lag_seconds',
    help: 'Seconds past its due time when the escalation timer fired a level',
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  const jobRuns = new Counter({
    name: 'vigil_job_runs_total',
    help: 'Passes of each timer job, by timer (escalation, notifications, heartbeats, postmortem-overdue)',
    labelNames: ['timer'],
    registers,
  });
  const jobFailures = new Counter({
    name: 'vigil_job_failures_total',
    help: 'Passes of each timer job that failed',
    labelNames: ['timer'],
    registers,
  });
  const jobClaimed = new Counter({
    name: 'vigil_job_claimed_total',
    help: 'Rows claimed by each timer job (notifications claimed, escalation levels fired, heartbeats and post-mortems found due)',
    labelNames: ['timer'],
    registers,
  });
  const jobDuration = new Histogram({
    name: 'vigil_job_duration_seconds',
    help: 'Seconds one pass of a timer job took',
    labelNames: ['timer'],
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const shed = new Counter({
    name: 'vigil_http_unavailable_total',
    help: 'HTTP answers 503 with Retry-After (load shed, shutting down, database unavailable), by route group',
    labelNames: ['route'],
    registers,
  });
  const graphqlOps = new Counter({
    name: 'vigil_graphql_operations_total',
    help: "GraphQL operations over HTTP by operation name (the web app's trusted documents; other, anonymous), type and outcome",
    labelNames: ['operation', 'type', 'outcome'],
    registers,
  });
  const graphqlSeconds = new Histogram({
    name: 'vigil_graphql_operation_duration_seconds',
    help: 'Seconds a GraphQL operation over HTTP took, by operation name and type',
    labelNames: ['operation', 'type'],
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const outboxDue = new Gauge({
    name: 'vigil_outbox_due_notifications',
    help: 'Outbox rows due for delivery and not yet sent (counted up to 100000)',
    registers,
  });
  const outboxSending = new Gauge({
    name: 'vigil_outbox_sending_notifications',
    help: 'Outbox rows being sent under a lease',
    registers,
  });
  const outboxOldest = new Gauge({
    name: 'vigil_outbox_oldest_due_age_seconds',
    help: 'Seconds the oldest due outbox row has been waiting (0 when none is due)',
    registers,
  });
  const websockets = new Gauge({
    name: 'vigil_websocket_connections',
    help: 'Open GraphQL WebSocket connections',
    registers,
  });
  const subscriptions = new Gauge({
    name: 'vigil_graphql_subscriptions',
    help: 'Open GraphQL subscriptions over WebSocket',
    registers,
  });
  const subscriptionStreams = new Gauge({
    name: 'vigil_graphql_subscription_streams',
    help: 'Shared subscription streams (subscribers with the same view and document share one)',
    registers,
  });
  let pools: { connections: Gauge; waiting: Gauge; max: Gauge } | null = null;
  let redis: Gauge | null = null;
  let probes: ScrapeProbes | null = null;

  return {
    contentType: registry.contentType,
    alerts: { ingested: (integration, outcome, count = 1) => ingested.inc({ integration, outcome }, count) },
    delivery: {
      attempt: (channel, page, outcome, reason) =>
        attempts.inc({ channel, kind: page ? 'page' : 'notice', outcome, reason }),
      pageDelivered: (channel, seconds) => pageDelivery.observe({ channel }, Math.max(0, seconds)),
      firstPage: (seconds) => firstPage.observe(Math.max(0, seconds)),
    },
    escalation: { levelFired: (lag) => escalationLag.observe(Math.max(0, lag)) },
    jobs: {
      pass: (job, claimed, failed, seconds) => {
        // `timer`, not `job`: Prometheus's own `job` target label would rename ours to `exported_job`.
        jobRuns.inc({ timer: job });
        if (failed) jobFailures.inc({ timer: job });
        jobClaimed.inc({ timer: job }, claimed);
        jobDuration.observe({ timer: job }, seconds);
      },
    },
    graphql: {
      operation: (operation, type, outcome, seconds) => {
        graphqlOps.inc({ operation, type, outcome });
        graphqlSeconds.observe({ operation, type }, seconds);
      },
    },
    shed: (path) => shed.inc({ route: routeGroup(path) }),
    useProbes(p) {
      probes = p;
      // Only a Vigil that runs with Redis has a Redis connection to report: 0 would read as "down" otherwise.
      // SQLite has no pool: only a server with one reports it.
      if (p.pools().length)
        pools ??= {
          connections: new Gauge({
            name: 'vigil_db_pool_connections',
            help: 'Database connections of a pool, lent out (in_use) or idle',
            labelNames: ['pool', 'state'],
            registers,
          }),
          waiting: new Gauge({
            name: 'vigil_db_pool_waiting_requests',
            help: 'Requests waiting for a connection of a pool',
            labelNames: ['pool'],
            registers,
          }),
          max: new Gauge({
            name: 'vigil_db_pool_max_connections',
            help: 'The most connections a pool opens',
            labelNames: ['pool'],
            registers,
          }),
        };
      if (p.redisConnected() !== null)
        redis ??= new Gauge({
          name: 'vigil_redis_connected',
          help: '1 while the Redis fan-out connection is up, 0 while it is lost',
          registers,
        });
    },
    async scrape() {
      if (probes) {
        const outbox = await probes.outbox();
        outboxDue.set(outbox.due);
        outboxSending.set(outbox.sending);
        const age = outbox.oldestDueAt ? (probes.now().getTime() - outbox.oldestDueAt.getTime()) / 1000 : 0;
        outboxOldest.set(Math.max(0, age));
        websockets.set(probes.websockets());
        const open = probes.subscriptions();
        subscriptions.set(open.open);
        subscriptionStreams.set(open.streams);
        const gauges = pools;
        for (const pool of gauges ? probes.pools() : []) {
          gauges?.connections.set({ pool: pool.pool, state: 'in_use' }, pool.inUse);
          gauges?.connections.set({ pool: pool.pool, state: 'idle' }, pool.idle);
          gauges?.waiting.set({ pool: pool.pool }, pool.waiting);
          gauges?.max.set({ pool: pool.pool }, pool.limit);
        }
        const connected = probes.redisConnected();
        if (redis && connected !== null) redis.set(connected ? 1 : 0);
      }
      return registry.metrics();
    },
  };
}
