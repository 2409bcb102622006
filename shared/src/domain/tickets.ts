import { ActionItemCategory, ActionItemStatus, actionItemClosed } from './action-items';
import { validationError } from './errors';

/**
 * Action items as tickets in the tracker a team uses (issue 21): what a ticket carries, how the two sides' states map,
 * and what a person is told about the sync. No I/O: the server's tickets feature calls these.
 */

export const TicketTrackerKind = { GITHUB: 'GITHUB' } as const;
export type TicketTrackerKind = (typeof TicketTrackerKind)[keyof typeof TicketTrackerKind];

/** SYNCED: the ticket exists and has the item's state; PENDING: not yet synced (queued, or retrying after a failure). */
export const TicketSyncState = { PENDING: 'PENDING', SYNCED: 'SYNCED', FAILED: 'FAILED' } as const;
export type TicketSyncState = (typeof TicketSyncState)[keyof typeof TicketSyncState];

const CATEGORY_LABEL: Record<ActionItemCategory, string> = {
  IMMEDIATE: 'immediate',
  SHORT_TERM: 'short-term',
  LONG_TERM: 'long-term',
};

/** The labels of a new ticket: `incident`, the incident's severity (P0–P3) when it has one, and the item's category. */
export function ticketLabels(severity: string | null, category: ActionItemCategory): string[] {
  return ['incident', ...(severity ? [severity] : []), CATEGORY_LABEL[category]];
}

/**
 * A hidden line in the ticket's body naming the action item, so a ticket created by an attempt whose answer was lost
 * (a crash, a timeout after the tracker created it) is found again instead of created twice.
 */
export function ticketMarker(actionItemId: number): string {
  return `<!-- vigil-action-item:${actionItemId} -->`;
}

/** The ticket's body: the item, its due date and owner, a link back to the post-mortem, and the marker. */
export function ticketBody(t: {
  actionItemId: number;
  incidentTitle: string;
  owner: string;
  dueAt: Date;
  postmortemUrl: string;
}): string {
  return [
    `Action item from the post-mortem of **${t.incidentTitle}**.`,
    '',
    `- Owner in Vigil: ${t.owner}`,
    `- Due: ${t.dueAt.toISOString().slice(0, 10)}`,
    `- Post-mortem: ${t.postmortemUrl}`,
    '',
    'Closing or reopening this issue updates the action item in Vigil, and the other way round.',
    '',
    ticketMarker(t.actionItemId),
  ].join('\n');
}

/** What of an action item its ticket shows: the title, and in the body the owner and the due day. */
interface TicketText {
  title: string;
  ownerId: number;
  dueAt: Date;
}

/**
 * True when an edit changed what the ticket shows, so its title and body are rewritten. Only Vigil's own edits
 * count: a ticket's body is rewritten then and only then, never on a status change, so an edit made on GitHub
 * stays until the item's text changes in Vigil.
 */
export function ticketTextChanged(before: TicketText, after: TicketText): boolean {
  return (
    before.title !== after.title ||
    before.ownerId !== after.ownerId ||
    before.dueAt.toISOString().slice(0, 10) !== after.dueAt.toISOString().slice(0, 10)
  );
}

/** The GitHub issue state an item's status maps to; a WONT_DO item is closed as not planned. */
export function issueStateFor(status: ActionItemStatus): {
  state: 'open' | 'closed';
  reason: 'completed' | 'not_planned' | null;
} {
  if (!actionItemClosed(status)) return { state: 'open', reason: null };
  return { state: 'closed', reason: status === 'WONT_DO' ? 'not_planned' : 'completed' };
}

/**
 * What a tracker's change means for the item: closed → DONE (WONT_DO when closed as not planned, with that as the
 * reason); reopened → OPEN. Null when the item already agrees (an echo of Vigil's own change), or the action is
 * not about state.
 */
export function statusFromIssue(
  current: ActionItemStatus,
  action: string,
  stateReason: string | null,
): { to: ActionItemStatus; reason: string | null } | null {
  if (action === 'closed' && !actionItemClosed(current))
    return stateReason === 'not_planned'
      ? { to: 'WONT_DO', reason: 'Closed as not planned in the tracker.' }
      : { to: 'DONE', reason: null };
  if (action === 'reopened' && actionItemClosed(current)) return { to: 'OPEN', reason: null };
  return null;
}

/** `owner/name`, as GitHub spells repositories; refused as VALIDATION on `field` otherwise. */
export function githubRepository(field: string, raw: string): string {
  const value = raw.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/.test(value) || value.endsWith('/..'))
    throw validationError(field, `${field} must be a GitHub repository as owner/name, e.g. acme/payments.`);
  return value;
}

/** What a person reads about a ticket's sync: synced, or not yet synced and why. */
export function ticketSyncSummary(t: { state: TicketSyncState; number: number | null; lastError: string | null }): {
  synced: boolean;
  reason: string | null;
} {
  if (t.state === 'SYNCED') return { synced: true, reason: null };
  if (t.state === 'FAILED')
    return { synced: false, reason: `The tracker refused it: ${t.lastError ?? 'no reason given'}. Retry once fixed.` };
  if (t.lastError) return { synced: false, reason: `Retrying: ${t.lastError}` };
  return { synced: false, reason: t.number === null ? 'Waiting to be created.' : 'Waiting to be updated.' };
}
