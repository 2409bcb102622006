import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition, print } from '@apollo/client/utilities';
import { DocumentNode, Kind, OperationTypeNode } from 'graphql';
import { Client, createClient } from 'graphql-ws';
import {
  CONNECT_TIMEOUT_MS,
  KEEPALIVE_MS,
  LinkFacts,
  PONG_TIMEOUT_MS,
  initialLinkFacts,
  retryWaitMs,
} from './connectionModel';
import { RESYNC } from './resync.graphql';

/**
 * The sha256 codegen gave a document (web/codegen.ts: every document is a trusted document), as the bare hex Apollo's
 * persisted-query extension carries. A document without one gets an id no server knows: the server answers
 * PERSISTED_QUERY_NOT_FOUND and the link sends the text instead (refused in production for sessions and walls).
 */
function trustedDocumentHash(document: DocumentNode): string {
  const hash = (document as DocumentNode & { __meta__?: { hash?: unknown } }).__meta__?.hash;
  return typeof hash === 'string' ? hash.replace(/^sha256:/, '') : '';
}

/** How a document is named to the server: its trusted id, never its text (the server runs what it registered). */
const persistedQuery = (document: DocumentNode) => ({
  persistedQuery: { version: 1, sha256Hash: trustedDocumentHash(document) },
});

export interface VigilClient {
  apollo: ApolloClient;
  ws: Client;
  /** Tells the listener whenever the link's facts change (state, last heard from the server, reconnects). */
  onConnectionChange(listener: () => void): () => void;
  /** The facts now (the same object until they change), for `useSyncExternalStore`. */
  connection(): LinkFacts;
}

/**
 * A read-only wall token comes in the URL (`/wall?token=…`) so an unattended screen needs no login form; it is
 * kept for the tab's lifetime and removed from the address bar. People in the console sign in with a session
 * cookie, which the browser sends with both HTTP and the WebSocket upgrade.
 */
export function takeUrlToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    window.sessionStorage.setItem('vigil.token', fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
  }
  return fromUrl ?? window.sessionStorage.getItem('vigil.token');
}

/** Queries and mutations over HTTP, subscriptions over graphql-ws on the same origin and path. */
export function createVigilClient(
  origin = window.location.origin,
  token: string | null = takeUrlToken(),
  options: { lazy?: boolean } = {},
): VigilClient {
  const listeners = new Set<() => void>();
  let facts: LinkFacts = initialLinkFacts;
  const update = (change: Partial<LinkFacts>) => {
    facts = { ...facts, ...change };
    listeners.forEach((l) => l());
  };
  const heard = () => update({ lastHeardAt: Date.now() });
  // A socket can die without a close ever arriving (a network that drops packets, a laptop lid, a NAT that forgot the
  // flow): a ping unanswered in time, or a handshake never acknowledged, ends it so graphql-ws retries at once.
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const giveUpAfter = (ms: number) => {
    clearTimeout(deadline);
    deadline = setTimeout(() => ws.terminate(), ms);
  };
  const ws = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    // Eager, so the wall and console show the connection state from the start; lazy for anonymous pages.
    lazy: options.lazy ?? false,
    connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
    keepAlive: KEEPALIVE_MS,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    // Short waits, cut short when the browser says it is online again: a wall catches up seconds after the network.
    retryWait: (retries) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          window.removeEventListener('online', done);
          resolve();
        };
        const timer = setTimeout(done, retryWaitMs(retries, Math.random()));
        window.addEventListener('online', done);
      }),
    on: {
      connecting: () => {
        giveUpAfter(CONNECT_TIMEOUT_MS);
        // Once down, the state stays RECONNECTING through every attempt (connectionModel.ts): no flicker.
        if (facts.socket !== 'closed') update({ socket: 'connecting' });
      },
      connected: () => {
        clearTimeout(deadline);
        update({ socket: 'connected', lastHeardAt: Date.now(), connects: facts.connects + 1 });
      },
      ping: (received) => {
        if (!received) giveUpAfter(PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(deadline);
      },
      message: heard,
      closed: () => {
        clearTimeout(deadline);
        update({ socket: 'closed' });
      },
    },
  });
  // The browser knows it lost the network before any ping would: no need to wait for the deadline.
  if (typeof window !== 'undefined') window.addEventListener('offline', () => ws.terminate());
  const link = ApolloLink.split(
    ({ query }) => {
      const def = getMainDefinition(query);
      return def.kind === Kind.OPERATION_DEFINITION && def.operation === OperationTypeNode.SUBSCRIPTION;
    },
    new GraphQLWsLink(ws),
    new HttpLink({
      uri: `${origin}/graphql`,
      credentials: 'same-origin',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
  );
  // Every operation names its trusted document by hash, over HTTP (no text) and WebSocket (graphql-ws needs a text
  // beside it; the server runs the registered document, whatever the text).
  const trusted = new PersistedQueryLink({ generateHash: trustedDocumentHash });
  const apollo = new ApolloClient({ link: trusted.concat(link), cache: new InMemoryCache() });
  // Back after a drop (a replica restarted, the network came back): what happened meanwhile was never pushed to
  // this page, so every query on screen is asked again.
  ws.on('connected', () => {
    if (facts.connects > 1) void apollo.refetchQueries({ include: 'active' });
  });
  // The server says this replica's subscribers may have missed events (its Redis link came back): refetch what is on
  // screen. Signed-in screens only (the status page's anonymous client is lazy and has its own stream).
  if (!(options.lazy ?? false)) {
    ws.subscribe(
      { query: print(RESYNC), extensions: persistedQuery(RESYNC) },
      {
        next: () => void apollo.refetchQueries({ include: 'active' }),
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }
  return {
    apollo,
    ws,
    connection: () => facts,
    onConnectionChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
