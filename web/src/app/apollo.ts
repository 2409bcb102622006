import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition, print } from '@apollo/client/utilities';
import { DocumentNode, Kind, OperationTypeNode } from 'graphql';
import { Client, createClient } from 'graphql-ws';
import { RESYNC } from './resync.graphql';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/**
 * The sha256 codegen gave a document (web/codegen.ts: every document is a trusted document), as the bare hex Apollo's
 * persisted-query extension carries. A document without one gets an id no server knows: the server answers
 * PERSISTED_QUERY_NOT_FOUND and the link sends the text instead (refused in production for sessions and walls).
 */
export function trustedDocumentHash(document: DocumentNode): string {
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
  /** Tells the listener about every WebSocket state change, with the time of the last good connection. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** The state now, for views mounted after the socket connected (lazy-loaded screens). */
  connection(): { state: ConnectionState; lastLiveAt: Date | null };
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
  const listeners = new Set<(s: ConnectionState) => void>();
  let current: ConnectionState = 'connecting';
  let lastLiveAt: Date | null = null;
  const emit = (s: ConnectionState) => {
    if (s === 'connected' || current === 'connected') lastLiveAt = new Date();
    current = s;
    listeners.forEach((l) => l(s));
  };
  const ws = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    // Eager, so the wall and console show the connection state from the start; lazy for anonymous pages.
    lazy: options.lazy ?? false,
    connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
    keepAlive: 10_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** retries, 10_000))),
    on: {
      connecting: () => emit('connecting'),
      connected: () => emit('connected'),
      closed: () => emit('disconnected'),
    },
  });
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
  let connectedBefore = false;
  ws.on('connected', () => {
    if (connectedBefore) void apollo.refetchQueries({ include: 'active' });
    connectedBefore = true;
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
    connection: () => ({ state: current, lastLiveAt }),
    onConnectionChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
