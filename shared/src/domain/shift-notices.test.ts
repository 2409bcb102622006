import { SHIFT_NOTICE_HELD, pagedScheduleIds, shiftNoticeHold } from './shift-notices';

const d = (iso: string) => new Date(`2026-08-21T${iso}Z`);

describe('shiftNoticeHold (one hand-off notice per person and schedule every 10 minutes)', () => {
  const now = d('07:30:00.000');
  it.each<[string, string[], boolean]>([
    ['never told', [], false],
    ['told yesterday', ['2026-08-20T07:30:00.000Z'], false],
    ['told 10 minutes ago to the millisecond: the window is over', ['2026-08-21T07:20:00.000Z'], false],
    ['told 9:59.999 ago', ['2026-08-21T07:20:00.001Z'], true],
    ['told a second ago', ['2026-08-21T07:29:59.000Z'], true],
    ['told at this very instant (a rotation added twice in one loop pass)', ['2026-08-21T07:30:00.000Z'], true],
    ['told long ago and again recently', ['2026-08-21T05:00:00.000Z', '2026-08-21T07:25:00.000Z'], true],
    [
      'a notice stamped in the future (another replica ahead) does not hold this one',
      ['2026-08-21T07:31:00.000Z'],
      false,
    ],
  ])('%s: held %s', (_, told, held) => {
    const reason = shiftNoticeHold(
      told.map((t) => new Date(t)),
      now,
      'Primary',
    );
    expect(reason !== null).toBe(held);
  });

  it('the reason says what, when, the rule and when the next may go, and starts with the held marker', () => {
    expect(shiftNoticeHold([d('07:21:30.000'), d('07:25:00.000')], now, 'Primary')).toBe(
      'rate-limited: already told about Primary at 2026-08-21 07:25 UTC; at most one hand-off notice per person ' +
        'and schedule every 10 minutes (the next from 2026-08-21 07:35 UTC)',
    );
    expect(shiftNoticeHold([d('07:25:00.000')], now, 'Primary')?.startsWith(`${SHIFT_NOTICE_HELD}:`)).toBe(true);
  });

  it('a window can be given', () => {
    expect(shiftNoticeHold([d('07:00:00.000')], now, 'Primary', 60 * 60_000)).not.toBeNull();
    expect(shiftNoticeHold([d('07:00:00.000')], now, 'Primary', 30 * 60_000)).toBeNull();
  });
});

describe('pagedScheduleIds (only schedules a policy pages have their hand-offs said)', () => {
  it.each<[string, Parameters<typeof pagedScheduleIds>[0], number[]]>([
    ['no policies', [], []],
    ['a policy without schedules', [{ levels: [{ targets: [{ kind: 'USER', id: 3 }] }] }], []],
    [
      'schedules at any level of any policy, once each; users and team leads are not schedules',
      [
        { levels: [{ targets: [{ kind: 'SCHEDULE', id: 1 }] }, { targets: [{ kind: 'TEAM_LEADS', id: 2 }] }] },
        {
          levels: [
            {
              targets: [
                { kind: 'USER', id: 4 },
                { kind: 'SCHEDULE', id: 5 },
                { kind: 'SCHEDULE', id: 1 },
              ],
            },
          ],
        },
      ],
      [1, 5],
    ],
  ])('%s', (_, policies, ids) => {
    expect([...pagedScheduleIds(policies)].sort((a, b) => a - b)).toEqual(ids);
  });
});
