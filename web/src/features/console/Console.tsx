import { Route } from '../../app/routes';
import { AccountPage } from '../account/AccountPage';
import { useMutation, useQuery } from '@apollo/client/react';
import { Link, useRouter } from '../../app/router';
import { useVigilClient } from '../../app/vigilClient';
import { useConnection } from '../incidents/useConnection';
import { useNow } from '../incidents/useNow';
import { DeclarePage } from './DeclarePage';
import { IncidentList } from './IncidentList';
import { LOGOUT, ME } from './console.graphql';
import { IncidentPage } from './IncidentPage';
import { LoginPage } from './LoginPage';
import { MaintenancePage } from '../maintenance/MaintenancePage';
import { MyNotificationsPage } from '../paging/MyNotificationsPage';
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
        {route.name === 'myNotifications' && <MyNotificationsPage />}
        {route.name === 'account' && <AccountPage />}
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
  const now = useNow();
  const connection = useConnection(useVigilClient(), now);
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
        <Link to="/me/notifications" className={here('/me/notifications')} data-testid="nav-my-notifications">
          My notifications
        </Link>
        <Link to="/wall">Wall</Link>
        <Link to="/status">Status page</Link>
      </nav>
      {/* Before there is a session (the sign-in page, a signed-out visit) no live connection is expected: no alarm. */}
      {location.pathname === '/login' || !me.data?.me ? (
        <span className="conn" />
      ) : (
        <span className={`conn conn-${connection.state.toLowerCase()}`} data-testid="connection" role="status">
          {connection.label}
        </span>
      )}
      {me.data?.me ? (
        <span className="who">
          <Link
            to="/account"
            className={here('/account')}
            data-testid="nav-account"
            title={`Signed in as ${me.data.me.name} (${me.data.me.role.toLowerCase()})`}
          >
            Account
          </Link>{' '}
          <span className="muted">
            {me.data.me.name} ({me.data.me.role.toLowerCase()})
          </span>
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
