import { ApolloProvider } from '@apollo/client/react';
import { Suspense, lazy, useMemo } from 'react';
import { Wall } from '../features/incidents/Wall';
import { createVigilClient, takeUrlToken } from './apollo';
import { DemoBanner } from './DemoBanner';
import { RouterProvider, useRouter } from './router';
import { matchRoute } from './routes';
import { VigilClientContext, useVigilClient } from './vigilClient';

// The wall loads alone; the console and the status page are separate chunks fetched on first visit.
const Console = lazy(() => import('../features/console/Console').then((m) => ({ default: m.Console })));
const Mobile = lazy(() => import('../features/mobile/Mobile').then((m) => ({ default: m.Mobile })));
const StatusPage = lazy(() => import('../features/statuspage/StatusPage').then((m) => ({ default: m.StatusPage })));

/** One build serves every screen; the path picks it. */
export function App() {
  // The public status page is anonymous: it opens no WebSocket (which would be refused) unless one is needed.
  const client = useMemo(
    () =>
      createVigilClient(window.location.origin, takeUrlToken(), {
        lazy: matchRoute(window.location.pathname).name === 'status',
      }),
    [],
  );
  return (
    <ApolloProvider client={client.apollo}>
      <VigilClientContext.Provider value={client}>
        <RouterProvider>
          <Screen />
        </RouterProvider>
      </VigilClientContext.Provider>
    </ApolloProvider>
  );
}

function Screen() {
  const { route } = useRouter();
  if (route.name === 'wall') return <WallScreen />;
  return (
    <>
      <DemoBanner />
      <Suspense fallback={<div className="loading">Loading…</div>}>
        {route.name === 'status' ? (
          <StatusPage />
        ) : route.name === 'mobile' || route.name === 'mobileIncident' ? (
          <Mobile route={route} />
        ) : (
          <Console route={route} />
        )}
      </Suspense>
    </>
  );
}

function WallScreen() {
  return <Wall client={useVigilClient()} />;
}
