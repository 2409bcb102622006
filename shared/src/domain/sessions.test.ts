import { HOUR, SECOND } from './time';
import { sessionState, tokenState } from './sessions';

const t0 = new Date('2026-06-01T00:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const policy = { idleMs: 2 * HOUR, absoluteMs: 10 * HOUR };

describe('session timeouts', () => {
  it.each([
    ['active one second before idle timeout', at(7 * HOUR), at(9 * HOUR - SECOND), 'ACTIVE'],
    ['idle-expired exactly at the idle timeout', at(1 * HOUR), at(3 * HOUR), 'IDLE_EXPIRED'],
    ['expired at the absolute limit however active', at(10 * HOUR - SECOND), at(10 * HOUR), 'EXPIRED'],
  ])('%s', (_l, lastSeenAt, now, state) => {
    expect(sessionState({ createdAt: t0, lastSeenAt, revokedAt: null }, now, policy)).toBe(state);
  });

  it('revoked beats everything', () => {
    expect(sessionState({ createdAt: t0, lastSeenAt: t0, revokedAt: t0 }, t0, policy)).toBe('REVOKED');
  });

  it('tokens expire at their expiry instant, or never', () => {
    expect(tokenState({ revokedAt: null, expiresAt: at(HOUR) }, at(HOUR - 1))).toBe('ACTIVE');
    expect(tokenState({ revokedAt: null, expiresAt: at(HOUR) }, at(HOUR))).toBe('EXPIRED');
    expect(tokenState({ revokedAt: null, expiresAt: null }, at(1000 * HOUR))).toBe('ACTIVE');
  });
});
