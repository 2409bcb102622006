import { limitWindow, retryAfterSeconds } from './rate-limit';

describe('the window a limit is counted in', () => {
  it.each([
    ['the same burst and rate: a minute', { capacity: 30, perMinute: 30 }, { points: 30, durationSeconds: 60 }],
    ['a burst of 3 at 6 a minute: 30 s', { capacity: 3, perMinute: 6 }, { points: 3, durationSeconds: 30 }],
    ['1 a minute: a minute', { capacity: 1, perMinute: 1 }, { points: 1, durationSeconds: 60 }],
    [
      'a huge rate never makes a window under a second',
      { capacity: 1, perMinute: 1_000_000 },
      { points: 1, durationSeconds: 1 },
    ],
    [
      'a fractional capacity counts whole requests, at least one',
      { capacity: 0.5, perMinute: 1 },
      { points: 1, durationSeconds: 60 },
    ],
  ])('%s', (_name, limit, expected) => {
    expect(limitWindow(limit)).toEqual(expected);
  });
});

describe('retry after', () => {
  it.each([
    [0, 1],
    [1, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [59_999, 60],
  ])('%d ms before the window ends → %d s', (ms, seconds) => {
    expect(retryAfterSeconds(ms)).toBe(seconds);
  });
});
