import { IncomingMessage } from 'node:http';
import {
  DocumentNode,
  ExecutionArgs,
  ExecutionResult,
  GraphQLError,
  GraphQLSchema,
  execute,
  getOperationAST,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { Credential, credentialKey } from '../access/credential';
import { readScope } from '../db/data-source';
import { Admission } from './admission';
import { TrustedDocuments } from './trusted-documents';
import { Context, Gate, buildContext } from './context';
import { formatExecutionResult } from './errors';
import { armorFor, parseAndValidate } from './limits';
import { DELIVERY, SharedExecutionArgs, createSharedSubscriptions } from './shared-subscriptions';
import { PubSubHandle, Topic } from '../pubsub/pubsub';

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  context?: Context;
  /** What the client presented at connect, re-checked before every operation. */
  presented?: { authorization: unknown; cookie: unknown };
};

/** A failed write means the socket is going away; its close handler cleans the subscription up. */
const ignoreSendError = () => undefined;

/** Browsers send Origin: same-origin pages and configured origins may connect; scripts without one may too. */
function originAllowed(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

const forbidden = (socket: WebSocket) => socket.close(CloseCode.Forbidden, 'Forbidden');

/**
 * Operations one socket may hold open at once. The wall and the console keep about ten; without a bound one
 * read-only wall socket opening 10,000 subscriptions slowed every other subscriber's events from 78 ms to seconds.
 */
const MAX_OPERATIONS_PER_SOCKET = 50;
/**
 * graphql-ws on the HTTP server's port: a connection must present a valid token (connection_init payload
 * `authorization`) or session cookie, from an allowed Origin. The credential is checked again before every
 * operation, and every open socket's credential is re-read every `recheckMs` and at once when Redis comes back: a
 * socket whose credential was revoked (on any replica), expired or idled out is closed (4403), whether or not the
 * revocation message arrived. Operations get the same query limits, and wall tokens the same field set, as HTTP.
 */
export function attachGraphqlWs(
  wsServer: WebSocketServer,
  schema: GraphQLSchema,
  gate: Gate,
  pubsub: PubSubHandle,
  options: {
    allowedOrigins: readonly string[];
    production: boolean;
    logError: (e: unknown) => void;
    recheckMs: number;
    /** Ping period: a socket that has not answered by the next ping is terminated (the web client runs its own, shorter deadline: web/src/app/connectionModel.ts). */
    keepAliveMs: number;
    admission: Admission;
    trusted: TrustedDocuments;
    /** The caller's address, as Express works it out behind a proxy (http/client-address.ts). */
    clientAddress: (req: IncomingMessage) => string | null;
  },
) {
  const pubSub = pubsub.pubSub;
  const byCredential = new Map<string, { credential: Credential; sockets: Set<WebSocket> }>();
  const closeCredential = (k: string) => {
    for (const socket of byCredential.get(k)?.sockets ?? []) forbidden(socket);
    byCredential.delete(k);
  };
  /** Re-reads every open socket's credential; closes the sockets of those no longer good. */
  const recheckAll = async (): Promise<void> => {
    const live = [...byCredential.values()].map((e) => e.credential);
    if (!live.length) return;
    const valid = await gate.stillValid(live);
    const ended = live.filter((c) => !valid.has(credentialKey(c)));
    // A revocation this replica never heard of: checks reused here must not outlive it either.
    if (ended.length) gate.forgetRecentChecks();
    for (const c of ended) closeCredential(credentialKey(c));
  };
  // One sweep at a time. (Set `sweeping` only after the call returns: a sweep that finishes without awaiting must
  // not leave a settled promise behind that turns every later sweep into a no-op.)
  let sweeping: Promise<void> | null = null;
  const sweep = async (): Promise<void> => {
    if (sweeping) return sweeping;
    sweeping = recheckAll().catch(options.logError); // the database is away: try again next round
    try {
      await sweeping;
    } finally {
      sweeping = null;
    }
  };
  const timer = setInterval(() => void sweep(), options.recheckMs);
  timer.unref();
  // Revocations published while Redis was away were never heard: forget reused checks and re-read every socket.
  pubsub.onReconnect(() => {
    gate.forgetRecentChecks();
    void sweep();
  });
  const armor = armorFor(options.production);
  // The same error mapping as HTTP: codes and fields, never a stack.
  const formatResult = <R extends ExecutionResult>(result: R): R =>
    formatExecutionResult(result, { log: options.logError, hideSuggestions: options.production });
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

  // Queries and subscriptions read from the read pool, mutations write through the write pool (db/data-source.ts).
  const scoped = <T>(args: ExecutionArgs, run: () => T): T => {
    const operation = getOperationAST(args.document, args.operationName)?.operation;
    return readScope.run({ pool: operation === 'mutation' ? 'write' : 'read' }, run);
  };

  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      execute: (args) => scoped(args, () => execute(args)),
      subscribe: (args) => scoped(args, () => shared.subscribe(args)),
      onConnect: async (ctx) => {
        if (!originAllowed(ctx.extra.request, options.allowedOrigins)) return false;
        try {
          const presented = {
            authorization: ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization,
            cookie: ctx.extra.request.headers.cookie,
          };
          const context = await buildContext(gate, {
            ...presented,
            ip: options.clientAddress(ctx.extra.request),
            transport: 'WEBSOCKET',
          });
          if (context.actor.kind === 'ANONYMOUS' || !context.credential) return false;
          ctx.extra.context = context;
          ctx.extra.presented = presented;
          const k = credentialKey(context.credential);
          const entry = byCredential.get(k) ?? { credential: context.credential, sockets: new Set<WebSocket>() };
          byCredential.set(k, entry);
          entry.sockets.add(ctx.extra.socket);
          ctx.extra.socket.once('close', () => {
            entry.sockets.delete(ctx.extra.socket);
            if (!entry.sockets.size && byCredential.get(k) === entry) byCredential.delete(k);
          });
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        const socket = ctx.extra.socket;
        if (Object.keys(ctx.subscriptions).length >= MAX_OPERATIONS_PER_SOCKET) {
          return [
            new GraphQLError(
              `At most ${MAX_OPERATIONS_PER_SOCKET} operations may be open on one connection; close some first.`,
              { extensions: { code: 'RATE_LIMITED', limit: MAX_OPERATIONS_PER_SOCKET } },
            ),
          ];
        }
        // Every operation re-checks the credential (a passed check is reused for a moment: auth/recent-checks.ts).
        const context = await recheck(ctx.extra);
        if (!context) {
          forbidden(socket);
          return [
            new GraphQLError('The token or session is no longer valid (revoked, expired or idle).', {
              extensions: { code: 'UNAUTHENTICATED' },
            }),
          ];
        }
        // The same trusted-document rule as HTTP: a browser session or wall token sends the id of one of the web
        // app's documents (or its exact text); only a personal token may send a document of its own.
        const found = options.trusted.lookup(payload);
        if (found.kind === 'unknown-id') {
          return [
            new GraphQLError('PersistedQueryNotFound: this server has no trusted document with that id.', {
              extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', documentId: found.id },
            }),
          ];
        }
        if (!options.trusted.allows(context.credential?.kind ?? 'ANONYMOUS', found)) {
          return [
            new GraphQLError(
              "Only the web app's trusted documents may be run with a browser session or a wall token: send its id (extensions.persistedQuery.sha256Hash), or use a personal API token for documents of your own.",
              {
                extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED', credential: context.credential?.kind },
              },
            ),
          ];
        }
        const document = found.kind === 'trusted' ? found.doc.document : validated(payload.query);
        if (!('kind' in document)) {
          return document.map(
            (e) =>
              new GraphQLError(e.message, {
                nodes: e.nodes,
                extensions: { code: e.extensions.code ?? 'GRAPHQL_VALIDATION_FAILED' },
              }),
          );
        }
        const operationName = found.kind === 'trusted' ? found.doc.operationName : payload.operationName;
        const refused = await options.admission(context, { document, variables: payload.variables, operationName });
        if (refused.length) {
          // A WebSocket error has no status: the code says it.
          return refused.map((e) => {
            const { http: _status, ...extensions } = e.extensions;
            return new GraphQLError(e.message, { extensions });
          });
        }
        const args: SharedExecutionArgs = {
          schema,
          document,
          variableValues: payload.variables,
          operationName,
          contextValue: context,
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
    },
    wsServer,
    options.keepAliveMs,
  );

  /** The caller's context rebuilt from what it presented at connect; null when that is no longer valid. */
  async function recheck(extra: Extra): Promise<Context | null> {
    const before = extra.context;
    if (!before?.credential || !extra.presented) return null;
    try {
      const context = await buildContext(gate, { ...extra.presented, ip: before.ip, transport: 'WEBSOCKET' });
      if (!context.credential || credentialKey(context.credential) !== credentialKey(before.credential)) return null;
      extra.context = context;
      return context;
    } catch {
      return null;
    }
  }

  // Revocations arrive through pub/sub, so a token revoked on one replica closes its sockets on every replica at
  // once; the periodic sweep covers the messages Redis lost.
  const revocations = pubSub.subscribe(Topic.CREDENTIAL_REVOKED);
  void (async () => {
    for await (const payload of revocations) {
      // Credential checks cached on this replica (auth/recent-checks.ts) must not outlive a revocation made elsewhere.
      gate.forgetRecentChecks();
      closeCredential(`${String(payload.type)}:${String(payload.id)}`);
    }
  })().catch(options.logError);

  return {
    isSubscribed: shared.isSubscribed,
    subscriptions: () => ({ open: shared.subscriptions(), streams: shared.activeStreams() }),
    async dispose() {
      clearInterval(timer);
      await revocations.return?.();
      await cleanup.dispose();
    },
  };
}
