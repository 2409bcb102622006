import { DomainError, ErrorCode } from './errors';

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
  if (!recipients.length) return;
  if (taker.userId !== null && recipients.some((r) => r.userId === taker.userId)) return;
  const names = [...new Set(recipients.map((r) => r.name))].join(', ');
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    `Only the person paged may say "I've got it" on incident #${incidentId}: its page went to ${names}, not to ` +
      `${taker.name}. Acknowledge it to stop the paging, or have it handed to you (reassignIncident).`,
    'id',
    { rule: 'ACCEPT_PAGE_PAGED_ONLY', paged: recipients.map((r) => r.userId) },
  );
}
