import { ApolloProvider } from '@apollo/client/react';
import { useMemo } from 'react';
import { Wall } from '../features/incidents/Wall';
import { createVigilClient } from './apollo';

/** One build serves every screen; the path picks it. */
export function App() {
  const client = useMemo(() => createVigilClient(), []);
  return (
    <ApolloProvider client={client.apollo}>
      <Wall client={client} />
    </ApolloProvider>
  );
}
