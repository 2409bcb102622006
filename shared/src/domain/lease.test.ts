import { SECOND } from './time';
import { DEFAULT_LEASE_MS, leaseTimes, leaseUntil, recordRetryDelay, takeoverWithinMs } from './lease';

const now = new Date('2026-07-01T12:00:00.000Z');

describe('lease times', () => {
  it.each<[string, number | undefined, number | undefined, { leaseMs: number; renewEveryMs: number }]>([
    [
      'the default: 30 s, renewed every 10 s',
      undefined,
      undefined,
      { leaseMs: 30 * SECOND, renewEveryMs: 10 * SECOND },
    ],
    ['a third, rounded down', 10 * SECOND, undefined, { leaseMs: 10 * SECOND, renewEveryMs: 3333 }],
    ['an explicit renewal', 30 * SECOND, 1 * SECOND, { leaseMs: 30 * SECOND, renewEveryMs: 1 * SECOND }],
    ['renewal 1 ms short of the lease', 5 * SECOND, 5 * SECOND - 1, { leaseMs: 5 * SECOND, renewEveryMs: 4999 }],
  ])('%s', (_l, lease, renew, expected) => {
    expect(leaseTimes(lease, renew)).toEqual(expected);
  });

  it.each<[string, number, number | undefined]>([
    ['zero lease', 0, undefined],
    ['fractional lease', 1.5, undefined],
    ['renewal as long as the lease: it would lapse between renewals', 30 * SECOND, 30 * SECOND],
    ['zero renewal', 30 * SECOND, 0],
    ['a lease too short for a third to be a whole millisecond', 2, undefined],
  ])('refuses %s', (_l, lease, renew) => {
    expect(() => leaseTimes(lease, renew)).toThrow(RangeError);
  });

  it('lapses exactly the lease after it was taken or renewed', () => {
    expect(leaseUntil(now, leaseTimes()).toISOString()).toBe('2026-07-01T12:00:30.000Z');
    expect(DEFAULT_LEASE_MS).toBe(30 * SECOND);
  });

  it("a dead sender's job is taken over within the lease plus one poll", () => {
    expect(takeoverWithinMs(leaseTimes(), 1500)).toBe(31_500);
  });
});

describe('retrying to record an outcome', () => {
  it.each<[number, number, number]>([
    [1, 0, 100],
    [1, 0.999999, 200],
    [2, 0, 200],
    [3, 0.5, 600],
    [4, 0, 800],
    // capped at 2 s: the database is asked at least every 2 s once it is back
    [5, 0.999999, 2 * SECOND],
    [50, 0, 1 * SECOND],
  ])('after failure %i with random %f waits %i ms', (failures, random, expected) => {
    expect(recordRetryDelay(failures, random)).toBe(expected);
  });
});
