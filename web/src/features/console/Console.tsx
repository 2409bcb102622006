import { Route } from '../../app/routes';
import { useMutation, useQuery } from '@apollo/client/react';
import { Link, useRouter } from '../../app/router';
import { useVigilClient } from '../../app/vigilClient';
import { useConnection } from '../incidents/useConnection';
import { useNow } from '../incidents/useNow';
import { staleness } from '../incidents/wallModel';
import { DeclarePage } from './DeclarePage';
import { IncidentList } from './IncidentList';
import { LOGOUT, ME } from './console.graphql';
import { IncidentPage } from './IncidentPage';
import { LoginPage } from './LoginPage';
import { MaintenancePage } from '../maintenance/MaintenancePage';
import { OnCallPage } from '../oncall/OnCallPage';
import { PostmortemList } from '../postmortems/PostmortemList';
import { PostmortemPage } from '../postmortems/PostmortemPage';
import './console.css';

/** The responder console: incidents, declare, post-mortems and their action items, on-call. */
export function Console({ route }: { route: Route }) {
  return (
    <div className="console">
      <ConsoleHeader />
      <main className="console-main">
        {route.name === 'incidents' && <IncidentList />}
        {route.name === 'incident' && <IncidentPage key={route.id} id={route.id} />}
        {route.name === 'declare' && <DeclarePage />}
        {route.name === 'login' && <LoginPage />}
        {route.name === 'postmortems' && <PostmortemList />}
        {route.name === 'postmortem' && <PostmortemPage key={route.id} id={route.id} />}
        {route.name === 'oncall' && <OnCallPage />}
        {route.name === 'maintenance' && <MaintenancePage />}
        {route.name === 'notFound' && (
          <section className="panel">
            <h1>Not found</h1>
            <p>
              There is no page here. <Link to="/incidents">Back to incidents</Link>.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}

function ConsoleHeader() {
  const connection = useConnection(useVigilClient());
  const now = useNow();
  const live = connection.state === 'connected';
  const { location } = useRouter();
  const me = useQuery(ME, { fetchPolicy: 'cache-and-network' });
  const [logout] = useMutation(LOGOUT);
  // The section the page belongs to is marked in the header ("/" is the incident list).
  const here = (prefix: string) =>
    (location.pathname === '/' ? '/incidents' : location.pathname).startsWith(prefix) ? 'active' : undefined;
  const signIn = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <header className="console-header">
      <Link to="/incidents" className="brand">
        Vigil
      </Link>
      <nav>
        <Link to="/incidents" className={here('/incidents')}>
          Incidents
        </Link>
        <Link to="/declare" className={here('/declare')} data-testid="nav-declare">
          Declare incident
        </Link>
        <Link to="/postmortems" className={here('/postmortems')} data-testid="nav-postmortems">
          Post-mortems
        </Link>
        <Link to="/oncall" className={here('/oncall')} data-testid="nav-oncall">
          On call
        </Link>
        <Link to="/maintenance" className={here('/maintenance')} data-testid="nav-maintenance">
          Maintenance
        </Link>
        <Link to="/wall">Wall</Link>
        <Link to="/status">Status page</Link>
      </nav>
      {/* Nobody is signed in on the sign-in page, so no live connection is expected: no alarm there. */}
      {location.pathname === '/login' ? (
        <span className="conn" />
      ) : (
        <span className={`conn conn-${connection.state}`} data-testid="connection" role="status">
          {live
            ? '● LIVE'
            : `● ${connection.state === 'connecting' ? 'RECONNECTING' : 'DISCONNECTED'} · ${staleness(connection.lastLiveAt, now)}`}
        </span>
      )}
      {me.data?.me ? (
        <span className="who">
          {me.data.me.name} <span className="muted">({me.data.me.role.toLowerCase()})</span>
          <button
            type="button"
            className="linklike"
            onClick={() => void logout().finally(() => window.location.assign('/login'))}
          >
            Sign out
          </button>
        </span>
      ) : (
        location.pathname !== '/login' &&
        me.data && (
          <Link to={signIn} data-testid="sign-in">
            Sign in
          </Link>
        )
      )}
    </header>
  );
}
