import { LinkFacts, dataAge, linkLabel, linkState, retryWaitMs } from './connectionModel';

const now = Date.parse('2026-02-01T10:00:00.000Z');
const ago = (ms: number) => now - ms;
const facts = (socket: LinkFacts['socket'], lastHeardAt: number | null): LinkFacts => ({
  socket,
  lastHeardAt,
  connects: lastHeardAt === null ? 0 : 1,
});

describe('the link a screen shows', () => {
  it.each<[LinkFacts['socket'], number | null, string]>([
    ['connecting', null, 'CONNECTING'],
    ['closed', null, 'CONNECTING'],
    ['connected', ago(0), 'LIVE'],
    ['connected', ago(4_000), 'LIVE'],
    ['connected', ago(10_000), 'LIVE'],
    // One ping and its pong deadline passed in silence: the socket still looks open, the data may not be current.
    ['connected', ago(10_001), 'STALE'],
    ['connected', ago(90_000), 'STALE'],
    // Down, through every retry: one state, no DISCONNECTED/RECONNECTING flicker between attempts.
    ['closed', ago(12_000), 'RECONNECTING'],
    ['connecting', ago(13_000), 'RECONNECTING'],
    ['closed', ago(0), 'RECONNECTING'],
    // The last pong arrived after the clock's tick: still live.
    ['connected', now + 400, 'LIVE'],
  ])('socket %s, last heard at %s: %s', (socket, lastHeardAt, state) => {
    expect(linkState(facts(socket, lastHeardAt), now)).toBe(state);
  });

  it.each<[number | null, string]>([
    [null, 'never connected'],
    [ago(0), 'data is 0s old'],
    [now + 400, 'data is 0s old'],
    [ago(999), 'data is 0s old'],
    [ago(14_000), 'data is 14s old'],
    [ago(90_000), 'data is 1m 30s old'],
    [ago(2 * 3_600_000 + 60_000), 'data is 2h 01m old'],
  ])('last heard at %s: "%s"', (lastHeardAt, age) => {
    expect(dataAge(lastHeardAt, now)).toBe(age);
  });

  it.each<[LinkFacts, string]>([
    [facts('connected', ago(2_000)), '● LIVE'],
    [facts('connected', ago(11_000)), '● STALE · data is 11s old'],
    [facts('closed', ago(14_000)), '● RECONNECTING · data is 14s old'],
    [facts('connecting', null), '● CONNECTING · never connected'],
  ])('badge for %j reads "%s"', (f, label) => {
    expect(linkLabel(f, now).label).toBe(label);
  });
});

describe('retry waits', () => {
  it.each([
    [0, 0, 1_000],
    [0, 0.999, 500],
    [1, 0, 2_000],
    [2, 0, 3_000],
    [10, 0, 3_000],
    [10, 0.5, 2_250],
    [1_000, 0, 3_000],
  ])('retry %i with random %f waits %i ms', (retries, random, ms) => {
    expect(retryWaitMs(retries, random)).toBe(ms);
  });
});
