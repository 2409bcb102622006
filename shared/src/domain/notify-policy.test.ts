import {
  breachAudience,
  breachKey,
  notificationPlan,
  pagingPlan,
  reminderKey,
  reminderRecipient,
  reminderRound,
  slaBreaches,
} from './notify-policy';
import { MINUTE } from './time';

describe('who is notified', () => {
  it.each([
    ['DECLARED', 'P0', ['STAKEHOLDERS/EMAIL', 'INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['DECLARED', 'P1', ['INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['DECLARED', 'P2', ['INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['DECLARED', 'P3', ['TICKET_SYSTEM/TICKET', 'INTEGRATIONS/WEBHOOK']],
    ['STATUS_UPDATE', 'P0', ['STAKEHOLDERS/EMAIL', 'INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['STATUS_UPDATE', 'P1', ['INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['STATUS_UPDATE', 'P2', ['INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['STATUS_UPDATE', 'P3', ['INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['RESOLVED', 'P0', ['STAKEHOLDERS/EMAIL', 'INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['RESOLVED', 'P1', ['INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['RESOLVED', 'P2', ['INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['RESOLVED', 'P3', ['TICKET_SYSTEM/TICKET', 'INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    // Everyone told it was resolved hears it is back.
    ['REOPENED', 'P0', ['STAKEHOLDERS/EMAIL', 'INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['REOPENED', 'P1', ['INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['REOPENED', 'P3', ['TICKET_SYSTEM/TICKET', 'INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    // Made more severe: where the new severity is announced, and #incidents.
    ['RAISED', 'P0', ['STAKEHOLDERS/EMAIL', 'INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['RAISED', 'P1', ['INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
    ['RAISED', 'P2', ['INCIDENTS_CHANNEL/SLACK', 'INTEGRATIONS/WEBHOOK']],
  ] as const)('%s %s → %j', (moment, severity, expected) => {
    expect(notificationPlan(moment, severity).map((p) => `${p.recipient}/${p.channel}`)).toEqual(expected);
  });
});

describe('the notification table for the people on the escalation path', () => {
  it.each([
    ['P0', { page: true, notifyEveryone: true }],
    ['P1', { page: true, notifyEveryone: false }],
    ['P2', { page: true, notifyEveryone: false }],
    ['P3', { page: false, notifyEveryone: false }],
  ] as const)('%s → %j', (severity, expected) => {
    expect(pagingPlan(severity)).toEqual(expected);
  });
});

describe('status update reminders', () => {
  it.each<[number | null, number | null, ReturnType<typeof reminderRecipient>]>([
    [7, 9, { userId: 7 }],
    [7, null, { userId: 7 }],
    [null, 9, { userId: 9 }],
    [null, null, 'INCIDENTS_CHANNEL'],
  ])('commander %s, acknowledged by %s', (commander, acker, expected) => {
    expect(reminderRecipient(commander, acker)).toEqual(expected);
  });

  it.each<[number | null, number | null, number | null, ReturnType<typeof reminderRecipient>]>([
    [7, 9, 5, { userId: 7 }],
    [null, 9, 5, { userId: 5 }],
    [null, null, 5, { userId: 5 }],
  ])('commander %s, acknowledged by %s, taken by %s ("I\'ve got it")', (commander, acker, assignee, expected) => {
    expect(reminderRecipient(commander, acker, assignee)).toEqual(expected);
  });

  it.each<[string, number, number]>([
    ['just overdue: the first reminder', 1, 0],
    ['a second before ten minutes: still the first', 10 * MINUTE - 1000, 0],
    ['ten minutes overdue, to the second: the second reminder', 10 * MINUTE, 1],
    ['twenty-five minutes overdue: the third', 25 * MINUTE, 2],
  ])('reminder round — %s', (_name, lateMs, round) => {
    const due = new Date('2026-05-05T12:30:00.000Z');
    expect(reminderRound(due, new Date(due.getTime() + lateMs))).toBe(round);
  });

  it('keys change every round, and round 0 keeps the key of a single reminder', () => {
    const due = new Date('2026-05-05T12:30:00.000Z');
    expect(reminderKey(4, due, 0)).toBe('incident:4:STATUS_UPDATE_DUE:2026-05-05T12:30:00.000Z');
    expect(reminderKey(4, due, 2)).toBe('incident:4:STATUS_UPDATE_DUE:2026-05-05T12:30:00.000Z:r2');
  });

  it('keys change with the due time, to the millisecond', () => {
    const due = new Date('2026-05-05T12:30:00.000Z');
    expect(reminderKey(4, due)).toBe('incident:4:STATUS_UPDATE_DUE:2026-05-05T12:30:00.000Z');
    expect(reminderKey(4, new Date(due.getTime() + 1))).not.toBe(reminderKey(4, due));
  });
});

describe('SLA breaches said out loud', () => {
  const detectedAt = new Date('2026-05-05T12:00:00.000Z');
  const at = (ms: number) => new Date(detectedAt.getTime() + ms);
  it.each<[string, { severity: 'P0' | 'P1'; acknowledgedAt: Date | null; resolvedAt: Date | null }, number, string[]]>([
    [
      'P1 at exactly its 15-minute deadline: not yet',
      { severity: 'P1', acknowledgedAt: null, resolvedAt: null },
      15 * MINUTE,
      [],
    ],
    [
      'P1 a millisecond after: the acknowledge clock',
      { severity: 'P1', acknowledgedAt: null, resolvedAt: null },
      15 * MINUTE + 1,
      ['ACKNOWLEDGE@12:15'],
    ],
    [
      'P1 acknowledged late: that breach is over, nothing more to say',
      { severity: 'P1', acknowledgedAt: at(20 * MINUTE), resolvedAt: null },
      30 * MINUTE,
      [],
    ],
    [
      'P0 open after its hour, never acknowledged: both clocks',
      { severity: 'P0', acknowledgedAt: null, resolvedAt: null },
      60 * MINUTE + 1,
      ['ACKNOWLEDGE@12:05', 'RESOLVE@13:00'],
    ],
    [
      'P0 resolved: nothing',
      { severity: 'P0', acknowledgedAt: at(MINUTE), resolvedAt: at(2 * MINUTE) },
      3 * 60 * MINUTE,
      [],
    ],
  ])('%s', (_name, incident, lateMs, expected) => {
    const found = slaBreaches({ ...incident, detectedAt }, at(lateMs)).map(
      (b) => `${b.clock}@${b.deadline.toISOString().slice(11, 16)}`,
    );
    expect(found).toEqual(expected);
  });

  it('keys carry the clock and the deadline', () => {
    expect(breachKey(9, { clock: 'RESOLVE', deadline: detectedAt })).toBe('sla:9:RESOLVE:2026-05-05T12:00:00.000Z');
  });

  it.each<[number | null, number | null, ReturnType<typeof breachAudience>]>([
    [7, 3, { userId: 7 }],
    [null, 3, { level: 3 }],
    [null, null, null],
  ])('commander %s, level above %s', (commander, level, expected) => {
    expect(breachAudience(commander, level)).toEqual(expected);
  });
});
