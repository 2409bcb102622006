import {
  boardColumns,
  defaultDueDate,
  dueDateToIso,
  dueLabel,
  formatDuration,
  nextStatus,
  parseOptionalNumber,
} from './postmortemModel';

const now = new Date('2026-03-10T12:00:00.000Z');

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [-1, '—'],
    [0, '0 s'],
    [59_999, '59 s'],
    [60_000, '1 min'],
    [3_599_999, '59 min'],
    [3_600_000, '1 h 00 min'],
    [7_500_000, '2 h 05 min'],
    [86_399_999, '23 h 59 min'],
    [86_400_000, '1 d 0 h'],
    [277_200_000, '3 d 5 h'],
  ])('%p → %p', (ms, label) => expect(formatDuration(ms)).toBe(label));
});

describe('the board', () => {
  it('groups by status in the given order', () => {
    const cols = boardColumns([
      { id: 1, status: 'DONE' as const },
      { id: 2, status: 'OPEN' as const },
      { id: 3, status: 'OPEN' as const },
    ]);
    expect(cols.OPEN.map((i) => i.id)).toEqual([2, 3]);
    expect(cols.DONE.map((i) => i.id)).toEqual([1]);
    expect(cols.IN_PROGRESS).toEqual([]);
    expect(cols.WONT_DO).toEqual([]);
  });
  it.each([
    ['OPEN', ['IN_PROGRESS', 'DONE', 'WONT_DO'], 'IN_PROGRESS'],
    ['IN_PROGRESS', ['OPEN', 'DONE', 'WONT_DO'], 'DONE'],
    ['IN_PROGRESS', ['OPEN'], null],
    ['DONE', ['OPEN'], null],
    ['WONT_DO', ['OPEN'], null],
  ] as const)('a click on %s (allowed %p) moves to %p', (status, allowed, next) =>
    expect(nextStatus(status, allowed)).toBe(next),
  );
});

describe('due dates', () => {
  it.each([
    ['IMMEDIATE', '2026-03-13'],
    ['SHORT_TERM', '2026-03-24'],
    ['LONG_TERM', '2026-06-08'],
  ] as const)('%s defaults to %s', (c, day) => expect(defaultDueDate(c, now)).toBe(day));
  it('a day is due at its last second', () => expect(dueDateToIso('2026-03-13')).toBe('2026-03-13T23:59:59.000Z'));
  it.each(['', '13/03/2026', '2026-13-45'])('%p is not a day', (s) => expect(dueDateToIso(s)).toBeNull());
  it.each([
    ['2026-03-13T12:00:00.000Z', 'due in 3 d'],
    ['2026-03-10T17:00:00.000Z', 'due in 5 h'],
    ['2026-03-10T12:00:30.000Z', 'due in 1 min'],
    ['2026-03-10T11:59:59.000Z', 'overdue by 1 min'],
    ['2026-03-08T12:00:00.000Z', 'overdue by 2 d'],
  ])('%s → %s', (due, label) => expect(dueLabel(due, now)).toBe(label));
});

describe('parseOptionalNumber', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['12', 12],
    ['0.5', 0.5],
    ['x', 'invalid'],
  ] as const)('%p → %p', (t, v) => expect(parseOptionalNumber(t)).toBe(v));
});
