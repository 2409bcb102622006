import { IncidentStatus, Severity } from '@vigil/shared';
import { orderForWall } from '../incidents/wallModel';

/** What the responder view needs of an incident to sort it and pick its buttons. */
export interface MobileIncident {
  id: string;
  severity: Severity;
  status: IncidentStatus;
  detectedAt: string;
  escalation?: {
    awaitingAnswer: boolean;
    pages: ReadonlyArray<{ paged: ReadonlyArray<{ userId: string }> }>;
  } | null;
  /** The server's answer to "may I say I've got it?" (paged on the current ladder, or handed it), when asked. */
  mayAcceptPage?: boolean;
}

/** A page waits for this person's answer: the ladder awaits one, and one of its pages went to them. */
export function waitsForMe(incident: MobileIncident, myId: string | null | undefined): boolean {
  if (!myId || !incident.escalation?.awaitingAnswer) return false;
  return incident.escalation.pages.some((page) => page.paged.some((p) => p.userId === myId));
}

/**
 * The responder view's two lists: the pages waiting for me first, then every other open incident, each in the
 * wall's order (most severe, then oldest).
 */
export function mobileSections<T extends MobileIncident>(
  incidents: readonly T[],
  myId: string | null | undefined,
): { mine: T[]; others: T[] } {
  const open = incidents.filter((i) => i.status !== 'RESOLVED');
  return {
    mine: orderForWall(open.filter((i) => waitsForMe(i, myId))),
    others: orderForWall(open.filter((i) => !waitsForMe(i, myId))),
  };
}

/** The big buttons a responder gets on an incident, in the order they are shown (the first within thumb reach). */
export type MobileAction = 'ACKNOWLEDGE' | 'ACCEPT_PAGE' | 'ESCALATE' | 'STATUS_UPDATE';

/**
 * Which actions make sense now: acknowledge a triggered incident or a page still waiting for an answer; "I've got
 * it" for a page that is mine to take (the server's mayAcceptPage; without it, a page that went to me), which stops
 * that climb; escalate and post an update while the incident is open.
 * The server decides in the end: a button it refuses shows the server's reason.
 */
export function mobileActions(incident: MobileIncident, myId: string | null | undefined): MobileAction[] {
  if (incident.status === 'RESOLVED') return [];
  const actions: MobileAction[] = [];
  const awaiting = incident.escalation?.awaitingAnswer ?? false;
  if (incident.status === 'TRIGGERED' || awaiting) actions.push('ACKNOWLEDGE');
  const mayAccept = incident.mayAcceptPage ?? waitsForMe(incident, myId);
  if (mayAccept && incident.status !== 'TRIGGERED') actions.push('ACCEPT_PAGE');
  actions.push('ESCALATE', 'STATUS_UPDATE');
  return actions;
}
