import { DomainError, ErrorCode } from './errors';
import { Role, roleAtLeast } from './permissions';

/** Someone a page reached: a level of the incident's current ladder, or the person it was handed to. */
export interface PageRecipient {
  userId: number;
  name: string;
}

/**
 * Who may say "I've got it" (acceptPage): someone the incident's current ladder paged, or the person it was handed
 * to. Accepting makes the taker the incident's assignee, so the page is theirs to take; anyone else with the role
 * still stops the paging by acknowledging. With nobody paged (a P3 ticket, a level with nobody on call) there is no
 * page to take from anyone, and any responder may take the incident. Throws FORBIDDEN naming who was paged.
 */
export function assertMayAcceptPage(
  incidentId: number,
  taker: { userId: number | null; name: string },
  recipients: readonly PageRecipient[],
): void {
  if (mayAcceptPage(taker, recipients)) return;
  const names = [...new Set(recipients.map((r) => r.name))].join(', ');
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    `Only the person paged may say "I've got it" on incident #${incidentId}: its page went to ${names}, not to ` +
      `${taker.name}. Acknowledge it to stop the paging, or have it handed to you (reassignIncident).`,
    'id',
    { rule: 'ACCEPT_PAGE_PAGED_ONLY', paged: recipients.map((r) => r.userId) },
  );
}

/** assertMayAcceptPage as a yes or no: whether the console shows this person the "I've got it" button. */
export function mayAcceptPage(taker: { userId: number | null }, recipients: readonly PageRecipient[]): boolean {
  if (!recipients.length) return true;
  return taker.userId !== null && recipients.some((r) => r.userId === taker.userId);
}

/**
 * Who may hand an incident to themselves (reassignIncident naming their own id): someone the page already reached
 * (paged on the current ladder, or handed it before), anyone when nobody was paged (as for "I've got it"), or a
 * person with the global LEAD role, who may take over any incident. Otherwise a responder could hand themselves any
 * page and then accept it, taking it from the person paged. Handing it to someone else is not limited here: that
 * person is told and may then take it. Throws FORBIDDEN on `userId` naming the rule.
 */
export function assertMayHandTo(
  incidentId: number,
  actor: { userId: number | null; name: string; role: Role },
  targetUserId: number,
  recipients: readonly PageRecipient[],
): void {
  if (actor.userId === null || actor.userId !== targetUserId) return;
  if (mayAcceptPage(actor, recipients) || roleAtLeast(actor.role, 'LEAD')) return;
  const names = [...new Set(recipients.map((r) => r.name))].join(', ');
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    `You may not hand incident #${incidentId} to yourself: its page went to ${names}, not to ${actor.name}. Ask ` +
      `them, the incident commander or a lead to hand it to you, or acknowledge it to stop the paging.`,
    'userId',
    { rule: 'REASSIGN_SELF_PAGED_ONLY', needed: 'LEAD', paged: recipients.map((r) => r.userId) },
  );
}
