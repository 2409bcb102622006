import { In } from 'typeorm';
import {
  Actor,
  CHECKLIST_EVENT_TYPES,
  IncidentStatus,
  PublicStatus,
  LIMITS,
  checklistStates,
  decideResolution,
  missingVerification,
  moverOf,
  optionalText,
  planTransition,
  reopenedPublicUpdate,
  resolvedPublicUpdate,
  retractionPublicUpdate,
  resolutionNote,
  validationError,
} from '@vigil/shared';
import type { Decide, EventDraft } from './incident.service';
import { TimelineEvent } from '../model/timeline-event.entity';

/**
 * A lifecycle move as a change: the domain plans it (which times get stamped, by a person or by monitoring), and a
 * move to RESOLVED also checks the resolution verification as the timeline records it, in the same transaction.
 * The note is checked now, before any transaction starts.
 */
export function transitionDecision(
  to: IncidentStatus,
  note: string | null | undefined,
  actor: Actor,
  overrideReason?: string | null,
  publicMessage?: string | null,
): Decide {
  const text = optionalText('note', note, LIMITS.note);
  const publicText = optionalText('publicMessage', publicMessage, LIMITS.note);
  const by = moverOf(actor);
  return async (incident, now, m) => {
    // Monitoring resolving an unacknowledged incident leaves it unacknowledged: auto-resolved, not a 0 s MTTA.
    const plan = planTransition(incident, to, now, by);
    // A reopen is a reopen however it is asked for: it says why (as reopenIncident's reason does).
    if (plan.eventType === 'REOPENED' && !text)
      throw validationError(
        'note',
        'Reopening a resolved incident needs a reason: say why in note (or use reopenIncident).',
      );
    const base = {
      ACKNOWLEDGED: 'Acknowledged',
      RESOLVED: 'Resolved',
      REOPENED: `Reopened (${plan.from} → ${to})`,
      STATUS_CHANGED: `Status ${plan.from} → ${to}`,
    }[plan.eventType];
    const data: Record<string, unknown> = {
      from: plan.from,
      to,
      note: text,
      ...(plan.eventType === 'REOPENED' ? { reason: text } : {}),
    };
    let message = text ? `${base}: ${text}` : base;
    if (plan.eventType === 'RESOLVED') {
      const checks = await m.find(TimelineEvent, {
        where: { incidentId: incident.id, type: In([...CHECKLIST_EVENT_TYPES]) },
        order: { id: 'ASC' },
      });
      const verification = decideResolution({
        missing: missingVerification(checklistStates(checks)),
        overrideReason,
        by,
      });
      data.verification = verification;
      message += resolutionNote(verification);
    }
    // A reopen tells customers the incident is back (the newest public word must not stay "Resolved"); a resolution
    // tells them it is over (the newest must not stay "Investigating"); a failed mitigation takes back "Monitoring".
    const told =
      plan.eventType === 'REOPENED'
        ? reopenedPublicUpdate(plan.status)
        : plan.eventType === 'RESOLVED'
          ? resolvedPublicUpdate(publicText)
          : retractionPublicUpdate(plan.status, incident.publishedStatus);
    return {
      patch: {
        status: plan.status,
        acknowledgedAt: plan.acknowledgedAt,
        mitigatedAt: plan.mitigatedAt,
        resolvedAt: plan.resolvedAt,
        ...(told ? { publishedStatus: told.publicStatus } : {}),
      },
      events: [{ type: plan.eventType, message, data }, ...(told ? [automaticPublicEvent(told)] : [])],
    };
  };
}

/** A public line Vigil adds itself (reopen, resolution, a retracted word: status-updates.ts), as a posted update is. */
export function automaticPublicEvent(told: { publicStatus: PublicStatus; message: string }): EventDraft {
  return {
    type: 'PUBLIC_UPDATE',
    message: told.message,
    data: { publicStatus: told.publicStatus, automatic: true },
    public: true,
  };
}
