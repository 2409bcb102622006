import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { WebSocketServer } from 'ws';
import { Clock, systemClock } from '@vigil/shared';
import { AuditService } from './auth/audit.service';
import { AuthService, SESSION_COOKIE } from './auth/auth.service';
import { CatalogService } from './catalog/catalog.service';
import { ChecklistService } from './checklists/checklist.service';
import { StatusPageService } from './statuspage/statuspage.service';
import { statusPageRoutes } from './statuspage/statuspage.routes';
import { Config } from './config';
import { openDatabase } from './db/data-source';
import { AppServices, Context, buildContext } from './graphql/context';
import { formatError } from './graphql/errors';
import { PARSE_OPTIONS, armorFor } from './graphql/limits';
import { attachGraphqlWs } from './graphql/websocket';
import { UsersService } from './users/users.service';
import { createVigilPubSub } from './graphql/pubsub';
import { wallFieldCheck } from './graphql/wall-fields';
import { buildVigilSchema } from './graphql/schema';
import { healthRoutes } from './health/health.routes';
import { securityHeaders } from './http/security-headers';
import { OnCallService } from './oncall/oncall.service';
import { onCallRoutes } from './oncall/oncall.routes';
import { CalendarFeedService } from './oncall/calendar-feed.service';
import { ShiftAnnouncer } from './oncall/oncall.handoffs';
import { EscalationEngine } from './escalation/escalation.engine';
import { EscalationService } from './escalation/escalation.service';
import { SlaBreachAnnouncer } from './escalation/sla-breaches';
import { alertRoutes } from './alerts/alert.routes';
import { AlertService } from './alerts/alert.service';
import { memoryReplayGuard, redisReplayGuard } from './alerts/replay-guard';
import { IntegrationService } from './integrations/integration.service';
import { IncidentService } from './incidents/incident.service';
import { quietDuringMaintenance } from './maintenance/maintenance.hook';
import { RollbackAnnouncer } from './deployments/rollback-announcer';
import { NotificationService } from './notify/notify.service';
import { DeploymentService } from './deployments/deployment.service';
import { deploymentRoutes } from './deployments/deployment.routes';
import { TimelineWriter } from './deployments/timeline-writer';
import { HealthCheckService } from './healthchecks/healthcheck.service';
import { MaintenanceService } from './maintenance/maintenance.service';
import { RunbookService } from './runbooks/runbook.service';
import { ActionItemService } from './postmortems/action-item.service';
import { PostmortemService } from './postmortems/postmortem.service';
import { postmortemRoutes } from './postmortems/postmortem.routes';
import { MetricsService } from './metrics/metrics.service';
import { HistoryImportService } from './history/history.service';
import { DEFAULT_ACTION_ITEM_DUE } from '@vigil/shared';
import { ChannelActions } from './email-actions/channel-actions';
import { EmailActionService } from './email-actions/email-action.service';
import { emailActionRoutes } from './email-actions/email-action.routes';
import { SlackService } from './slack/slack.service';
import { slackRoutes } from './slack/slack.routes';
import { HeartbeatService } from './heartbeats/heartbeat.service';
import { heartbeatRoutes } from './heartbeats/heartbeat.routes';
import { IncidentRoleService } from './incident-roles/incident-role.service';
import { TeamService } from './teams/team.service';
import { WallScope } from './teams/wall-scope';
import { JobRunner } from './jobs/job-runner';
import { HttpError, errorBoundary, sendHttpError } from './http/http-error';
import { onCallForService } from './runbooks/runbook.oncall';

export interface RunningServer {
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  port: number;
  app: AppServices;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log?: (message: string) => void;
}

