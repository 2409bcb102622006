import { checkSlackTimestamp, parseSlashCommand, slackBaseString, slackSignatureHex } from './slack-signature';

const now = new Date('2026-05-05T12:00:00.000Z');
const secs = now.getTime() / 1000;

describe('slack request timestamp', () => {
  it.each<[string, string | undefined, string]>([
    ['now', String(secs), 'OK'],
    ['exactly 5 minutes old', String(secs - 300), 'OK'],
    ['5 minutes and 1 second old', String(secs - 301), 'STALE'],
    ['exactly 5 minutes ahead', String(secs + 300), 'OK'],
    ['5 minutes and 1 second ahead', String(secs + 301), 'STALE'],
    ['missing', undefined, 'MALFORMED'],
    ['not a number', '12a', 'MALFORMED'],
    ['milliseconds would be far too many digits', '1'.repeat(13), 'MALFORMED'],
  ])('%s', (_l, ts, verdict) => {
    expect(checkSlackTimestamp(ts, now)).toBe(verdict);
  });

  it('signs version, timestamp and raw body', () => {
    expect(slackBaseString('1531420618', 'token=x&team_id=T1')).toBe('v0:1531420618:token=x&team_id=T1');
  });

  it.each<[string | undefined, string | null]>([
    [`v0=${'a'.repeat(64)}`, 'a'.repeat(64)],
    [`v0=${'A'.repeat(64)}`, 'a'.repeat(64)],
    [`v1=${'a'.repeat(64)}`, null],
    [`v0=${'a'.repeat(63)}`, null],
    [`v0=${'g'.repeat(64)}`, null],
    [undefined, null],
  ])('signature header %s', (header, hex) => {
    expect(slackSignatureHex(header)).toBe(hex);
  });
});

describe('/vigil command text', () => {
  it.each<[string, ReturnType<typeof parseSlashCommand>]>([
    ['ack 42', { kind: 'ACK', incidentId: 42 }],
    ['  ACK   #7 ', { kind: 'ACK', incidentId: 7 }],
    ['status', { kind: 'STATUS' }],
    ['oncall', { kind: 'ONCALL' }],
    ['declare p1 Checkout is down', { kind: 'DECLARE', severity: 'P1', title: 'Checkout is down' }],
    ['ack', { kind: 'HELP', problem: expect.stringContaining('incident id') }],
    ['ack 0', { kind: 'HELP', problem: expect.stringContaining('incident id') }],
    ['ack 4 5', { kind: 'HELP', problem: expect.stringContaining('incident id') }],
    ['declare P9 x', { kind: 'HELP', problem: expect.stringContaining('severity') }],
    ['declare P2', { kind: 'HELP', problem: expect.stringContaining('title') }],
    ['reboot', { kind: 'HELP', problem: 'Unknown command "reboot".' }],
    ['', { kind: 'HELP', problem: null }],
  ])('"%s"', (text, parsed) => {
    expect(parseSlashCommand(text)).toEqual(parsed);
  });
});
