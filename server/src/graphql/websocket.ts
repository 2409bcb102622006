import { IncomingMessage } from 'node:http';
import { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { Credential } from '../auth/auth.service';
import { AppServices, Context, buildContext } from './context';
import { formatExecutionResult } from './errors';
import { armorFor, parseAndValidate } from './limits';
import { DELIVERY, SharedExecutionArgs, createSharedSubscriptions } from './shared-subscriptions';
import { Topic, VigilPubSub } from './pubsub';

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  context?: Context;
};

const key = (c: Credential) => `${c.type}:${c.id}`;

/** A failed write means the socket is going away; its close handler cleans the subscription up. */
const ignoreSendError = () => undefined;

/** Browsers send Origin: same-origin pages and configured origins may connect; scripts without one may too. */
export function originAllowed(request: IncomingMessage, allowed: string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * graphql-ws on the HTTP server's port: a connection must present a valid token (connection_init payload
 * `authorization`) or session cookie, from an allowed Origin; it is closed (4403) as soon as its credential is
 * revoked, on any replica. Operations get the same query limits as HTTP.
 */
export function attachGraphqlWs(
  wsServer: WebSocketServer, schema: GraphQLSchema, app: AppServices, pubSub: VigilPubSub,
  options: { allowedOrigins: string[]; production: boolean; logError: (e: unknown) => void },
) {
  const byCredential = new Map<string, Set<WebSocket>>();
  const armor = armorFor(options.production);
  // The same error mapping as HTTP: codes and fields, never a stack.
  const formatResult = <R extends ExecutionResult>(result: R): R => formatExecutionResult(result, { log: options.logError, hideSuggestions: options.production });
  const shared = createSharedSubscriptions(formatResult);
  // A thousand walls send the same few documents: each is parsed and checked against the limits once. Validation
  // depends only on the document and the schema, never on the caller, so a document that passed may be reused.
  const passed = new Map<string, DocumentNode>();
  const validated = (query: string): DocumentNode | readonly GraphQLError[] => {
    const known = passed.get(query);
    if (known) return known;
    const result = parseAndValidate(schema, query, armor);
    if ('kind' in result && query.length <= 20_000) {
      if (passed.size >= 500) passed.delete(passed.keys().next().value!);
      passed.set(query, result);
    }
    return result;
  };

  const cleanup = useServer<Record<string, unknown>, Extra>({
    schema,
    subscribe: shared.subscribe,
    onConnect: async (ctx) => {
      if (!originAllowed(ctx.extra.request, options.allowedOrigins)) return false;
      try {
        const context = await buildContext(app, {
          authorization: ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization,
          cookie: ctx.extra.request.headers.cookie,
          ip: ctx.extra.request.socket.remoteAddress ?? null,
          transport: 'WEBSOCKET',
        });
        if (context.actor.kind === 'ANONYMOUS') return false;
        ctx.extra.context = context;
        if (context.credential) {
          const k = key(context.credential);
          if (!byCredential.has(k)) byCredential.set(k, new Set());
          byCredential.get(k)!.add(ctx.extra.socket);
          ctx.extra.socket.once('close', () => byCredential.get(k)?.delete(ctx.extra.socket));
        }
        return true;
      } catch {
        return false;
      }
    },
    onSubscribe: (ctx, id, payload) => {
      const document = validated(payload.query);
      if (!('kind' in document)) {
        return document.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
      }
      const socket = ctx.extra.socket;
      const args: SharedExecutionArgs = {
        schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue: ctx.extra.context,
        // Subscription events are written straight to the socket, serialised once per event for all subscribers.
        [DELIVERY]: {
          id,
          send: (message) => {
            if (socket.readyState === WebSocket.OPEN) socket.send(message, ignoreSendError);
          },
        },
      };
      return args;
    },
    // Query and mutation results over WebSocket (subscription events are formatted once, in the shared stream).
    onNext: (_ctx, _id, _payload, _args, result) => formatResult(result),
  }, wsServer);

  // Revocations arrive through pub/sub, so a token revoked on one replica closes its sockets on every replica.
  const revocations = pubSub.subscribe(Topic.CREDENTIAL_REVOKED);
  void (async () => {
    for await (const payload of revocations) {
      // Credential checks cached on this replica (auth/recent-checks.ts) must not outlive a revocation made elsewhere.
      app.auth.forgetRecentChecks();
      const k = `${String(payload.type)}:${String(payload.id)}`;
      for (const socket of byCredential.get(k) ?? []) socket.close(CloseCode.Forbidden, 'Forbidden');
      byCredential.delete(k);
    }
  })().catch(options.logError);

  return {
    async dispose() {
      await revocations.return?.();
      await cleanup.dispose();
    },
  };
}
