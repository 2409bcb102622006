import { DomainError } from './errors';
import {
  announcedHandoffs,
  OverrideSpec,
  RotationSpec,
  ScheduleSpec,
  currentShift,
  handoffsBetween,
  nextHandoff,
  onCallSegments,
  rotationShiftAt,
  validateRotation,
  whoIsOnCall,
} from './oncall';

const berlinDaily: RotationSpec = {
  shiftUnit: 'DAILY',
  shiftCount: 1,
  handoffTime: '09:00',
  timeZone: 'Europe/Berlin',
  startDate: '2026-03-27',
  participants: [1, 2, 3],
};
const berlinAutumn: RotationSpec = { ...berlinDaily, startDate: '2026-10-24', participants: [1, 2] };
const nyWeekly: RotationSpec = {
  shiftUnit: 'WEEKLY',
  shiftCount: 1,
  handoffTime: '10:00',
  timeZone: 'America/New_York',
  startDate: '2026-03-02',
  participants: [10, 20],
};
const nyTwelveHours: RotationSpec = {
  shiftUnit: 'HOURLY',
  shiftCount: 12,
  handoffTime: '08:00',
  timeZone: 'America/New_York',
  startDate: '2026-03-07',
  participants: [7, 8],
};
const only = (r: RotationSpec, overrides: OverrideSpec[] = []): ScheduleSpec => ({ rotations: [r], overrides });
const d = (iso: string) => new Date(iso);

describe('whoIsOnCall across hand-offs and DST', () => {
  it.each([
    ['before the first hand-off: nobody', berlinDaily, '2026-03-27T07:59:59.999Z', []],
    ['first hand-off 09:00 CET is 08:00Z, inclusive', berlinDaily, '2026-03-27T08:00:00.000Z', [1]],
    ['next day 09:00 CET', berlinDaily, '2026-03-28T08:00:00.000Z', [2]],
    ['Berlin spring forward (29 Mar): still 2 at 06:59:59Z', berlinDaily, '2026-03-29T06:59:59.999Z', [2]],
    [
      'Berlin spring forward: 09:00 CEST is 07:00Z, the 23-hour shift ends',
      berlinDaily,
      '2026-03-29T07:00:00.000Z',
      [3],
    ],
    ['wraps around to the first participant', berlinDaily, '2026-03-30T07:00:00.000Z', [1]],
    ['Berlin fall back (25 Oct): 09:00 CEST on the 24th is 07:00Z', berlinAutumn, '2026-10-24T07:00:00.000Z', [1]],
    ['Berlin fall back: the 25-hour shift still runs at 07:59:59Z', berlinAutumn, '2026-10-25T07:59:59.999Z', [1]],
    ['Berlin fall back: 09:00 CET is 08:00Z', berlinAutumn, '2026-10-25T08:00:00.000Z', [2]],
    ['New York weekly: 10:00 EST is 15:00Z', nyWeekly, '2026-03-02T15:00:00.000Z', [10]],
    ['New York spring forward (8 Mar): still 10 at 13:59:59Z on the 9th', nyWeekly, '2026-03-09T13:59:59.999Z', [10]],
    ['New York spring forward: 10:00 EDT is 14:00Z', nyWeekly, '2026-03-09T14:00:00.000Z', [20]],
    [
      'New York fall back (1 Nov): 10:00 EST on 2 Nov is 15:00Z',
      { ...nyWeekly, startDate: '2026-10-26' },
      '2026-11-02T14:59:59.999Z',
      [10],
    ],
    [
      'New York fall back: hand-off at 15:00Z',
      { ...nyWeekly, startDate: '2026-10-26' },
      '2026-11-02T15:00:00.000Z',
      [20],
    ],
    ['HOURLY counts real hours across DST: 08:00 EST + 24h', nyTwelveHours, '2026-03-08T13:00:00.000Z', [7]],
    ['HOURLY: one millisecond earlier is the second shift', nyTwelveHours, '2026-03-08T12:59:59.999Z', [8]],
  ])('%s', (_name, rotation, at, expected) => {
    expect(whoIsOnCall(only(rotation), d(at))).toEqual(expected);
  });

  it('reports the shift bounds, 23 hours long on the spring-forward day', () => {
    const shift = rotationShiftAt(berlinDaily, d('2026-03-29T03:00:00Z'))!;
    expect([shift.userId, shift.start.toISOString(), shift.end.toISOString()]).toEqual([
      2,
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
    ]);
  });

  it('several rotations put one person each on call, without duplicates', () => {
    const secondary: RotationSpec = { ...berlinDaily, participants: [3, 1, 2] };
    expect(whoIsOnCall({ rotations: [berlinDaily, secondary], overrides: [] }, d('2026-03-27T12:00:00Z'))).toEqual([
      1, 3,
    ]);
    expect(whoIsOnCall({ rotations: [berlinDaily, berlinDaily], overrides: [] }, d('2026-03-27T12:00:00Z'))).toEqual([
      1,
    ]);
  });
});

