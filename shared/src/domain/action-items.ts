import { DomainError, ErrorCode, validationError } from './errors';
import { DAY } from './time';

/** The template's three kinds of action item. */
export const ActionItemCategory = { IMMEDIATE: 'IMMEDIATE', SHORT_TERM: 'SHORT_TERM', LONG_TERM: 'LONG_TERM' } as const;
export type ActionItemCategory = (typeof ActionItemCategory)[keyof typeof ActionItemCategory];

export const ActionItemStatus = { OPEN: 'OPEN', IN_PROGRESS: 'IN_PROGRESS', DONE: 'DONE', WONT_DO: 'WONT_DO' } as const;
export type ActionItemStatus = (typeof ActionItemStatus)[keyof typeof ActionItemStatus];

export type ActionItemDueDefaults = Record<ActionItemCategory, number>;

/**
 * Immediate fixes within 3 days; short-term items by the end of the next sprint (14 days, the procedure's
 * "next sprint"); long-term process improvements within a quarter (90 days).
 */
export const DEFAULT_ACTION_ITEM_DUE: ActionItemDueDefaults = {
  IMMEDIATE: 3 * DAY,
  SHORT_TERM: 14 * DAY,
  LONG_TERM: 90 * DAY,
};

/** The due date an item gets when none is given. */
export function defaultActionItemDue(
  category: ActionItemCategory,
  createdAt: Date,
  defaults: ActionItemDueDefaults = DEFAULT_ACTION_ITEM_DUE,
): Date {
  return new Date(createdAt.getTime() + defaults[category]);
}

/** A chosen due date may not be in the past (a minute of slack for clock skew between browser and server). */
export function assertDueDate(dueAt: Date, now: Date, field = 'dueAt'): Date {
  if (Number.isNaN(dueAt.getTime())) throw validationError(field, `${field} must be a date.`);
  if (dueAt.getTime() < now.getTime() - 60_000) throw validationError(field, `${field} must not be in the past.`);
  return dueAt;
}

export function actionItemClosed(status: ActionItemStatus): boolean {
  return status === 'DONE' || status === 'WONT_DO';
}

const NEXT: Record<ActionItemStatus, readonly ActionItemStatus[]> = {
  OPEN: ['IN_PROGRESS', 'DONE', 'WONT_DO'],
  IN_PROGRESS: ['OPEN', 'DONE', 'WONT_DO'],
  // A closed item comes back when the fix did not hold or the decision is revisited.
  DONE: ['OPEN'],
  WONT_DO: ['OPEN'],
};

export function allowedActionItemTransitions(from: ActionItemStatus): readonly ActionItemStatus[] {
  return NEXT[from];
}

/** Checks a status move; WONT_DO needs a reason. Throws INVALID_TRANSITION / VALIDATION. */
export function assertActionItemTransition(from: ActionItemStatus, to: ActionItemStatus, reason: string | null): void {
  if (!NEXT[from].includes(to)) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `An action item cannot move from ${from} to ${to}.`, 'to', {
      from,
      to,
    });
  }
  if (to === 'WONT_DO' && !reason) throw validationError('reason', "Say why the item won't be done.");
}

/** Overdue: still open (or in progress) strictly after its due time. */
export function actionItemOverdue(item: { status: ActionItemStatus; dueAt: Date }, now: Date): boolean {
  return !actionItemClosed(item.status) && now.getTime() > item.dueAt.getTime();
}

/** Age: from creation to closing, or to `now` while open. */
export function actionItemAgeMs(item: { createdAt: Date; closedAt: Date | null }, now: Date): number {
  return (item.closedAt ?? now).getTime() - item.createdAt.getTime();
}

/** Aging bands the wall groups open items by. */
export const ActionItemAging = {
  FRESH: 'FRESH',
  WEEK_OLD: 'WEEK_OLD',
  MONTH_OLD: 'MONTH_OLD',
  STALE: 'STALE',
} as const;
export type ActionItemAging = (typeof ActionItemAging)[keyof typeof ActionItemAging];

/** Under 7 days FRESH, under 30 WEEK_OLD, under 90 MONTH_OLD, else STALE (lower bounds inclusive). */
export function actionItemAging(ageMs: number): ActionItemAging {
  if (ageMs < 7 * DAY) return 'FRESH';
  if (ageMs < 30 * DAY) return 'WEEK_OLD';
  if (ageMs < 90 * DAY) return 'MONTH_OLD';
  return 'STALE';
}

export interface CompletionCounts {
  total: number;
  done: number;
  wontDo: number;
  open: number;
  /** done / (total − wontDo): items dropped on purpose are not counted as unfinished work. Null with nothing to do. */
  rate: number | null;
}

/** Completion rate from per-status counts. */
export function completionRate(counts: { total: number; done: number; wontDo: number }): CompletionCounts {
  const denominator = counts.total - counts.wontDo;
  return {
    ...counts,
    open: counts.total - counts.done - counts.wontDo,
    rate: denominator > 0 ? counts.done / denominator : null,
  };
}

/** Validates an external ticket link: http(s) only, at most 500 characters. */
export function validateTicketUrl(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const url = value.trim();
  if (url.length > 500 || !/^https?:\/\/[^\s]+$/i.test(url))
    throw validationError('ticketUrl', 'ticketUrl must be an http(s) link of at most 500 characters.');
  return url;
}
