import { MINUTE, SECOND } from './time';
import { SignInFailures, afterFailedSignIn, signInDelayMs } from './sign-in';

const t0 = Date.parse('2026-12-01T09:00:00.000Z');

/** The history after `n` failures, one a second from t0. */
function failed(n: number): SignInFailures | undefined {
  let h: SignInFailures | undefined;
  for (let i = 0; i < n; i++) h = afterFailedSignIn(h, t0 + i * SECOND);
  return h;
}

describe('sign-in slow-down', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 0],
    [3, 500],
    [4, 1000],
    [5, 2000],
    [6, 4000],
    [7, 8000],
    [8, 8000],
    [50, 8000],
  ])('after %i failures the next attempt waits %i ms', (n, ms) => {
    expect(signInDelayMs(failed(n), t0 + n * SECOND)).toBe(ms);
  });

  it('forgets a history exactly 15 minutes after its last failure', () => {
    const h = failed(5)!; // last failure at t0 + 4 s
    expect(signInDelayMs(h, h.lastAt + 15 * MINUTE - 1)).toBe(2000);
    expect(signInDelayMs(h, h.lastAt + 15 * MINUTE)).toBe(0);
    expect(afterFailedSignIn(h, h.lastAt + 15 * MINUTE)).toEqual({ count: 1, lastAt: h.lastAt + 15 * MINUTE });
  });

  it('a failure within the window adds to the count and moves the window', () => {
    const h = failed(3)!;
    expect(afterFailedSignIn(h, h.lastAt + 14 * MINUTE)).toEqual({ count: 4, lastAt: h.lastAt + 14 * MINUTE });
  });
});