describe('overrides: [startsAt, endsAt)', () => {
  const window = { startsAt: d('2026-03-27T12:00:00Z'), endsAt: d('2026-03-27T14:00:00Z') };
  it.each<[string, OverrideSpec[], string, number[]]>([
    [
      'replace: starts inclusive',
      [{ kind: 'REPLACE', userId: 9, replacedUserId: 1, ...window }],
      '2026-03-27T12:00:00.000Z',
      [9],
    ],
    [
      'replace: not before',
      [{ kind: 'REPLACE', userId: 9, replacedUserId: 1, ...window }],
      '2026-03-27T11:59:59.999Z',
      [1],
    ],
    [
      'replace: ends exclusive',
      [{ kind: 'REPLACE', userId: 9, replacedUserId: 1, ...window }],
      '2026-03-27T14:00:00.000Z',
      [1],
    ],
    [
      'replace someone not on call: no effect',
      [{ kind: 'REPLACE', userId: 9, replacedUserId: 2, ...window }],
      '2026-03-27T13:00:00.000Z',
      [1],
    ],
    ['remove', [{ kind: 'REMOVE', userId: 1, ...window }], '2026-03-27T13:00:00.000Z', []],
    ['add', [{ kind: 'ADD', userId: 5, ...window }], '2026-03-27T13:00:00.000Z', [1, 5]],
    [
      'remove then add the same person: add wins',
      [
        { kind: 'ADD', userId: 1, ...window },
        { kind: 'REMOVE', userId: 1, ...window },
      ],
      '2026-03-27T13:00:00.000Z',
      [1],
    ],
  ])('%s', (_name, overrides, at, expected) => {
    expect(whoIsOnCall(only(berlinDaily, overrides), d(at))).toEqual(expected);
  });
});

