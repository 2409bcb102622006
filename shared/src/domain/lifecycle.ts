import { DomainError, ErrorCode } from './errors';
import type { Actor } from './timeline';

/** The procedure's phases as incident statuses. MITIGATED is the status page's "Monitoring". */
export const IncidentStatus = {
  TRIGGERED: 'TRIGGERED',
  ACKNOWLEDGED: 'ACKNOWLEDGED',
  INVESTIGATING: 'INVESTIGATING',
  IDENTIFIED: 'IDENTIFIED',
  MITIGATED: 'MITIGATED',
  RESOLVED: 'RESOLVED',
} as const;
export type IncidentStatus = (typeof IncidentStatus)[keyof typeof IncidentStatus];
export const INCIDENT_STATUSES: readonly IncidentStatus[] = Object.values(IncidentStatus);

/** The procedure's three detection sources. */
export const IncidentSource = {
  MONITORING_ALERT: 'MONITORING_ALERT',
  USER_REPORT: 'USER_REPORT',
  INTERNAL_DISCOVERY: 'INTERNAL_DISCOVERY',
} as const;
export type IncidentSource = (typeof IncidentSource)[keyof typeof IncidentSource];

/** The public status page's four words. */
export const PublicStatus = {
  INVESTIGATING: 'INVESTIGATING',
  IDENTIFIED: 'IDENTIFIED',
  MONITORING: 'MONITORING',
  RESOLVED: 'RESOLVED',
} as const;
export type PublicStatus = (typeof PublicStatus)[keyof typeof PublicStatus];

/**
 * Allowed moves. Forward moves may skip phases (a responder who finds the cause at once goes straight to
 * IDENTIFIED; acknowledging is implied). Backward moves are the ones real incidents make: a wrong root cause
 * sends IDENTIFIED back to INVESTIGATING, a mitigation that does not hold sends MITIGATED back. Nothing returns
 * to TRIGGERED, and RESOLVED only leaves by reopening (to INVESTIGATING).
 */
const ALLOWED: Record<IncidentStatus, readonly IncidentStatus[]> = {
  TRIGGERED: ['ACKNOWLEDGED', 'INVESTIGATING', 'IDENTIFIED', 'MITIGATED', 'RESOLVED'],
  ACKNOWLEDGED: ['INVESTIGATING', 'IDENTIFIED', 'MITIGATED', 'RESOLVED'],
  INVESTIGATING: ['IDENTIFIED', 'MITIGATED', 'RESOLVED'],
  IDENTIFIED: ['INVESTIGATING', 'MITIGATED', 'RESOLVED'],
  MITIGATED: ['INVESTIGATING', 'IDENTIFIED', 'RESOLVED'],
  RESOLVED: ['INVESTIGATING'],
};

export function allowedTransitions(from: IncidentStatus): readonly IncidentStatus[] {
  return ALLOWED[from];
}

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function isOpen(status: IncidentStatus): boolean {
  return status !== 'RESOLVED';
}

/**
 * Who moves an incident: a person (the console, the API with a personal token, Slack, an email link) or monitoring
 * (an alert's sender resolving it, a heartbeat pinging again). Only a person, or an explicit acknowledge event,
 * acknowledges: monitoring resolving a 3-second flap is not a response to it.
 */
export type Mover = 'PERSON' | 'MONITORING';

/** Integrations and Vigil itself act for monitoring; everyone else is a person. */
export function moverOf(actor: Pick<Actor, 'kind'>): Mover {
  return actor.kind === 'INTEGRATION' || actor.kind === 'SYSTEM' ? 'MONITORING' : 'PERSON';
}

/** Resolved before anyone acknowledged: only monitoring can do that (a person resolving also acknowledges). */
export function isAutoResolved(i: { acknowledgedAt: Date | null; resolvedAt: Date | null }): boolean {
  return i.resolvedAt !== null && i.acknowledgedAt === null;
}

/** The lifecycle fields of an incident, as the rules see them. */
export interface LifecycleState {
  status: IncidentStatus;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
}

