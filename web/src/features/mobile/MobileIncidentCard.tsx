import { Link } from '../../app/router';
import { countdown } from '../incidents/wallModel';
import { MobileIncidentRowFragment } from '../../gql/graphql';

/** One incident in the responder's list: severity, title, the clock that matters now, and who was paged. */
export function MobileIncidentCard({
  incident,
  now,
  mine,
}: {
  incident: MobileIncidentRowFragment;
  now: Date;
  mine: boolean;
}) {
  const clock =
    incident.status === 'TRIGGERED'
      ? { label: 'ack', view: countdown(incident.acknowledgeBy, null, now) }
      : { label: 'resolve', view: countdown(incident.resolveBy, null, now) };
  return (
    <li className={`mobile-card sev-${incident.severity.toLowerCase()}${mine ? ' mine' : ''}`}>
      <Link to={`/m/incidents/${incident.id}`} data-testid={`mobile-incident-${incident.id}`}>
        <span className="sev">{incident.severity}</span>
        <span className="title">{incident.title}</span>
        <span className="meta">
          {incident.status.toLowerCase()} · {incident.services.map((s) => s.name).join(', ') || 'no service'}
        </span>
        <span className={`clock sla-${clock.view.state}`}>
          {clock.label} {clock.view.label}
        </span>
      </Link>
    </li>
  );
}
