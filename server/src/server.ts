import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { WebSocketServer } from 'ws';
import { Clock, systemClock } from '@vigil/shared';
import { SESSION_COOKIE } from './auth/auth.service';
import { statusPageRoutes } from './statuspage/statuspage.routes';
import { Config } from './config';
import { openDatabase, readScope } from './db/data-source';
import { AppServices, Context, buildContext } from './graphql/context';
import { formatError } from './graphql/errors';
import { PARSE_OPTIONS, armorFor } from './graphql/limits';
import { queryCost } from './graphql/cost';
import { DOCUMENT_LOOKUP, documentsHttp } from './graphql/documents-http';
import { DocumentLookup, TrustedDocuments, loadTrustedDocuments } from './graphql/trusted-documents';
import { attachGraphqlWs } from './graphql/websocket';
import { createVigilPubSub } from './graphql/pubsub';
import { wallFieldCheck } from './graphql/wall-fields';
import { buildVigilSchema } from './graphql/schema';
import { healthRoutes } from './health/health.routes';
import { securityHeaders } from './http/security-headers';
import { onCallRoutes } from './oncall/oncall.routes';
import { alertRoutes } from './alerts/alert.routes';
import { memoryReplayGuard, redisReplayGuard } from './alerts/replay-guard';
import { deploymentRoutes } from './deployments/deployment.routes';
import { postmortemRoutes } from './postmortems/postmortem.routes';
import { emailActionRoutes } from './email-actions/email-action.routes';
import { slackRoutes } from './slack/slack.routes';
import { heartbeatRoutes } from './heartbeats/heartbeat.routes';
import { JobRunner } from './jobs/job-runner';
import { composeServices } from './services';
import { HttpError, errorBoundary, sendHttpError } from './http/http-error';

