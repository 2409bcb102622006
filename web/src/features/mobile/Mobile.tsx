import { useQuery, useSubscription } from '@apollo/client/react';
import { Link } from '../../app/router';
import { Route } from '../../app/routes';
import { useVigilClient } from '../../app/vigilClient';
import { ESCALATION_CHANGED, INCIDENT_CHANGED } from '../incidents/incidents.graphql';
import { useConnection } from '../incidents/useConnection';
import { useNow } from '../incidents/useNow';
import { MobileIncidentPage } from './MobileIncidentPage';
import { MOBILE_INCIDENTS } from './mobile.graphql';
import { mobileSections } from './mobileModel';
import { MobileIncidentCard } from './MobileIncidentCard';
import './mobile.css';

/**
 * The responder view for a phone (issue 18): the pages waiting for me first, big buttons, usable one-handed at
 * 390×844. A push notification, an SMS link or a bookmark lands here; the full console stays at /incidents.
 */
export function Mobile({ route }: { route: Route }) {
  const now = useNow();
  const connection = useConnection(useVigilClient(), now);
  return (
    <div className="mobile">
      <header className="mobile-header">
        <Link to="/m" className="brand">
          Vigil
        </Link>
        <span className={`conn conn-${connection.state.toLowerCase()}`} data-testid="connection" role="status">
          {connection.label}
        </span>
      </header>
      <main>
        {route.name === 'mobileIncident' ? (
          <MobileIncidentPage key={route.id} id={route.id} now={now} />
        ) : (
          <MobileList now={now} />
        )}
      </main>
    </div>
  );
}

function MobileList({ now }: { now: Date }) {
  const { data, loading, error, refetch } = useQuery(MOBILE_INCIDENTS, { fetchPolicy: 'cache-and-network' });
  // Any change to an incident or its ladder may move it between the lists: read them again.
  useSubscription(INCIDENT_CHANGED, { onData: () => void refetch() });
  useSubscription(ESCALATION_CHANGED, { onData: () => void refetch() });
  if (error && !data) return <SignInOrError message={error.message} />;
  if (!data) return <p className="mobile-note">{loading ? 'Loading…' : ''}</p>;
  if (!data.me) return <SignInOrError />;
  const { mine, others } = mobileSections(data.incidents.nodes, data.me.id);
  return (
    <>
      <section aria-labelledby="mine-title">
        <h1 id="mine-title">Waiting for you</h1>
        {mine.length === 0 ? (
          <p className="mobile-note" data-testid="no-pages">
            No page is waiting for you.
          </p>
        ) : (
          <ul className="mobile-cards" data-testid="my-pages">
            {mine.map((i) => (
              <MobileIncidentCard key={i.id} incident={i} now={now} mine />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="open-title">
        <h2 id="open-title">Other open incidents</h2>
        {others.length === 0 ? (
          <p className="mobile-note">None.</p>
        ) : (
          <ul className="mobile-cards" data-testid="other-incidents">
            {others.map((i) => (
              <MobileIncidentCard key={i.id} incident={i} now={now} mine={false} />
            ))}
          </ul>
        )}
      </section>
      <p className="mobile-note">
        <Link to="/incidents">Full console</Link> · <Link to="/me/notifications">My notifications</Link>
      </p>
    </>
  );
}

/** Not signed in (or the session ended): one big way in that comes back here. */
export function SignInOrError({ message }: { message?: string }) {
  const next = encodeURIComponent(window.location.pathname);
  return (
    <section className="mobile-signin">
      {message && <p className="field-error">{message}</p>}
      <a className="big-button" href={`/login?next=${next}`} data-testid="mobile-sign-in">
        Sign in
      </a>
    </section>
  );
}
