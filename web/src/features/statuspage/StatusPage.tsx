import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import {
  PublicPageChange,
  applyPublicPageChange,
  componentStateLabel,
  formatPublicTime,
  publicStatusLabel,
} from '@vigil/shared';
import { PublicIncidentFieldsFragment, PublicPageFieldsFragment } from '../../gql/graphql';
import { PUBLIC_STATUS } from './statuspage.graphql';
import './statuspage.css';

/**
 * The public status page: no login, only what was published. Live through Server-Sent Events, because the
 * GraphQL WebSocket admits only signed-in callers; the stream sends the whole page again after a reconnect.
 */
export function StatusPage() {
  const { data, error } = useQuery(PUBLIC_STATUS, { fetchPolicy: 'network-only' });
  const [page, setPage] = useState<PublicPageFieldsFragment | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (data) setPage(data.publicStatus);
  }, [data]);
  useEffect(() => {
    let source: EventSource;
    let version: string | null = null;
    const open = () => {
      source = new EventSource('/api/status/stream');
      source.addEventListener('status', (e) => {
        const event = e as MessageEvent<string>;
        version = event.lastEventId;
        setPage(JSON.parse(event.data) as PublicPageFieldsFragment);
        setLive(true);
      });
      // Only what changed since the version this page has; one built on another version means a missed event.
      source.addEventListener('change', (e) => {
        const { from, to, change } = JSON.parse((e as MessageEvent<string>).data) as {
          from: string;
          to: string;
          change: PublicPageChange<PublicIncidentFieldsFragment>;
        };
        if (from !== version) {
          source.close();
          version = null;
          open();
          return;
        }
        version = to;
        setPage((page) =>
          page ? applyPublicPageChange<PublicIncidentFieldsFragment, PublicPageFieldsFragment>(page, change) : page,
        );
      });
      source.onerror = () => setLive(false);
    };
    open();
    return () => source.close();
  }, []);
  useEffect(() => {
    document.title = page ? `Status — ${page.headline}` : 'Status';
  }, [page]);

  return (
    <div className="sp">
      <div className="sp-wrap">
        <header className="sp-header">
          <span className="sp-brand">Service status</span>
          <nav className="sp-links">
            <a href="/status/feed.atom">Atom feed</a>
            <a href="/api/status.json">JSON</a>
          </nav>
        </header>
        {!page && !error && <p className="sp-muted">Loading…</p>}
        {!page && error && <p className="sp-banner sp-MAJOR_OUTAGE">The status page cannot be loaded right now.</p>}
        {page && <StatusBody page={page} live={live} />}
      </div>
    </div>
  );
}

function StatusBody({ page, live }: { page: PublicPageFieldsFragment; live: boolean }) {
  return (
    <>
      <div className={`sp-banner sp-${page.state}`} data-testid="status-headline">
        {page.headline}
      </div>

      {page.activeIncidents.length > 0 && (
        <section className="sp-section" aria-label="Active incidents">
          <h2>Active incidents</h2>
          {page.activeIncidents.map((i) => (
            <IncidentCard key={i.id} incident={i} />
          ))}
        </section>
      )}

      <section className="sp-section" aria-label="Components">
        <h2>Components</h2>
        {page.components.length === 0 && <p className="sp-muted">No components listed.</p>}
        <ul className="sp-components">
          {page.components.map((c) => (
            <li key={c.name} data-testid={`component-${c.name}`}>
              <span>{c.name}</span>
              <span className={`sp-state sp-text-${c.state}`}>{componentStateLabel(c.state)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="sp-section" aria-label="Scheduled maintenance">
        <h2>Scheduled maintenance</h2>
        {page.scheduledMaintenance.length === 0 && <p className="sp-muted">No maintenance scheduled.</p>}
        {page.scheduledMaintenance.map((m) => (
          <div key={`${m.title}-${m.startsAt}`} className="sp-card">
            <b>{m.title}</b>
            <div className="sp-muted">
              {formatPublicTime(new Date(m.startsAt))} –{' '}
              {m.endsAt ? formatPublicTime(new Date(m.endsAt)) : 'until further notice'}
              {m.components.length > 0 && ` · ${m.components.join(', ')}`}
            </div>
          </div>
        ))}
      </section>

      <section className="sp-section" aria-label="Past incidents">
        <h2>
          Past incidents <span className="sp-muted">(14 days)</span>
        </h2>
        {page.pastIncidents.length === 0 && <p className="sp-muted">No incidents in the last 14 days.</p>}
        {page.pastIncidents.map((i) => (
          <IncidentCard key={i.id} incident={i} />
        ))}
      </section>
      <SubscribeForm components={page.components.map((c) => c.name)} />
      <footer className="sp-footer sp-muted" data-testid="status-footer">
        Updated {formatPublicTime(new Date(page.generatedAt))} · times in UTC ·{' '}
        {live ? 'updates live' : 'live updates paused, reconnecting'}
      </footer>
    </>
  );
}

/** The server-rendered page's form (statuspage.html.ts), as is: a plain POST that needs no script. */
function SubscribeForm({ components }: { components: string[] }) {
  return (
    <section className="sp-section" aria-label="Subscribe to updates">
      <h2>Subscribe to updates</h2>
      <form className="sp-subscribe" method="post" action="/status/subscribe">
        <label htmlFor="sp-email">Email address</label>
        <div className="sp-subscribe-row">
          <input id="sp-email" name="email" type="email" required autoComplete="email" placeholder="you@example.com" />
          <button type="submit">Subscribe</button>
        </div>
        {components.length > 0 && (
          <fieldset>
            <legend>
              Components <span className="sp-muted">(none ticked: all)</span>
            </legend>
            {components.map((name) => (
              <label key={name}>
                <input type="checkbox" name="component" value={name} /> {name}
              </label>
            ))}
          </fieldset>
        )}
        <p className="sp-muted sp-small">
          We email you a link to confirm; nothing else is sent until you do. Every email has a link to unsubscribe.
        </p>
      </form>
    </section>
  );
}

function IncidentCard({ incident }: { incident: PublicIncidentFieldsFragment }) {
  return (
    <article
      className={`sp-card sp-edge-${incident.status === 'RESOLVED' ? 'OPERATIONAL' : incident.impact}`}
      id={`incident-${incident.id}`}
      data-testid={`public-incident-${incident.id}`}
    >
      <div className="sp-card-head">
        <h3>{incident.title}</h3>
        <span className={`sp-word sp-word-${incident.status}`}>{publicStatusLabel(incident.status)}</span>
      </div>
      <div className="sp-muted sp-small">
        {incident.components.length > 0 && <>Affects {incident.components.join(', ')} · </>}
        Started {formatPublicTime(new Date(incident.startedAt))}
        {incident.resolvedAt && <> · resolved {formatPublicTime(new Date(incident.resolvedAt))}</>}
      </div>
      {incident.updates.length > 0 ? (
        <ol className="sp-updates">
          {incident.updates.map((u) => (
            <li key={u.id}>
              {u.status && <b>{publicStatusLabel(u.status)}</b>} <span className="sp-line">{u.line}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="sp-muted sp-small">We are looking into it. Updates will follow here.</p>
      )}
    </article>
  );
}
