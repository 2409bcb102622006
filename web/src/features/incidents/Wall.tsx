import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { VigilClient } from '../../app/apollo';
import { INCIDENT_CHANGED, OPEN_INCIDENTS, TIMELINE_TICKER } from './incidents.graphql';
import { useConnection } from './useConnection';
import { useNow } from './useNow';
import { WallIncident, countdown, mergeIncident, orderForWall, staleness } from './wallModel';

interface TickerEvent {
  id: string;
  incidentId: string;
  type: string;
  message: string;
  actorName: string;
  at: string;
}

/** The NOC wall: open incidents by severity with live SLA countdowns, and a ticker of everything that happens. */
export function Wall({ client }: { client: VigilClient }) {
  const now = useNow();
  const connection = useConnection(client);
  const { data, refetch } = useQuery(OPEN_INCIDENTS, { fetchPolicy: 'network-only' });
  const [incidents, setIncidents] = useState<WallIncident[]>([]);
  const [ticker, setTicker] = useState<TickerEvent[]>([]);

  useEffect(() => {
    if (data) setIncidents(data.incidents.nodes);
  }, [data]);
  // After a reconnect, fetch again: whatever changed while the socket was down is caught up without a reload.
  useEffect(() => {
    if (connection.generation > 1) void refetch();
  }, [connection.generation, refetch]);

  useSubscription(INCIDENT_CHANGED, {
    onData: ({ data: d }) => d.data && setIncidents((list) => mergeIncident(list, d.data!.incidentChanged)),
  });
  useSubscription(TIMELINE_TICKER, {
    onData: ({ data: d }) => d.data && setTicker((list) => [d.data!.timelineEventAdded, ...list].slice(0, 12)),
  });

  const live = connection.state === 'connected';
  return (
    <div className="wall">
      <header className="wall-header">
        <h1>Vigil</h1>
        <span className="wall-count" data-testid="open-count">{incidents.length} open</span>
        <span className={`conn conn-${connection.state}`} data-testid="connection" role="status">
          {live ? '● LIVE' : `● ${connection.state === 'connecting' ? 'RECONNECTING' : 'DISCONNECTED'} · ${staleness(connection.lastLiveAt, now)}`}
        </span>
        <time className="wall-clock">{now.toISOString().slice(11, 19)} UTC</time>
      </header>
      <main className="wall-body">
        <section className="incidents" aria-label="Open incidents">
          {incidents.length === 0 && <p className="all-clear">All clear: no open incidents.</p>}
          {orderForWall(incidents).map((i) => (
            <IncidentRow key={i.id} incident={i} now={now} />
          ))}
        </section>
        <aside className="ticker" aria-label="Timeline ticker">
          <h2>Timeline</h2>
          {ticker.length === 0 && <p className="muted">Waiting for events…</p>}
          <ol>
            {ticker.map((e) => (
              <li key={e.id}>
                <time>{e.at.slice(11, 19)}</time> <b>#{e.incidentId}</b> {e.message} <span className="muted">— {e.actorName}</span>
              </li>
            ))}
          </ol>
        </aside>
      </main>
    </div>
  );
}

function IncidentRow({ incident, now }: { incident: WallIncident; now: Date }) {
  const ack = countdown(incident.acknowledgeBy, incident.acknowledgedAt, now);
  const resolve = countdown(incident.resolveBy, incident.resolvedAt, now);
  return (
    <article className={`incident sev-${incident.severity}`} data-testid={`incident-${incident.id}`}>
      <div className="sev">{incident.severity}</div>
      <div className="main">
        <div className="title">{incident.title}</div>
        <div className="meta">
          #{incident.id} · <span className="status" data-testid="status">{incident.status}</span>
          {incident.services.length > 0 && <> · {incident.services.map((s) => s.name).join(', ')}</>}
          {incident.statusUpdate.overdue && <span className="overdue"> · STATUS UPDATE OVERDUE</span>}
        </div>
      </div>
      <div className={`clock sla-${ack.state}`} data-testid="ack-countdown">
        <small>acknowledge</small>
        {ack.label}
      </div>
      <div className={`clock sla-${resolve.state}`} data-testid="resolve-countdown">
        <small>resolve</small>
        {resolve.label}
      </div>
    </article>
  );
}
