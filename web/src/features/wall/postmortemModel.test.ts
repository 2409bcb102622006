import { WallActionItem, ageBand, agingByCategory, burndown, postmortemDue } from './postmortemModel';

const DAY = 86_400_000;
const now = new Date('2026-03-10T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const item = (
  id: string,
  category: WallActionItem['category'],
  status: WallActionItem['status'],
  createdAgoMs: number,
  dueInMs: number,
  closedAgoMs: number | null = null,
): WallActionItem => ({
  id,
  title: id,
  category,
  status,
  createdAt: ago(createdAgoMs),
  dueAt: ago(-dueInMs),
  closedAt: closedAgoMs === null ? null : ago(closedAgoMs),
});

describe('post-mortem panel model', () => {
  it.each([
    [48 * 3_600_000, null, { label: 'due in 2d 00h', state: 'PENDING' }],
    [6 * 3_600_000 + 1000, null, { label: 'due in 6h 00m', state: 'PENDING' }],
    [6 * 3_600_000, null, { label: 'due in 6h 00m', state: 'SOON' }],
    [1000, null, { label: 'due in 1s', state: 'SOON' }],
    [0, null, { label: 'OVERDUE 0s', state: 'OVERDUE' }],
    [-(2 * 3_600_000 + 10 * 60_000), null, { label: 'OVERDUE 2h 10m', state: 'OVERDUE' }],
    [-1000, '2026-03-10T11:00:00.000Z', { label: 'published', state: 'PUBLISHED' }],
  ])('due in %d ms (published %s)', (dueInMs, publishedAt, expected) => {
    expect(postmortemDue(new Date(now.getTime() + dueInMs).toISOString(), publishedAt, now)).toEqual(expected);
  });

  it('bands ages at exactly 7, 30 and 90 days', () => {
    expect(ageBand(7 * DAY - 1)).toBe('FRESH');
    expect(ageBand(7 * DAY)).toBe('WEEK_OLD');
    expect(ageBand(30 * DAY)).toBe('MONTH_OLD');
    expect(ageBand(90 * DAY - 1)).toBe('MONTH_OLD');
    expect(ageBand(90 * DAY)).toBe('STALE');
  });

  it('ages open items by category, ignoring closed ones', () => {
    const items = [
      item('a', 'IMMEDIATE', 'OPEN', 1 * DAY, -1000),
      item('b', 'IMMEDIATE', 'IN_PROGRESS', 8 * DAY, 0),
      item('c', 'IMMEDIATE', 'DONE', 40 * DAY, -DAY, DAY),
      item('d', 'LONG_TERM', 'OPEN', 100 * DAY, DAY),
      item('e', 'LONG_TERM', 'WONT_DO', 1 * DAY, DAY, 0),
    ];
    expect(agingByCategory(items, now)).toEqual([
      {
        category: 'IMMEDIATE',
        open: 2,
        overdue: 1,
        bands: { FRESH: 1, WEEK_OLD: 1, MONTH_OLD: 0, STALE: 0 },
        oldestAgeMs: 8 * DAY,
      },
      {
        category: 'SHORT_TERM',
        open: 0,
        overdue: 0,
        bands: { FRESH: 0, WEEK_OLD: 0, MONTH_OLD: 0, STALE: 0 },
        oldestAgeMs: null,
      },
      {
        category: 'LONG_TERM',
        open: 1,
        overdue: 0,
        bands: { FRESH: 0, WEEK_OLD: 0, MONTH_OLD: 0, STALE: 1 },
        oldestAgeMs: 100 * DAY,
      },
    ]);
  });

  it('burns down: open and closed at the end of each day, today so far', () => {
    const items = [
      item('a', 'IMMEDIATE', 'DONE', 2 * DAY, 0, 12 * 3_600_000), // created 03-08 12:00, closed 03-10 00:00
      item('b', 'SHORT_TERM', 'OPEN', 12 * 3_600_000, DAY), // created 03-10 00:00
      item('c', 'SHORT_TERM', 'OPEN', -1000, DAY), // created in the future: not counted
    ];
    expect(burndown(items, now, 3)).toEqual([
      { label: '03-08', open: 1, closed: 0 },
      { label: '03-09', open: 1, closed: 0 },
      { label: '03-10', open: 1, closed: 1 },
    ]);
  });
});
