import { GrafanaTimestampVerdict, checkGrafanaTimestamp, grafanaSignedPrefix } from './grafana-signature';

const now = new Date('2026-05-05T12:00:00.000Z');
const secs = now.getTime() / 1000;
const MIN = 60_000;

describe('Grafana signature timestamp', () => {
  it.each<[string, string | undefined, GrafanaTimestampVerdict]>([
    ['now', String(secs), { ok: true, rememberMs: 5 * MIN + 1 }],
    ['exactly 5 minutes old', String(secs - 300), { ok: true, rememberMs: 1 }],
    ['5 minutes and 1 second old', String(secs - 301), { ok: false, problem: 'TOO_OLD' }],
    ['an hour old', String(secs - 3600), { ok: false, problem: 'TOO_OLD' }],
    ['exactly 5 minutes ahead', String(secs + 300), { ok: true, rememberMs: 10 * MIN + 1 }],
    ['5 minutes and 1 second ahead', String(secs + 301), { ok: false, problem: 'IN_FUTURE' }],
    ['missing', undefined, { ok: false, problem: 'MISSING' }],
    ['empty', '', { ok: false, problem: 'MISSING' }],
    ['not a number', '12a', { ok: false, problem: 'MALFORMED' }],
    ['negative', '-1', { ok: false, problem: 'MALFORMED' }],
    ['fractional', `${secs}.5`, { ok: false, problem: 'MALFORMED' }],
    ['milliseconds would be far too many digits', String(now.getTime() * 10), { ok: false, problem: 'MALFORMED' }],
  ])('%s', (_label, timestamp, verdict) => {
    expect(checkGrafanaTimestamp(timestamp, now)).toEqual(verdict);
  });

  it('remembers a signature exactly as long as its timestamp can still pass', () => {
    const signedAt = String(secs - 120);
    const verdict = checkGrafanaTimestamp(signedAt, now);
    expect(verdict.ok).toBe(true);
    const rememberMs = (verdict as { rememberMs: number }).rememberMs;
    expect(checkGrafanaTimestamp(signedAt, new Date(now.getTime() + rememberMs - 1)).ok).toBe(true);
    expect(checkGrafanaTimestamp(signedAt, new Date(now.getTime() + rememberMs))).toEqual({
      ok: false,
      problem: 'TOO_OLD',
    });
  });

  it('signs timestamp, colon, raw body', () => {
    expect(grafanaSignedPrefix('1700000000')).toBe('1700000000:');
  });
});
