import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { Request, RequestHandler, Response } from 'express';
import { GraphQLError, GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { SESSION_COOKIE } from '../access/credential';
import { clientAddress } from '../http/client-address';
import { readScope } from '../db/data-source';
import { admission } from './admission';
import { Context, Gate, buildContext } from './context';
import { DOCUMENT_LOOKUP, documentsHttp } from './documents-http';
import { formatError } from './errors';
import { PARSE_OPTIONS, armorFor } from './limits';
import { PubSubHandle } from '../pubsub/pubsub';
import { DocumentLookup, loadTrustedDocuments } from './trusted-documents';
import { wallFieldCheck } from './wall-fields';
import { attachGraphqlWs } from './websocket';
import { GraphqlObserver, NO_METRICS } from '../observability/metrics';
import { operationLabeller, operationMetricsPlugin } from './operation-metrics';

/** GraphQL on one path over HTTP (Apollo, with trusted documents answered in front of it) and WebSocket. */
export interface GraphqlEndpoint {
  /** The handlers for `/graphql` over HTTP. */
  http: RequestHandler[];
  /** Whether the graphql-ws operation with this id hears every event published from now on (tests wait on it). */
  isSubscribed: (operationId: string) => boolean;
  /** Open graphql-ws connections (for the metrics scrape). */
  connections(): number;
  /** Open subscriptions, and the shared streams serving them (one per distinct view and document). */
  subscriptions(): { open: number; streams: number };
  /** Stops Apollo, which drains the HTTP server and closes the sockets. */
  stop(): Promise<void>;
}

/** The settings the endpoint reads (config.ts `Config` has them). */
export interface EndpointConfig {
  production: boolean;
  publicUrl: string;
  graphql: {
    maxQueryCost: number;
    trustedDocuments: 'require' | 'optional';
    trustedDocumentsFile: string | null;
  };
  auth: {
    allowedOrigins: readonly string[];
    trustProxy: false | number | string;
    socketRecheckMs: number;
    socketKeepAliveMs: number;
    session: { absoluteMs: number };
  };
}

/** The refusal of a document that is not one of the web app's, for a caller held to those. */
function untrustedDocument(kind: string): GraphQLError {
  return new GraphQLError(
    "Only the web app's trusted documents may be run with a browser session, a wall token or without signing in: send its id (documentId or extensions.persistedQuery.sha256Hash), or use a personal API token for documents of your own.",
    { extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED', credential: kind, http: { status: 400 } } },
  );
}

/**
 * The GraphQL endpoint: the schema, the web app's trusted documents (parsed and validated once), one admission check
 * for every transport (wall fields, cost, read budget: admission.ts), Apollo for HTTP and graphql-ws on the same
 * port. Reads run on the read pool, mutations on the write pool (db/data-source.ts `readScope`).
 */
export async function graphqlEndpoint(
  httpServer: http.Server,
  config: EndpointConfig,
  schema: GraphQLSchema,
  gate: Gate,
  pubsub: PubSubHandle,
  logError: (e: unknown) => void,
  metrics: GraphqlObserver = NO_METRICS.graphql,
): Promise<GraphqlEndpoint> {
  // A WebSocket message is a GraphQL request: the same 256 KB bound as an HTTP body (ws allows 100 MiB by default,
  // before anyone has signed in).
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 256 * 1024 });
  const armor = armorFor(config.production);
  const trusted = loadTrustedDocuments(
    config.graphql.trustedDocumentsFile,
    schema,
    armor,
    config.graphql.trustedDocuments,
  );
  const admit = admission({ schema, wallFields: wallFieldCheck(schema), maxCost: () => config.graphql.maxQueryCost });
  const sockets = attachGraphqlWs(wsServer, schema, gate, pubsub, {
    allowedOrigins: config.auth.allowedOrigins,
    production: config.production,
    logError,
    recheckMs: config.auth.socketRecheckMs,
    keepAliveMs: config.auth.socketKeepAliveMs,
    admission: admit,
    trusted,
    clientAddress: clientAddress(config.auth.trustProxy),
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
      operationMetricsPlugin(metrics, operationLabeller(trusted)),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await sockets.dispose();
            },
          };
        },
      },
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, document, request, operation }) {
              // The cost depends on the variables (page sizes), so it is counted here, not among the validation rules.
              const refused = await admit(contextValue, {
                document,
                variables: request.variables,
                operationName: request.operationName,
              });
              if (refused.length) throw refused[0];
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

  const secureCookie = config.publicUrl.startsWith('https://');
  /** One context for Apollo and for trusted documents answered in front of it. */
  const httpContext = (req: Request, res: Response) =>
    buildContext(gate, {
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
  return {
    http: [
      express.json({ limit: '256kb' }),
      documentsHttp({
        schema,
        trusted,
        context: httpContext,
        admission: admit,
        production: config.production,
        logError,
        metrics,
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
    ],
    isSubscribed: sockets.isSubscribed,
    connections: () => wsServer.clients.size,
    subscriptions: sockets.subscriptions,
    stop: () => apollo.stop(),
  };
}
