import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { Client, createClient } from 'graphql-ws';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface VigilClient {
  apollo: ApolloClient;
  ws: Client;
  /** Tells the listener about every WebSocket state change, with the time of the last good connection. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

/** Queries and mutations over HTTP, subscriptions over graphql-ws on the same origin and path. */
export function createVigilClient(origin = window.location.origin): VigilClient {
  const listeners = new Set<(s: ConnectionState) => void>();
  const emit = (s: ConnectionState) => listeners.forEach((l) => l(s));
  const ws = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    lazy: false,
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
      return def.kind === 'OperationDefinition' && def.operation === 'subscription';
    },
    new GraphQLWsLink(ws),
    new HttpLink({ uri: `${origin}/graphql` }),
  );
  const apollo = new ApolloClient({ link, cache: new InMemoryCache() });
  return {
    apollo,
    ws,
    onConnectionChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