describe('segments, current shift and next hand-off', () => {
  const schedule = only(berlinDaily, [
    {
      kind: 'REPLACE',
      userId: 9,
      replacedUserId: 2,
      startsAt: d('2026-03-28T20:00:00Z'),
      endsAt: d('2026-03-29T10:00:00Z'),
    },
  ]);

  it('splits at hand-offs and override edges, merging steps that change nobody', () => {
    const segments = onCallSegments(schedule, d('2026-03-28T00:00:00Z'), d('2026-03-29T12:00:00Z'));
    expect(segments.map((s) => [s.start.toISOString(), s.end.toISOString(), s.userIds])).toEqual([
      ['2026-03-28T00:00:00.000Z', '2026-03-28T08:00:00.000Z', [1]],
      ['2026-03-28T08:00:00.000Z', '2026-03-28T20:00:00.000Z', [2]],
      ['2026-03-28T20:00:00.000Z', '2026-03-29T07:00:00.000Z', [9]],
      ['2026-03-29T07:00:00.000Z', '2026-03-29T12:00:00.000Z', [3]],
    ]);
  });

  it('current shift runs from the last change to the next one; next hand-off says who is next', () => {
    const now = d('2026-03-28T21:00:00Z');
    const current = currentShift(schedule, now);
    expect([current.start.toISOString(), current.end.toISOString(), current.userIds]).toEqual([
      '2026-03-28T20:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      [9],
    ]);
    const next = nextHandoff(schedule, now)!;
    expect([next.start.toISOString(), next.userIds]).toEqual(['2026-03-29T07:00:00.000Z', [3]]);
  });

  it('a current shift merges across a hand-off that changes nobody', () => {
    const solo = only({ ...berlinDaily, participants: [4] });
    const current = currentShift(solo, d('2026-03-28T12:00:00Z'), 3 * 86_400_000);
    expect(current.start.toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(nextHandoff(solo, d('2026-03-28T12:00:00Z'), 3 * 86_400_000)).toBeNull();
  });
});

describe('validateRotation', () => {
  it.each<[string, Partial<RotationSpec>]>([
    ['shiftCount', { shiftCount: 0 }],
    ['handoffTime', { handoffTime: '24:00' }],
    ['timeZone', { timeZone: 'Mars/Olympus' }],
    ['startDate', { startDate: '2026-02-30' }],
    ['startDate', { startDate: '0001-01-01' }],
    ['startDate', { startDate: '9999-12-31' }],
    ['participants', { participants: [] }],
  ])('rejects a bad %s', (field, patch) => {
    expect(() => validateRotation({ ...berlinDaily, ...patch })).toThrow(DomainError);
    try {
      validateRotation({ ...berlinDaily, ...patch });
    } catch (e) {
      expect((e as DomainError).field).toBe(field);
    }
  });
  it('accepts a good one', () => expect(() => validateRotation(berlinDaily)).not.toThrow());
});

describe('handoffsBetween (who is told their shift starts or ends)', () => {
  const show = (from: string, to: string, schedule: ScheduleSpec) =>
    handoffsBetween(schedule, d(from), d(to)).map(
      (h) => `${h.at.toISOString()} +${h.starting.join(',')} -${h.ending.join(',')}`,
    );
  it.each<[string, string, string, ScheduleSpec, string[]]>([
    [
      'a hand-off exactly at the end of the window is in it',
      '2026-03-28T07:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      only(berlinDaily),
      ['2026-03-28T08:00:00.000Z +2 -1'],
    ],
    [
      'one at the start of the window belongs to the window before',
      '2026-03-28T08:00:00.000Z',
      '2026-03-28T09:00:00.000Z',
      only(berlinDaily),
      [],
    ],
    [
      'a millisecond before the hand-off: nothing yet',
      '2026-03-28T07:00:00.000Z',
      '2026-03-28T07:59:59.999Z',
      only(berlinDaily),
      [],
    ],
    [
      'the first shift ever: someone comes on, nobody goes off',
      '2026-03-27T07:30:00.000Z',
      '2026-03-27T08:00:00.000Z',
      only(berlinDaily),
      ['2026-03-27T08:00:00.000Z +1 -'],
    ],
    [
      'across spring forward: 09:00 CEST is 07:00Z',
      '2026-03-29T06:30:00.000Z',
      '2026-03-29T07:00:00.000Z',
      only(berlinDaily),
      ['2026-03-29T07:00:00.000Z +3 -2'],
    ],
    [
      'an override adding someone for an hour: on, then off',
      '2026-03-28T09:00:00.000Z',
      '2026-03-28T12:00:00.000Z',
      only(berlinDaily, [
        { kind: 'ADD', userId: 9, startsAt: d('2026-03-28T10:00:00.000Z'), endsAt: d('2026-03-28T11:00:00.000Z') },
      ]),
      ['2026-03-28T10:00:00.000Z +9 -', '2026-03-28T11:00:00.000Z + -9'],
    ],
    [
      'a one-person rotation hands off to the same person: nobody is told',
      '2026-03-28T07:00:00.000Z',
      '2026-03-28T09:00:00.000Z',
      only({ ...berlinDaily, participants: [5] }),
      [],
    ],
  ])('%s', (_name, from, to, schedule, expected) => {
    expect(show(from, to, schedule)).toEqual(expected);
  });
});

describe('announcedHandoffs (a hand-off as people hear of it: the schedule as it was at the time)', () => {
  const show = (from: string, to: string, schedule: ScheduleSpec) =>
    announcedHandoffs(schedule, d(from), d(to)).map(
      (h) => `${h.at.toISOString()} +${h.starting.join(',')} -${h.ending.join(',')}${h.rotationAdded ? ' added' : ''}`,
    );
  const addedAt = (at: string, r: RotationSpec = berlinDaily): RotationSpec => ({ ...r, addedAt: d(at) });
  it.each<[string, string, string, ScheduleSpec, string[]]>([
    [
      'a rotation that long existed: its hand-offs as ever',
      '2026-03-28T07:30:00.000Z',
      '2026-03-28T08:30:00.000Z',
      only(addedAt('2026-03-01T00:00:00.000Z')),
      ['2026-03-28T08:00:00.000Z +2 -1'],
    ],
    [
      'added after a hand-off in the window: the holder is told they are on call now, nobody is told they went off',
      '2026-03-28T07:30:00.000Z',
      '2026-03-28T08:30:00.000Z',
      only(addedAt('2026-03-28T08:30:00.000Z')),
      ['2026-03-28T08:30:00.000Z +2 - added'],
    ],
    [
      'added mid-shift, long after it started: its holder is on call now',
      '2026-03-28T11:30:00.000Z',
      '2026-03-28T12:30:00.000Z',
      only(addedAt('2026-03-28T12:00:00.000Z')),
      ['2026-03-28T12:00:00.000Z +2 - added'],
    ],
    [
      'added at the start of the window: the window before told it',
      '2026-03-28T12:00:00.000Z',
      '2026-03-28T13:00:00.000Z',
      only(addedAt('2026-03-28T12:00:00.000Z')),
      [],
    ],
    [
      'added before its first shift: nothing at the addition, the first shift starts from nobody',
      '2026-03-27T07:00:00.000Z',
      '2026-03-27T08:00:00.000Z',
      only(addedAt('2026-03-27T07:10:00.000Z')),
      ['2026-03-27T08:00:00.000Z +1 -'],
    ],
    [
      'a second rotation putting on call someone already on call: nobody is told',
      '2026-03-28T08:30:00.000Z',
      '2026-03-28T09:30:00.000Z',
      {
        rotations: [
          addedAt('2026-03-01T00:00:00.000Z'),
          addedAt('2026-03-28T09:00:00.000Z', { ...berlinDaily, participants: [2] }),
        ],
        overrides: [],
      },
      [],
    ],
    [
      'a second rotation putting someone else on call: only they are told',
      '2026-03-28T08:30:00.000Z',
      '2026-03-28T09:30:00.000Z',
      {
        rotations: [
          addedAt('2026-03-01T00:00:00.000Z'),
          addedAt('2026-03-28T09:00:00.000Z', { ...berlinDaily, participants: [7] }),
        ],
        overrides: [],
      },
      ['2026-03-28T09:00:00.000Z +7 - added'],
    ],
    [
      'a rotation with no known addition time is taken as always there',
      '2026-03-28T07:30:00.000Z',
      '2026-03-28T08:30:00.000Z',
      only(berlinDaily),
      ['2026-03-28T08:00:00.000Z +2 -1'],
    ],
  ])('%s', (_name, from, to, schedule, expected) => {
    expect(show(from, to, schedule)).toEqual(expected);
  });
});
