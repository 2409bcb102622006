import { formatUtc, formatUtcTime } from '@vigil/shared';
import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link } from '../../app/router';
import { useVigilClient } from '../../app/vigilClient';
import { TimelineEventFieldsFragment } from '../../gql/graphql';
import { useConnection } from '../incidents/useConnection';
import { useNow } from '../incidents/useNow';
import { acknowledgeCountdown, countdown } from '../incidents/wallModel';
import { Checklists } from './Checklists';
import {
  CONSOLE_INCIDENT_CHANGED,
  INCIDENT_CHECKLISTS,
  INCIDENT_PAGE,
  INCIDENT_TIMELINE_ADDED,
} from './console.graphql';
import { mergeTimeline, servicesPrimaryFirst } from './consoleModel';
import { IncidentActions } from './IncidentActions';
import { NotificationsPanel } from './NotificationsPanel';
import { PublicationPanel } from './PublicationPanel';
import { ChangesPanel, PostmortemLink, RespondersPanel } from './IncidentResponse';

/** One incident: its clocks, the full live timeline, and the procedure's actions. */
export function IncidentPage({ id }: { id: string }) {
  const now = useNow();
  const connection = useConnection(useVigilClient(), now);
  const { data, error, refetch } = useQuery(INCIDENT_PAGE, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const apollo = useApolloClient();
  const [live, setLive] = useState<TimelineEventFieldsFragment[]>([]);

  // Field changes land in the normalised cache by id; timeline lines are appended as they arrive.
  useSubscription(CONSOLE_INCIDENT_CHANGED, { variables: { id } });
  useSubscription(INCIDENT_TIMELINE_ADDED, {
    variables: { incidentId: id },
    onData: ({ data: d }) => {
      const event = d.data?.timelineEventAdded;
      if (!event) return;
      setLive((l) => [...l, event]);
      // Someone else ticked an item: fetch the checklists; the cache merges them into this incident.
      if (event.type === 'CHECKLIST')
        void apollo
          .query({ query: INCIDENT_CHECKLISTS, variables: { id }, fetchPolicy: 'network-only' })
          .catch(() => undefined);
    },
  });
  useEffect(() => {
    if (connection.generation > 1) void refetch();
  }, [connection.generation, refetch]);

  if (error && !data) {
    const notFound = error.message.includes('No incident');
    return (
      <section className="panel">
        <h1>{notFound ? `No incident #${id}` : 'Could not load the incident'}</h1>
        <p className="form-error">{error.message}</p>
        <Link to="/incidents">Back to incidents</Link>
      </section>
    );
  }
  if (!data)
    return (
      <section className="panel">
        <p className="muted">Loading incident #{id}…</p>
      </section>
    );

  const incident = data.incident;
  const timeline = mergeTimeline(
    incident.timeline,
    live.filter((e) => e.incidentId === incident.id),
  );
  const ack = acknowledgeCountdown(
    incident.acknowledgeBy,
    incident.acknowledgedAt ?? null,
    incident.resolvedAt ?? null,
    now,
  );
  const res = countdown(incident.resolveBy, incident.resolvedAt ?? null, now);
  return (
    <div className="incident-page" data-testid="incident-page">
      <section className={`panel incident-head sev-edge-${incident.severity}`}>
        <div className="head-top">
          <span className={`sev-badge big sev-badge-${incident.severity}`}>{incident.severity}</span>
          <div className="head-title">
            <h1>{incident.title}</h1>
            <div className="muted">
              #{incident.id} · {incident.policy.name} · detected {formatUtc(incident.detectedAt)} ·{' '}
              {incident.source.replace('_', ' ').toLowerCase()}
              {incident.services.length > 0 && (
                <>
                  {' · '}
                  <span className="incident-services" data-testid="incident-services">
                    {servicesPrimaryFirst(incident.services, incident.primaryService).map((s, n) => (
                      <span key={s.id}>
                        {n > 0 && ', '}
                        {s.primary ? (
                          <span className="service-primary" data-testid="service-primary">
                            {s.name}{' '}
                            <span className="primary-tag" title="The primary service: its escalation policy pages">
                              primary
                            </span>
                          </span>
                        ) : (
                          s.name
                        )}
                      </span>
                    ))}
                  </span>
                </>
              )}
            </div>
          </div>
          <PostmortemLink incidentId={incident.id} resolved={incident.status === 'RESOLVED'} />
          <span className={`status-pill big st-${incident.status}`} data-testid="incident-status">
            {incident.status}
          </span>
        </div>
        {incident.summary && <p className="summary">{incident.summary}</p>}
        <div className="clocks">
          <div className={`clock-card sla-${ack.state}`} data-testid="ack-clock">
            <small>Acknowledge ({incident.policy.response})</small>
            {ack.label}
          </div>
          <div className={`clock-card sla-${res.state}`}>
            <small>Resolve ({incident.policy.resolution})</small>
            {res.label}
          </div>
          <div className={`clock-card ${incident.statusUpdate.overdue ? 'sla-BREACHED' : ''}`}>
            <small>Next status update</small>
            {incident.statusUpdate.nextUpdateDueAt
              ? `${incident.statusUpdate.overdue ? 'OVERDUE since' : 'due'} ${formatUtcTime(incident.statusUpdate.nextUpdateDueAt)} UTC`
              : 'no cadence'}
          </div>
          <div className="clock-card">
            <small>Public status</small>
            {incident.publicStatus.charAt(0) + incident.publicStatus.slice(1).toLowerCase()}
          </div>
        </div>
      </section>
      <div className="incident-grid">
        <section className="panel timeline-panel" aria-label="Timeline">
          <h2>Timeline</h2>
          <ol className="timeline" data-testid="timeline">
            {timeline.map((e) => (
              <li key={e.id} className={`tl tl-${e.type}`}>
                <time dateTime={e.at}>{formatUtcTime(e.at)}</time>
                <span className="tl-type">{e.type.replace(/_/g, ' ').toLowerCase()}</span>
                <span className="tl-msg">
                  {e.message}
                  {e.public && <span className="public-tag">public</span>}
                </span>
                <span className="tl-actor muted">{e.actorName}</span>
              </li>
            ))}
          </ol>
        </section>
        <div className="side">
          <IncidentActions incident={incident} />
          <Checklists incidentId={incident.id} checklists={incident.checklists} />
        </div>
        <div className="side side-2">
          <RespondersPanel id={incident.id} tick={timeline.length} />
          <ChangesPanel id={incident.id} tick={timeline.length} />
          <PublicationPanel id={incident.id} tick={timeline.length} />
          <NotificationsPanel id={incident.id} tick={timeline.length} />
        </div>
      </div>
    </div>
  );
}