/** The refusal of a document that is not one of the web app's, for a caller held to those. */
function untrustedDocument(kind: string): GraphQLError {
  return new GraphQLError(
    "Only the web app's trusted documents may be run with a browser session, a wall token or without signing in: send its id (documentId or extensions.persistedQuery.sha256Hash), or use a personal API token for documents of your own.",
    { extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED', credential: kind, http: { status: 400 } } },
  );
}

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
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: config.sqlitePath,
    poolSize: config.database.writeConnections,
    readPoolSize: config.database.readConnections,
    readTimeoutMs: config.database.readTimeoutMs,
  });
  const pubsub = createVigilPubSub(config.redisUrl, config.redisChannelPrefix, (e) =>
    log(`redis: ${e instanceof Error ? e.message : String(e)}`),
  );
  // Every timer is a job of this one runner (jobs/job-runner.ts), started once the server listens.
  const jobs = new JobRunner(log);
  const composed = composeServices(config, {
    db,
    clock,
    pubsub,
    log,
    wakeNotifications: () => jobs.wake('notifications'),
  });
  const { app } = composed;
  const auth = app.auth;
  const firstAdmin = await auth.bootstrap(
    config.auth.adminEmail,
    config.auth.bootstrapToken,
    config.auth.adminPassword,
  );
  // In demo mode the demo prints its own sign-in (a fresh password each start), which replaces this one at once.
  if (firstAdmin?.password && !config.demo) {
    log(`First start: created the admin ${firstAdmin.email} with the one-time password ${firstAdmin.password}`);
    log('  Sign in at /login and change it (Account → Change password). It is not shown again.');
  }
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
  const logError = (e: unknown) => log(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const wallFields = wallFieldCheck(schema);
  const armor = armorFor(config.production);
  // The web app's documents, parsed and validated once (graphql/trusted-documents.ts).
  const trusted: TrustedDocuments = loadTrustedDocuments(
    config.graphql.trustedDocumentsFile,
    schema,
    armor,
    config.graphql.trustedDocuments,
  );
  const maxCost = () => config.graphql.maxQueryCost;
  const wsCleanup = attachGraphqlWs(wsServer, schema, app, pubsub, {
    allowedOrigins: config.auth.allowedOrigins,
    production: config.production,
    logError,
    recheckMs: config.auth.socketRecheckMs,
    wallFields,
    trusted,
    maxCost,
  });

  const apollo = new ApolloServer<Context>({
    schema,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler (on whenever NODE_ENV is not "test") stopped only Apollo and
    // re-raised the signal, killing the process before the jobs, the leases and the database were closed.
    stopOnTerminationSignals: false,
    introspection: !config.production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries would let any client register any document; trusted documents are looked up in
    // front of Apollo instead (graphql/documents-http.ts).
    persistedQueries: false,
    parseOptions: PARSE_OPTIONS,
    validationRules: armor.validationRules,
    formatError: (formatted, error) =>
      formatError(formatted, error, { log: logError, hideSuggestions: config.production }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No cache hints are used (answers are per caller), and the default plugin hooks every field resolution.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's sandbox page runs inline and CDN scripts, which the Content-Security-Policy refuses (and a NOC network
      // may not reach the CDN): GET /graphql from a browser is an ordinary GraphQL request instead.
      ApolloServerPluginLandingPageDisabled(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
      // A wall token reads only the wall's fields (shared/src/domain/wall-fields.ts); WebSocket checks the same set.
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, document, request, operation }) {
              const refused = wallFields(contextValue, document);
              if (refused.length) throw refused[0];
              // The cost depends on the variables (page sizes), so it is counted here, not among the validation rules.
              const cost = queryCost(schema, document, request.variables, request.operationName, maxCost());
              if (cost.error) throw cost.error;
              // A read takes the read pool's connections (the scope was opened in front of Apollo, below).
              const scope = readScope.getStore();
              if (scope) scope.pool = operation?.operation === 'mutation' ? 'write' : 'read';
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  web.set('trust proxy', config.auth.trustProxy);
  web.use(
    securityHeaders({ https: config.publicUrl.startsWith('https://'), wallFrameAncestors: config.wallFrameAncestors }),
  );
  // Shutting down: requests already running finish; new ones (keep-alive connections, a balancer that has not noticed
  // yet) are told to go elsewhere. Alert senders retry a 503 with Retry-After; nothing is half-taken.
  let draining = false;
  web.use((req, res, next) => {
    if (!draining || req.path === '/healthz') return next();
    res.set('Connection', 'close');
    sendHttpError(
      res,
      new HttpError('UNAVAILABLE', 'This replica is shutting down: retry (another replica will answer).'),
    );
  });
  web.use(healthRoutes(db, () => pubsub.status()));
  const secureCookie = config.publicUrl.startsWith('https://');
  /** One context for Apollo and for trusted documents answered in front of it. */
  const httpContext = (req: Request, res: Response) =>
    buildContext(app, {
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
      ip: req.ip ?? null,
      transport: 'HTTP',
      http: {
        setSessionCookie: (secret) => {
          // One answer sets the cookie once: a stale cookie cleared on arrival may be replaced by a sign-in.
          const others = ([] as string[])
            .concat((res.getHeader('set-cookie') as string[] | string | undefined) ?? [])
            .filter((c) => !c.startsWith(`${SESSION_COOKIE}=`));
          if (others.length) res.setHeader('set-cookie', others);
          else res.removeHeader('set-cookie');
          if (secret === null) res.clearCookie(SESSION_COOKIE, { path: '/' });
          else
            res.cookie(SESSION_COOKIE, secret, {
              httpOnly: true,
              sameSite: 'lax',
              secure: secureCookie,
              path: '/',
              maxAge: config.auth.session.absoluteMs,
            });
        },
      },
    });
  web.use(
    '/graphql',
    express.json({ limit: '256kb' }),
    documentsHttp({
      schema,
      trusted,
      context: httpContext,
      wallFields,
      maxCost,
      production: config.production,
      logError,
    }),
    (_req, _res, next) => readScope.run({ pool: 'write' }, next),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const context = await httpContext(req, res);
        // Browser sessions, wall tokens and anonymous callers run only the web app's documents (in production).
        const found = (res.locals[DOCUMENT_LOOKUP] as DocumentLookup | undefined) ?? { kind: 'none' };
        if (!trusted.allows(context.credential?.kind ?? 'ANONYMOUS', found))
          throw untrustedDocument(context.credential?.kind ?? 'ANONYMOUS');
        return context;
      },
    }),
  );
  // The public status page reads from the read pool too: anonymous load never takes a write connection.
  web.use(['/api/status.json', '/api/status/stream', '/status/feed.atom'], (_req, _res, next) =>
    readScope.run({ pool: 'read' }, next),
  );
  web.use(statusPageRoutes(app.statusPage, config.publicUrl, config.statusPage));
  // Signed Grafana requests are good once: replicas share the memory of those served through Redis.
  const replayGuard = config.redisUrl
    ? redisReplayGuard(config.redisUrl, config.redisChannelPrefix)
    : memoryReplayGuard(clock);
  web.use(alertRoutes(app, replayGuard, logError));
  web.use(postmortemRoutes(app, logError));
  web.use(deploymentRoutes(app, config.changes.githubWebhookSecret, logError));
  web.use(slackRoutes(app.slack, logError));
  web.use(
    emailActionRoutes(app.emailActions, app.channelActions, (id) => `${config.publicUrl}/incidents/${id}`, logError),
  );
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
    async stop() {
      if (stopped) return;
      stopped = true;
      draining = true;
      app.statusPage.close();
      await apollo.stop();
      await jobs.stop();
      await composed.stop();
      await pubsub.close();
      await replayGuard.close();
      await composed.closeLast();
      await db.close();
    },
  };
}