/** Starts one Vigil process: database + migrations, schema, HTTP and WebSocket on one port, the web UI. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((m: string) => config.logLevel !== 'silent' && console.log(m));
  const clock = options.clock ?? systemClock;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  const pubsub = createVigilPubSub(config.redisUrl, config.redisChannelPrefix,
    (e) => log(`redis: ${e instanceof Error ? e.message : String(e)}`));
  const auth = new AuthService(db, pubsub.pubSub, clock, config.auth.session, config.auth.rateLimits, config.auth.credentialReuseMs);
  const incidents = new IncidentService(db, pubsub.pubSub, clock, config.severity);
  const maintenance = new MaintenanceService(db, clock);
  // First hook: decides whether the paging hooks registered after it may page at all.
  incidents.addHook(quietDuringMaintenance(maintenance, incidents));
  // Every timer is a job of this one runner (jobs/job-runner.ts), started once the server listens.
  const jobs = new JobRunner(log);
  const channelActions = new ChannelActions(incidents, () => app.escalation);
  const emailActions = new EmailActionService(db, clock, channelActions, config.publicUrl, config.actionLinkSecret);
  const notifications = new NotificationService(db, clock, incidents, config.notify, config.severity, config.publicUrl, {
    log, wake: () => jobs.wake('notifications'), actionLinks: (incidentId, userId) => emailActions.linksFor(incidentId, userId),
  });
  const changeTimeline = new TimelineWriter(db, incidents, pubsub.pubSub, clock);
  const oncall = new OnCallService(db, clock);
  const escalationEngine = new EscalationEngine({
    db, clock, pubSub: pubsub.pubSub, incidents, oncall, notifier: () => app.notifier, severityOptions: config.severity,
    publicUrl: config.publicUrl, log,
  });
  const app: AppServices = {
    db,
    clock,
    severityOptions: config.severity,
    incidents,
    catalog: new CatalogService(db, clock),
    checklists: new ChecklistService(db, clock, () => app.incidents),
    statusPage: new StatusPageService(db, clock, pubsub.pubSub, config.statusPage),
    notifier: notifications.notifier,
    notifications,
    publicUrl: config.publicUrl,
    auth,
    get rollbackAnnouncer() {
      return rollbackAnnouncer;
    },
    audit: new AuditService(db, clock),
    users: new UsersService(db, clock, auth),
    integrations: new IntegrationService(db, clock),
    alerts: new AlertService(db, clock, () => app.incidents),
    deployments: new DeploymentService(db, clock, config.changes, changeTimeline),
    runbooks: new RunbookService(config.changes.runbooks, changeTimeline, {
      log: (e) => log(`runbook: ${e instanceof Error ? e.stack ?? e.message : String(e)}`),
      onCall: (incidentId, service, userId) => onCallForService(db, oncall, incidentId, service, userId, clock.now()),
    }),
    healthChecks: new HealthCheckService(config.changes.runbooks, changeTimeline, clock),
    maintenance,
    oncall,
    calendarFeeds: new CalendarFeedService(db, clock, oncall, config.publicUrl),
    escalation: new EscalationService(db, clock, incidents, escalationEngine, () => app.notifier, config.publicUrl),
    escalationEngine,
    postmortems: new PostmortemService(db, pubsub.pubSub, clock, incidents),
    // Short-term items are due by the end of the next sprint, as configured for P3 resolution.
    actionItems: new ActionItemService(db, pubsub.pubSub, clock, incidents, { ...DEFAULT_ACTION_ITEM_DUE, SHORT_TERM: config.severity.nextSprintMs }),
    metrics: new MetricsService(db, pubsub.pubSub, clock),
    history: new HistoryImportService(db, clock, config.severity, () => app.metrics.changed()),
    channelActions,
    slack: new SlackService(db, clock, config.slackSigningSecret, channelActions, incidents, oncall, config.publicUrl,
      (e) => log(`slack: ${e instanceof Error ? e.stack ?? e.message : String(e)}`)),
    emailActions,
    heartbeats: new HeartbeatService(db, clock, incidents, config.publicUrl),
    incidentRoles: new IncidentRoleService(db, clock, incidents),
    teams: new TeamService(db),
    wallScope: new WallScope(db),
  };
  escalationEngine.attach();
  const breaches = new SlaBreachAnnouncer(db, clock, incidents, escalationEngine, () => app.notifier, config.severity, config.publicUrl);
  notifications.addTimer('slaBreaches', () => breaches.checkOnce());
  const handoffs = new ShiftAnnouncer(db, clock, oncall, () => app.notifier, config.publicUrl);
  notifications.addTimer('shiftHandoffs', () => handoffs.checkOnce());
  const rollbackAnnouncer = new RollbackAnnouncer(db, app.deployments, incidents, () => app.notifier, config.publicUrl,
    (e) => log(`rollback: ${e instanceof Error ? e.message : String(e)}`));
  rollbackAnnouncer.watch();
  app.alerts.watch(app.incidents);
  const firstAdmin = await auth.bootstrap(config.auth.adminEmail, config.auth.bootstrapToken, config.auth.adminPassword);
  // In demo mode the demo prints its own sign-in (a fresh password each start), which replaces this one at once.
  if (firstAdmin?.password && !config.demo) {
    log(`First start: created the admin ${firstAdmin.email} with the one-time password ${firstAdmin.password}`);
    log('  Sign in at /login and change it (Account → Change password). It is not shown again.');
  }
  app.statusPage.watch(app.incidents);
  app.postmortems.watch(app.incidents);
  app.metrics.watch(app.incidents);
  const schema = await buildVigilSchema(pubsub.pubSub);

  const web = express();
  web.disable('x-powered-by');
  const httpServer = http.createServer(web);
  // Longer than any client's or proxy's idle timeout, so the server is never the one closing a reused connection.
  httpServer.keepAliveTimeout = 75_000;
  httpServer.headersTimeout = 76_000;
  // A WebSocket message is a GraphQL request: the same 256 KB bound as an HTTP body (ws allows 100 MiB by default,
  // before anyone has signed in).
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 256 * 1024 });
  const logError = (e: unknown) => log(`error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  const wallFields = wallFieldCheck(schema);
  const wsCleanup = attachGraphqlWs(wsServer, schema, app, pubsub, {
    allowedOrigins: config.auth.allowedOrigins, production: config.production, logError, recheckMs: config.auth.socketRecheckMs, wallFields,
  });
  const armor = armorFor(config.production);

  const apollo = new ApolloServer<Context>({
    schema,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler (on whenever NODE_ENV is not "test") stopped only Apollo and
    // re-raised the signal, killing the process before the jobs, the leases and the database were closed.
    stopOnTerminationSignals: false,
    introspection: !config.production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: PARSE_OPTIONS,
    validationRules: armor.validationRules,
    formatError: (formatted, error) => formatError(formatted, error, { log: logError, hideSuggestions: config.production }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No cache hints are used (answers are per caller), and the default plugin hooks every field resolution.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's sandbox page runs inline and CDN scripts, which the Content-Security-Policy refuses (and a NOC network
      // may not reach the CDN): GET /graphql from a browser is an ordinary GraphQL request instead.
      ApolloServerPluginLandingPageDisabled(),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      // A wall token reads only the wall's fields (shared/src/domain/wall-fields.ts); WebSocket checks the same set.
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, document }) {
              const refused = wallFields(contextValue, document);
              if (refused.length) throw refused[0];
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  web.set('trust proxy', config.auth.trustProxy);
  web.use(securityHeaders({ https: config.publicUrl.startsWith('https://'), wallFrameAncestors: config.wallFrameAncestors }));
  // Shutting down: requests already running finish; new ones (keep-alive connections, a balancer that has not noticed
  // yet) are told to go elsewhere. Alert senders retry a 503 with Retry-After; nothing is half-taken.
  let draining = false;
  web.use((req, res, next) => {
    if (!draining || req.path === '/healthz') return next();
    res.set('Connection', 'close');
    sendHttpError(res, new HttpError('UNAVAILABLE', 'This replica is shutting down: retry (another replica will answer).'));
  });
  web.use(healthRoutes(db, () => pubsub.status()));
  const secureCookie = config.publicUrl.startsWith('https://');
  web.use('/graphql', express.json({ limit: '256kb' }), expressMiddleware(apollo, {
    context: async ({ req, res }) => buildContext(app, {
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
      ip: req.ip ?? null,
      transport: 'HTTP',
      http: {
        setSessionCookie: (secret) => {
          // One answer sets the cookie once: a stale cookie cleared on arrival may be replaced by a sign-in.
          const others = ([] as string[]).concat((res.getHeader('set-cookie') as string[] | string | undefined) ?? [])
            .filter((c) => !c.startsWith(`${SESSION_COOKIE}=`));
          if (others.length) res.setHeader('set-cookie', others);
          else res.removeHeader('set-cookie');
          if (secret === null) res.clearCookie(SESSION_COOKIE, { path: '/' });
          else res.cookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'lax', secure: secureCookie, path: '/', maxAge: config.auth.session.absoluteMs });
        },
      },
    }),
  }));
  web.use(statusPageRoutes(app.statusPage, config.publicUrl, config.statusPage));
  // Signed Grafana requests are good once: replicas share the memory of those served through Redis.
  const replayGuard = config.redisUrl ? redisReplayGuard(config.redisUrl, config.redisChannelPrefix) : memoryReplayGuard(clock);
  web.use(alertRoutes(app, replayGuard, logError));
  web.use(postmortemRoutes(app, logError));
  web.use(deploymentRoutes(app, config.changes.githubWebhookSecret, logError));
  web.use(slackRoutes(app.slack, logError));
  web.use(emailActionRoutes(app.emailActions, (id) => `${config.publicUrl}/incidents/${id}`, logError));
  web.use(heartbeatRoutes(app.heartbeats, logError));
  web.use(onCallRoutes(app.calendarFeeds, logError));
  if (config.webDist && fs.existsSync(path.join(config.webDist, 'index.html'))) {
    const index = path.join(config.webDist, 'index.html');
    web.use(express.static(config.webDist, { index: false, maxAge: '1h' }));
    // The SPA owns every other GET path (/wall, /console, /status …), but not the API's own prefixes.
    web.get(/^\/(?!graphql|healthz|readyz|api\/|v2\/).*/, (_req, res) => res.sendFile(index));
  }
  // An unknown API path is a JSON 404 a script can read, never the web app's page; whatever else went wrong is
  // answered by the one error boundary (http/http-error.ts), in the one shape.
  web.use((req) => {
    throw new HttpError('NOT_FOUND', `Not found: ${req.method} ${req.path}`);
  });
  web.use(errorBoundary({ log: logError }));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://127.0.0.1:${port}`;

  // VIGIL_BACKGROUND_JOBS=off leaves them off (a process that only serves requests); tests also call runOnce() directly.
  if (config.backgroundJobs) {
    for (const job of [notifications.job(), escalationEngine.job(), app.heartbeats.job(), app.postmortems.job()]) if (job) jobs.add(job);
    jobs.start();
  }
  let stopped = false;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    port,
    app,
    async stop() {
      if (stopped) return;
      stopped = true;
      draining = true;
      app.statusPage.close();
      await apollo.stop();
      await jobs.stop();
      app.metrics.stop();
      await escalationEngine.stop();
      await app.heartbeats.stop();
      await notifications.stop();
      await app.runbooks.stop();
      await pubsub.close();
      await replayGuard.close();
      await db.close();
    },
  };
}
