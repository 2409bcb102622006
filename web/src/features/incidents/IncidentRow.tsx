import { formatUtc } from '@vigil/shared';
import { useSubscription } from '@apollo/client/react';
import { ESCALATION_CHANGED } from './incidents.graphql';
import { SlaClock } from './SlaClock';
import {
  WallEscalation,
  WallIncident,
  acknowledgeCountdown,
  commanderOf,
  countdown,
  ladderView,
  supportRoles,
} from './wallModel';

interface Rollback {
  recommended: boolean;
  reasons: Array<{ rule: string; message: string }>;
  suspectDeployment?: {
    version: string;
    deployedAt: string;
    deployedBy?: string | null;
    service?: { name: string } | null;
  } | null;
}

export type WallRowIncident = WallIncident & { rollback?: Rollback };

/** One open incident: what a room must see at a glance, every clock ticking on the client. */
export function IncidentRow({
  incident,
  now,
  onEscalation,
}: {
  incident: WallRowIncident;
  now: Date;
  onEscalation: (id: string, e: WallEscalation | null) => void;
}) {
  // The push carries no incident id, so each row listens to its own ladder.
  useSubscription(ESCALATION_CHANGED, {
    variables: { incidentId: incident.id },
    onData: ({ data: d }) => d.data && onEscalation(incident.id, d.data.escalationChanged ?? null),
  });
  const ack = acknowledgeCountdown(incident.acknowledgeBy, incident.acknowledgedAt, incident.resolvedAt, now);
  const resolve = countdown(incident.resolveBy, incident.resolvedAt, now);
  const commander = commanderOf(incident);
  const due = incident.statusUpdate.nextUpdateDueAt
    ? countdown(incident.statusUpdate.nextUpdateDueAt, null, now)
    : null;
  // The server judged "overdue" when it answered; the wall's own clock keeps judging after that.
  const updateOverdue = incident.statusUpdate.overdue || due?.state === 'BREACHED';
  const ladder = incident.escalation ? ladderView(incident.escalation, now) : null;
  const rollback = incident.rollback?.recommended ? incident.rollback : null;
  const suspect = rollback?.suspectDeployment;
  return (
    <article
      className={`incident sev-${incident.severity}${ack.state === 'BREACHED' || resolve.state === 'BREACHED' ? ' breached' : ''}`}
      data-testid={`incident-${incident.id}`}
    >
      <div className="sev">{incident.severity}</div>
      <div className="title">{incident.title}</div>
      <div className="who">
        <div className="meta">
          #{incident.id} ·{' '}
          <span className="status" data-testid="status">
            {incident.status}
          </span>
          {incident.services.length > 0 && <> · {incident.services.map((s) => s.name).join(', ')}</>}
          {supportRoles(incident) && (
            <span className="support-roles" data-testid="support-roles">
              {' '}
              · {supportRoles(incident)}
            </span>
          )}
        </div>
        <div className={commander ? 'commander' : 'no-commander'} data-testid="commander">
          {commander ? `IC ${commander}` : 'no commander'}
        </div>
      </div>
      <SlaClock
        label="acknowledge"
        deadline={incident.acknowledgeBy}
        doneAt={incident.acknowledgedAt}
        now={now}
        testId="ack-countdown"
      />
      <SlaClock
        label="resolve"
        deadline={incident.resolveBy}
        doneAt={incident.resolvedAt}
        now={now}
        testId="resolve-countdown"
      />
      <div className={`clock${updateOverdue ? ' update-overdue' : ''}`} data-testid="update-due">
        <small>next update</small>
        {updateOverdue ? 'UPDATE OVERDUE' : due ? due.label : '—'}
      </div>
      <div className={`ladder ladder-${ladder?.state ?? 'NONE'}`} data-testid="escalation">
        {ladder ? (
          <>
            <small>
              {ladder.level}
              <span className="ladder-next"> · {ladder.next}</span>
            </small>
            <div className="ladder-level" data-testid="escalation-level">
              {ladder.paged}
            </div>
          </>
        ) : (
          <>
            <small>escalation</small>
            <div className="ladder-level" data-testid="escalation-level">
              no policy
            </div>
          </>
        )}
      </div>
      {rollback && (
        <div className="rollback" data-testid="rollback">
          ROLLBACK RECOMMENDED
          {suspect && (
            <>
              {' '}
              · suspect: {suspect.service?.name ?? 'service'} {suspect.version}, deployed{' '}
              {formatUtc(suspect.deployedAt)}
              {suspect.deployedBy ? ` by ${suspect.deployedBy}` : ''}
            </>
          )}
          {rollback.reasons.length > 0 && <> · {rollback.reasons.map((r) => r.message).join('; ')}</>}
        </div>
      )}
    </article>
  );
}
