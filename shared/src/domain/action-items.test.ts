import {
  actionItemAgeMs,
  actionItemAging,
  actionItemOverdue,
  assertActionItemTransition,
  assertDueDate,
  completionRate,
  defaultActionItemDue,
  validateTicketUrl,
} from './action-items';
import { DAY } from './time';

const t = (iso: string) => new Date(iso);
const now = t('2026-05-10T12:00:00Z');

describe('action items', () => {
  it.each([
    ['IMMEDIATE', '2026-05-13T12:00:00.000Z'],
    ['SHORT_TERM', '2026-05-24T12:00:00.000Z'],
    ['LONG_TERM', '2026-08-08T12:00:00.000Z'],
  ] as const)('%s defaults to due %s', (c, due) => expect(defaultActionItemDue(c, now).toISOString()).toBe(due));

  it('takes configured defaults', () => {
    expect(
      defaultActionItemDue('IMMEDIATE', now, { IMMEDIATE: DAY, SHORT_TERM: 2 * DAY, LONG_TERM: 3 * DAY }).toISOString(),
    ).toBe('2026-05-11T12:00:00.000Z');
  });

  it.each([
    ['2026-05-10T12:00:00Z', true],
    ['2026-05-10T11:59:00Z', true],
    ['2026-05-10T11:58:59.999Z', false],
    ['nope', false],
  ])('due %s accepted: %s', (iso, ok) => {
    const run = () => assertDueDate(t(iso), now);
    if (ok) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'dueAt' }));
  });

  it.each([
    ['OPEN', 'IN_PROGRESS', null, null],
    ['OPEN', 'DONE', null, null],
    ['IN_PROGRESS', 'DONE', null, null],
    ['IN_PROGRESS', 'WONT_DO', 'superseded', null],
    ['DONE', 'OPEN', null, null],
    ['OPEN', 'WONT_DO', null, ['VALIDATION', 'reason']],
    ['DONE', 'IN_PROGRESS', null, ['INVALID_TRANSITION', 'to']],
    ['WONT_DO', 'DONE', null, ['INVALID_TRANSITION', 'to']],
    ['OPEN', 'OPEN', null, ['INVALID_TRANSITION', 'to']],
  ] as const)('%s → %s (reason %s)', (from, to, reason, error) => {
    const run = () => assertActionItemTransition(from, to, reason);
    if (error) expect(run).toThrow(expect.objectContaining({ code: error[0], field: error[1] }));
    else expect(run).not.toThrow();
  });

  it.each([
    ['OPEN', '2026-05-10T12:00:00Z', false],
    ['OPEN', '2026-05-10T11:59:59.999Z', true],
    ['IN_PROGRESS', '2026-05-01T00:00:00Z', true],
    ['DONE', '2026-05-01T00:00:00Z', false],
    ['WONT_DO', '2026-05-01T00:00:00Z', false],
  ] as const)('%s due %s overdue: %s', (status, dueAt, overdue) =>
    expect(actionItemOverdue({ status, dueAt: t(dueAt) }, now)).toBe(overdue),
  );

  it.each([
    [0, 'FRESH'],
    [7 * DAY - 1, 'FRESH'],
    [7 * DAY, 'WEEK_OLD'],
    [30 * DAY, 'MONTH_OLD'],
    [90 * DAY - 1, 'MONTH_OLD'],
    [90 * DAY, 'STALE'],
  ] as const)('age %d is %s', (age, band) => expect(actionItemAging(age)).toBe(band));

  it('ages to closing time, or to now while open', () => {
    expect(actionItemAgeMs({ createdAt: t('2026-05-01T12:00:00Z'), closedAt: null }, now)).toBe(9 * DAY);
    expect(actionItemAgeMs({ createdAt: t('2026-05-01T12:00:00Z'), closedAt: t('2026-05-02T12:00:00Z') }, now)).toBe(
      DAY,
    );
  });

  it.each([
    [{ total: 0, done: 0, wontDo: 0 }, null, 0],
    [{ total: 4, done: 1, wontDo: 0 }, 0.25, 3],
    [{ total: 4, done: 1, wontDo: 2 }, 0.5, 1],
    [{ total: 2, done: 0, wontDo: 2 }, null, 0],
  ])('completion of %j is %s', (counts, rate, open) => expect(completionRate(counts)).toMatchObject({ rate, open }));

  it('checks ticket links', () => {
    expect(validateTicketUrl(' https://jira.example/VIG-1 ')).toBe('https://jira.example/VIG-1');
    expect(validateTicketUrl('')).toBeNull();
    expect(() => validateTicketUrl('javascript:alert(1)')).toThrow(expect.objectContaining({ field: 'ticketUrl' }));
  });
});
