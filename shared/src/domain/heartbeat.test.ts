import { heartbeatDeadline, isHeartbeatMissed, onHeartbeatPing, validateHeartbeatTiming } from './heartbeat';
import { DomainError } from './errors';

const last = new Date('2026-05-05T12:00:00.000Z');
const at = (s: number) => new Date(last.getTime() + s * 1000);

describe('heartbeat deadline', () => {
  it.each<[string, number, number, number, boolean]>([
    ['within the interval', 60, 30, 60, false],
    ['inside the grace', 60, 30, 89, false],
    ['exactly at the deadline', 60, 30, 90, false],
    ['one second after', 60, 30, 91, true],
    ['no grace', 300, 0, 301, true],
  ])('%s', (_l, interval, grace, elapsed, missed) => {
    const deadline = heartbeatDeadline(last, interval, grace);
    expect(deadline).toEqual(at(interval + grace));
    expect(isHeartbeatMissed(deadline, at(elapsed))).toBe(missed);
  });

  it('a ping brings a DOWN monitor back', () => {
    expect(onHeartbeatPing('DOWN')).toEqual({ state: 'UP', recovered: true });
    expect(onHeartbeatPing('UP')).toEqual({ state: 'UP', recovered: false });
  });

  it.each<[number, number, string | null]>([
    [30, 0, null],
    [604800, 86400, null],
    [29, 0, 'intervalSeconds'],
    [604801, 0, 'intervalSeconds'],
    [60.5, 0, 'intervalSeconds'],
    [60, -1, 'graceSeconds'],
    [60, 86401, 'graceSeconds'],
  ])('interval %s grace %s', (interval, grace, field) => {
    let error: unknown = null;
    try {
      validateHeartbeatTiming(interval, grace);
    } catch (e) {
      error = e;
    }
    if (field === null) expect(error).toBeNull();
    else expect(error).toMatchObject({ code: 'VALIDATION', field });
    if (error) expect(error).toBeInstanceOf(DomainError);
  });
});
