import { notificationPlan, pagingPlan, reminderKey, reminderRecipient, reminderRound } from './notify-policy';
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
