import { IncomingMessage } from 'node:http';
import { GraphQLError, GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { Credential } from '../auth/auth.service';
import { AppServices, Context, buildContext } from './context';
import { formatError } from './errors';
import { armorFor, parseAndValidate } from './limits';
import { createSharedSubscriptions } from './shared-subscriptions';
import { Topic, VigilPubSub } from './pubsub';

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  context?: Context;
};

const key = (c: Credential) => `${c.type}:${c.id}`;

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
  const shared = createSharedSubscriptions();

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
    onSubscribe: (ctx, _id, payload) => {
      const document = parseAndValidate(schema, payload.query, armor.validationRules);
      if (!('kind' in document)) {
        return document.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
      }
      return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue: ctx.extra.context };
    },
    // The same error mapping as HTTP: codes and fields, never a stack.
    onNext: (_ctx, _id, _payload, _args, result) => {
      if (!('errors' in result) || !result.errors?.length) return result;
      return { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e, options.logError)) } as unknown as typeof result;
    },
  }, wsServer);

  // Revocations arrive through pub/sub, so a token revoked on one replica closes its sockets on every replica.
  const revocations = pubSub.subscribe(Topic.CREDENTIAL_REVOKED);
  void (async () => {
    for await (const payload of revocations) {
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
