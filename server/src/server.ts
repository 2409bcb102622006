import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { Clock, systemClock } from '@vigil/shared';
import { CatalogService } from './catalog/catalog.service';
import { Config } from './config';
import { openDatabase } from './db/data-source';
import { AppServices, Context, buildContext } from './graphql/context';
import { formatError } from './graphql/errors';
import { createVigilPubSub } from './graphql/pubsub';
import { buildVigilSchema } from './graphql/schema';
import { healthRoutes } from './health/health.routes';
import { IncidentService } from './incidents/incident.service';
import { noNotifier } from './notify/notify.port';

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
  const pubsub = createVigilPubSub(config.redisUrl);
  const app: AppServices = {
    db,
    clock,
    severityOptions: config.severity,
    incidents: new IncidentService(db, pubsub.pubSub, clock, config.severity),
    catalog: new CatalogService(db, clock),
    notifier: noNotifier,
    publicUrl: config.publicUrl,
  };
  const schema = await buildVigilSchema(pubsub.pubSub);

  const web = express();
  web.disable('x-powered-by');
  const httpServer = http.createServer(web);
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const logError = (e: unknown) => log(`error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  const wsCleanup = useServer<Record<string, unknown>>({
    schema,
    context: (ctx) => buildContext(app, ctx.connectionParams ?? {}),
    onError: (_ctx, _id, _payload, errors) => errors.forEach((e) => logError(e)),
  }, wsServer);

  const apollo = new ApolloServer<Context>({
    schema,
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    formatError: (formatted, error) => formatError(formatted, error, logError),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();

  web.use(healthRoutes(db));
  web.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo, {
    context: async ({ req }) => buildContext(app, req.headers),
  }));
  if (config.webDist && fs.existsSync(path.join(config.webDist, 'index.html'))) {
    const index = path.join(config.webDist, 'index.html');
    web.use(express.static(config.webDist, { index: false, maxAge: '1h' }));
    // The SPA owns every other GET path (/wall, /console, /status …).
    web.get(/^\/(?!graphql|healthz|readyz).*/, (_req, res) => res.sendFile(index));
  }
  web.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    if (status >= 500) logError(err);
    res.status(status).json({ error: status === 413 ? 'Request body too large' : status < 500 ? 'Bad request' : 'Internal server error' });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://127.0.0.1:${port}`;

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
      await apollo.stop();
      await pubsub.close();
      await db.close();
    },
  };
}
