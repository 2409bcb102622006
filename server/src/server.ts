import express from 'express';
import { Clock, systemClock } from '@vigil/shared';
import { bootstrapFirstAdmin } from './auth/first-admin';
import { Config } from './config';
import { openDatabase } from './db/data-source';
import { graphqlEndpoint } from './graphql/endpoint';
import { createVigilPubSub } from './pubsub/pubsub';
import { healthRoutes } from './health/health.routes';
import { drainGate } from './http/drain';
import { createHttpServer, listen } from './http/listen';
import { securityHeaders } from './http/security-headers';
import { memoryReplayGuard, redisReplayGuard } from './alerts/replay-guard';
import { JobRunner } from './jobs/job-runner';
import { featureRoutes } from './routes';
import { gateOf, servedSchema } from './schema';
import { AppServices, composeServices } from './services';
import { createMetrics } from './observability/metrics';
import { countUnavailable, metricsRoutes } from './observability/metrics.routes';
import { Logger, accessLog, createLogger } from './observability/logger';
import { scrapeProbes } from './metrics-probes';

export interface RunningServer {
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  port: number;
  app: AppServices;
  /**
   * Whether the graphql-ws operation with this id is subscribed: it hears every event published from now on.
   * graphql-ws has no "subscribed" acknowledgement, so tests wait on this instead of sleeping. Not reachable by clients.
   */
  isSubscribed(operationId: string): boolean;
  stop(): Promise<void>;
}

/** `logger`: where the server's JSON log lines go (default: stdout at VIGIL_LOG's level; tests capture them). */
export type StartOptions = { clock?: Clock; logger?: Logger };

/** Starts one Vigil process: database + migrations, schema, HTTP and WebSocket on one port, the web UI. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const log = (message: string) => logger.info(message);
  const clock = options.clock ?? systemClock;
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: config.sqlitePath,
    poolSize: config.database.writeConnections,
    readPoolSize: config.database.readConnections,
    readTimeoutMs: config.database.readTimeoutMs,
  });
  const pubsub = createVigilPubSub(config.redisUrl, config.redisChannelPrefix, (e) =>
    logger.warn({ component: 'redis', err: e }, `redis: ${e instanceof Error ? e.message : String(e)}`),
  );
  // Every timer is a job of this one runner (jobs/job-runner.ts), started once the server listens; metrics have
  // one registry per server (observability/metrics.ts), never module-global.
  const metrics = createMetrics();
  const jobs = new JobRunner(log, metrics.jobs);
  const composed = composeServices(config, {
    db,
    clock,
    pubsub,
    log,
    wakeNotifications: () => jobs.wake('notifications'),
    metrics,
  });
  const { app } = composed;
  await bootstrapFirstAdmin(app.auth, config, log);
  const web = express();
  web.disable('x-powered-by');
  const httpServer = createHttpServer(web);
  const logError = (e: unknown) => logger.error({ err: e }, e instanceof Error ? e.message : String(e));
  const schema = await servedSchema(pubsub.pubSub, app);
  // One gate for every way in: GraphQL and the routes that sign a caller in (the post-mortem Markdown).
  const accessGate = gateOf(app);
  const graphql = await graphqlEndpoint(httpServer, config, schema, accessGate, pubsub, logError, metrics.graphql);
  metrics.useProbes(
    scrapeProbes({
      db,
      clock,
      pubsub,
      websockets: () => graphql.connections(),
      subscriptions: () => graphql.subscriptions(),
    }),
  );
  // Signed Grafana requests are good once: replicas share the memory of those served through Redis.
  const replayGuard = config.redisUrl
    ? redisReplayGuard(config.redisUrl, config.redisChannelPrefix)
    : memoryReplayGuard(clock);
  web.set('trust proxy', config.auth.trustProxy);
  web.use(
    securityHeaders({ https: config.publicUrl.startsWith('https://'), wallFrameAncestors: config.wallFrameAncestors }),
  );
  const gate = drainGate();
  web.use(accessLog(logger));
  web.use(countUnavailable(metrics));
  web.use(gate.handler);
  web.use(healthRoutes(db, () => pubsub.status()));
  web.use(metricsRoutes(metrics, config.metricsToken, logError));
  web.use('/graphql', ...graphql.http);
  web.use(...featureRoutes(app, config, replayGuard, logError, metrics.alerts, accessGate));
  const port = await listen(httpServer, config.port, config.host);
  const url = `http://127.0.0.1:${port}`;
  // VIGIL_BACKGROUND_JOBS=off leaves them off (a process that only serves requests); tests also call runOnce() directly.
  if (config.backgroundJobs) {
    for (const job of composed.jobs) jobs.add(job);
    jobs.start();
  }
  let stopped = false;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    port,
    app,
    isSubscribed: graphql.isSubscribed,
    async stop() {
      if (stopped) return;
      stopped = true;
      gate.drain();
      app.statusPage.close();
      await graphql.stop();
      await jobs.stop();
      await composed.stop();
      await pubsub.close();
      await replayGuard.close();
      await composed.closeLast();
      await db.close();
    },
  };
}
