import { RotationSpec, ScheduleSpec } from './oncall';
import { STRETCH_FLOOR_GRID_MS, onCallStretches, stretchFloor, stretchUid, stretchesOf } from './oncall-feed';
import { DAY, HOUR } from './time';

const t = (iso: string) => new Date(iso);
const daily = (participants: number[], startDate = '2026-03-01'): RotationSpec => ({
  shiftUnit: 'DAILY',
  shiftCount: 1,
  handoffTime: '09:00',
  timeZone: 'UTC',
  startDate,
  participants,
});
const view = (s: { userId: number; start: Date; end: Date }) =>
  `${s.userId} ${s.start.toISOString()} → ${s.end.toISOString()}`;

describe('stretch floor', () => {
  it.each<[string, string]>([
    // the grid line 30–60 days back; every instant of one 30-day period gives the same floor
    ['2026-03-07T23:59:59.999Z', '2026-01-07T00:00:00.000Z'],
    ['2026-03-08T00:00:00.000Z', '2026-02-06T00:00:00.000Z'],
    ['2026-03-27T12:00:00.000Z', '2026-02-06T00:00:00.000Z'],
    ['2026-04-06T23:59:59.999Z', '2026-02-06T00:00:00.000Z'],
    ['2026-04-07T00:00:00.000Z', '2026-03-08T00:00:00.000Z'],
  ])('now %s → %s', (now, floor) => {
    expect(stretchFloor(t(now)).toISOString()).toBe(floor);
    const back = t(now).getTime() - stretchFloor(t(now)).getTime();
    expect(back).toBeGreaterThan(STRETCH_FLOOR_GRID_MS - 1);
    expect(back).toBeLessThanOrEqual(2 * STRETCH_FLOOR_GRID_MS);
  });
});

describe('on-call stretches', () => {
  const rotation: ScheduleSpec = { rotations: [daily([1, 2])], overrides: [] };

  it('a stretch running at the start of the window keeps its real start, whenever it is asked for', () => {
    const asks = ['2026-03-27T09:00:00.000Z', '2026-03-27T12:00:00.000Z', '2026-03-28T08:59:59.999Z'].map((now) => {
      const from = t(now);
      return onCallStretches(rotation, stretchFloor(from), from, new Date(from.getTime() + 2 * DAY)).map(view);
    });
    // 2026-03-27 is day 26 from the 1st: participant 1 (even) holds it.
    expect(asks[0][0]).toBe('1 2026-03-27T09:00:00.000Z → 2026-03-28T09:00:00.000Z');
    expect(asks[1][0]).toBe(asks[0][0]);
    expect(asks[2][0]).toBe(asks[0][0]);
    expect(asks[1][1]).toBe('2 2026-03-28T09:00:00.000Z → 2026-03-29T09:00:00.000Z');
  });

  it('the last stretch ends at the window; stretches that ended before it are left out', () => {
    const from = t('2026-03-27T12:00:00.000Z');
    const got = onCallStretches(rotation, stretchFloor(from), from, t('2026-03-28T12:00:00.000Z')).map(view);
    expect(got).toEqual([
      '1 2026-03-27T09:00:00.000Z → 2026-03-28T09:00:00.000Z',
      '2 2026-03-28T09:00:00.000Z → 2026-03-28T12:00:00.000Z',
    ]);
  });

  it("someone added beside the holder does not cut the holder's stretch; a replacement does", () => {
    const from = t('2026-03-27T10:00:00.000Z');
    const added: ScheduleSpec = {
      rotations: [daily([1, 2])],
      overrides: [
        { kind: 'ADD', userId: 3, startsAt: t('2026-03-27T11:00:00.000Z'), endsAt: t('2026-03-27T13:00:00.000Z') },
      ],
    };
    expect(onCallStretches(added, stretchFloor(from), from, t('2026-03-28T09:00:00.000Z')).map(view)).toEqual([
      '1 2026-03-27T09:00:00.000Z → 2026-03-28T09:00:00.000Z',
      '3 2026-03-27T11:00:00.000Z → 2026-03-27T13:00:00.000Z',
    ]);
    const replaced: ScheduleSpec = {
      rotations: [daily([1, 2])],
      overrides: [
        {
          kind: 'REPLACE',
          userId: 3,
          replacedUserId: 1,
          startsAt: t('2026-03-27T11:00:00.000Z'),
          endsAt: t('2026-03-27T13:00:00.000Z'),
        },
      ],
    };
    expect(onCallStretches(replaced, stretchFloor(from), from, t('2026-03-28T09:00:00.000Z')).map(view)).toEqual([
      '1 2026-03-27T09:00:00.000Z → 2026-03-27T11:00:00.000Z',
      '3 2026-03-27T11:00:00.000Z → 2026-03-27T13:00:00.000Z',
      '1 2026-03-27T13:00:00.000Z → 2026-03-28T09:00:00.000Z',
    ]);
  });

  it('one person on call since before the floor: the stretch starts at the floor, the same for the whole period', () => {
    const alone: ScheduleSpec = { rotations: [daily([7], '2025-01-01')], overrides: [] };
    const a = t('2026-03-27T12:00:00.000Z');
    const b = new Date(a.getTime() + 5 * DAY + 3 * HOUR);
    const first = (from: Date) =>
      view(onCallStretches(alone, stretchFloor(from), from, new Date(from.getTime() + DAY))[0]);
    expect(first(a)).toBe('7 2026-02-06T00:00:00.000Z → 2026-03-28T12:00:00.000Z');
    expect(first(b).split(' → ')[0]).toBe('7 2026-02-06T00:00:00.000Z');
  });

  it('nobody on call: no stretches', () => {
    const from = t('2026-03-27T12:00:00.000Z');
    expect(
      onCallStretches({ rotations: [], overrides: [] }, stretchFloor(from), from, t('2026-04-27T12:00:00.000Z')),
    ).toEqual([]);
  });

  it('merges segments per person and keeps a gap as two stretches', () => {
    const seg = (a: string, b: string, userIds: number[]) => ({ start: t(a), end: t(b), userIds });
    expect(
      stretchesOf([
        seg('2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', [1, 2]),
        seg('2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z', [1]),
        seg('2026-01-01T02:00:00Z', '2026-01-01T03:00:00Z', []),
        seg('2026-01-01T03:00:00Z', '2026-01-01T04:00:00Z', [1]),
      ]).map(view),
    ).toEqual([
      '1 2026-01-01T00:00:00.000Z → 2026-01-01T02:00:00.000Z',
      '2 2026-01-01T00:00:00.000Z → 2026-01-01T01:00:00.000Z',
      '1 2026-01-01T03:00:00.000Z → 2026-01-01T04:00:00.000Z',
    ]);
  });

  it('event ids name the schedule, the person and the start, nothing of the request', () => {
    expect(
      stretchUid(
        4,
        { userId: 9, start: t('2026-03-27T09:00:00.000Z'), end: t('2026-03-28T09:00:00.000Z') },
        'vigil.example.com',
      ),
    ).toBe(`vigil-schedule-4-user-9-${t('2026-03-27T09:00:00.000Z').getTime()}@vigil.example.com`);
  });
});