export interface PlannedTransition extends LifecycleState {
  from: IncidentStatus;
  /** The timeline event type this move writes. */
  eventType: 'ACKNOWLEDGED' | 'STATUS_CHANGED' | 'RESOLVED' | 'REOPENED';
}

/**
 * Decides the new lifecycle state for a move to `to` at `now`, or throws INVALID_TRANSITION naming both states.
 * Acknowledgement is stamped on the first acknowledge, or the first move a person makes (a move implies they
 * responded); monitoring resolving an unacknowledged incident leaves it unacknowledged (auto-resolved). Resolving
 * implies mitigation (time to mitigate is then time to resolve); reopening clears mitigation and resolution but
 * keeps the first acknowledgement, so MTTA is never rewritten, and is not itself an acknowledgement.
 */
export function planTransition(
  state: LifecycleState,
  to: IncidentStatus,
  now: Date,
  by: Mover = 'PERSON',
): PlannedTransition {
  const from = state.status;
  if (!canTransition(from, to)) {
    const allowed = ALLOWED[from];
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `Cannot move an incident from ${from} to ${to}; from ${from} it can go to ${allowed.join(', ') || 'nowhere'}.`,
      'to',
      { from, to, allowed: [...allowed] },
    );
  }
  const next: PlannedTransition = { ...state, status: to, from, eventType: 'STATUS_CHANGED' };
  if (to === 'ACKNOWLEDGED') next.eventType = 'ACKNOWLEDGED';
  // Reopening is not an answer: it restarts the paging, and whoever answers that page gives the first acknowledgement.
  if (next.acknowledgedAt === null && (to === 'ACKNOWLEDGED' || (by === 'PERSON' && from !== 'RESOLVED')))
    next.acknowledgedAt = now;
  if (to === 'MITIGATED' && next.mitigatedAt === null) next.mitigatedAt = now;
  if (to === 'RESOLVED') {
    next.eventType = 'RESOLVED';
    next.resolvedAt = now;
    if (next.mitigatedAt === null) next.mitigatedAt = now;
  }
  if (from === 'RESOLVED') {
    next.eventType = 'REOPENED';
    next.resolvedAt = null;
    next.mitigatedAt = null;
  }
  if ((from === 'MITIGATED' || from === 'RESOLVED') && to !== 'RESOLVED') next.mitigatedAt = null;
  return next;
}

/**
 * Acknowledging answers the page that waits for an answer. On a TRIGGERED incident it is the first response
 * (TRIGGERED → ACKNOWLEDGED, stamped for MTTA). Later (a reopened incident paged again, a level paged by hand) it
 * only answers the page: the status and the first acknowledgement stay as they are, so MTTA is never rewritten
 * (an incident auto-resolved and reopened has none yet: this answer is its first).
 * With no page waiting it is INVALID_TRANSITION, saying so (not "from ACKNOWLEDGED to ACKNOWLEDGED").
 */
export function planAcknowledge(state: LifecycleState, pageAwaiting: boolean, now: Date): PlannedTransition {
  if (state.status === 'TRIGGERED' || !isOpen(state.status)) return planTransition(state, 'ACKNOWLEDGED', now);
  if (!pageAwaiting)
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `No page is waiting for an answer: the incident is ${state.status} and already acknowledged${
        state.acknowledgedAt ? ` (${state.acknowledgedAt.toISOString()})` : ''
      }. Paging restarts only on a reopen or an escalation.`,
      'id',
      { from: state.status, to: state.status, pageAwaiting: false },
    );
  // A reopened incident monitoring had resolved before anyone answered: this answer is its first acknowledgement.
  return { ...state, acknowledgedAt: state.acknowledgedAt ?? now, from: state.status, eventType: 'ACKNOWLEDGED' };
}

/** The status page word for an internal status. */
export function publicStatusOf(status: IncidentStatus): PublicStatus {
  switch (status) {
    case 'IDENTIFIED':
      return 'IDENTIFIED';
    case 'MITIGATED':
      return 'MONITORING';
    case 'RESOLVED':
      return 'RESOLVED';
    default:
      return 'INVESTIGATING';
  }
}
