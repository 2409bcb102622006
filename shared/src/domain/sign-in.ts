import { MINUTE, SECOND } from './time';

/**
 * The progressive slow-down of sign-in: failures are counted per account AND address, so an attacker slows only
 * their own attempts, never the owner's from elsewhere. Refusals are the rate limits' job (rate-limit.ts).
 */
export interface SignInSlowdown {
  /** Failures allowed before any wait: typos. */
  freeFailures: number;
  /** The wait after the first failure beyond the free ones; it doubles with each further failure... */
  firstDelayMs: number;
  /** ...up to this. */
  maxDelayMs: number;
  /** A history with no new failure for this long is forgotten. */
  forgetAfterMs: number;
}

export const SIGN_IN_SLOWDOWN: SignInSlowdown = {
  freeFailures: 3,
  firstDelayMs: 500,
  maxDelayMs: 8 * SECOND,
  forgetAfterMs: 15 * MINUTE,
};

/** Failed sign-ins for one account from one address. */
export interface SignInFailures {
  count: number;
  /** When the last one happened (ms). */
  lastAt: number;
}

function live(failures: SignInFailures | undefined, now: number, policy: SignInSlowdown): SignInFailures | undefined {
  return failures && now - failures.lastAt < policy.forgetAfterMs ? failures : undefined;
}

/** How long to wait before checking the next attempt with this history at `now` (ms): 0, 0, 0, 0.5 s, 1 s … 8 s. */
export function signInDelayMs(
  failures: SignInFailures | undefined,
  now: number,
  policy: SignInSlowdown = SIGN_IN_SLOWDOWN,
): number {
  const count = live(failures, now, policy)?.count ?? 0;
  if (count < policy.freeFailures) return 0;
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (count - policy.freeFailures));
}

/** The history after one more failure at `now` (a forgotten history starts again at one). */
export function afterFailedSignIn(
  failures: SignInFailures | undefined,
  now: number,
  policy: SignInSlowdown = SIGN_IN_SLOWDOWN,
): SignInFailures {
  return { count: (live(failures, now, policy)?.count ?? 0) + 1, lastAt: now };
}
