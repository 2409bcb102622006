/**
 * A limit: `capacity` requests, refilled at `perMinute` a minute. Counted in fixed windows by the server's limiter
 * (rate-limiter-flexible): `capacity` points per window of `capacity / perMinute` minutes.
 */
export interface RateLimit {
  capacity: number;
  perMinute: number;
}

/** The window a limit is counted in: `points` requests per `durationSeconds`. */
export interface LimitWindow {
  points: number;
  durationSeconds: number;
}

/** The fixed window that allows `capacity` at once and `perMinute` a minute on average (at least one second long). */
export function limitWindow(limit: RateLimit): LimitWindow {
  const points = Math.max(1, Math.floor(limit.capacity));
  return { points, durationSeconds: Math.max(1, Math.round((60 * points) / Math.max(limit.perMinute, 1e-9))) };
}

/** What a refusal says to wait: whole seconds, at least one, from the milliseconds until the window ends. */
export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

export interface RateLimits {
  loginPerIp: RateLimit;
  /** Per account from one address: an attacker elsewhere cannot use up the owner's attempts. */
  loginPerAccountAddress: RateLimit;
  mutationsPerActor: RateLimit;
  mutationsPerIp: RateLimit;
  /** Mutations by nobody signed in (all refused but `login`/`logout`), per address: bounds a flood of refusals. */
  anonymousMutationsPerIp: RateLimit;
}

/** Per-minute limits with a burst of the same size. */
export function rateLimits(perMinute: { [K in keyof RateLimits]: number }): RateLimits {
  const l = (n: number): RateLimit => ({ capacity: n, perMinute: n });
  return {
    loginPerIp: l(perMinute.loginPerIp),
    loginPerAccountAddress: l(perMinute.loginPerAccountAddress),
    mutationsPerActor: l(perMinute.mutationsPerActor),
    mutationsPerIp: l(perMinute.mutationsPerIp),
    anonymousMutationsPerIp: l(perMinute.anonymousMutationsPerIp),
  };
}

/** The default limits: per deployment with Redis (replicas share the counts), per process without. */
export const RATE_LIMITS: RateLimits = rateLimits({
  loginPerIp: 10,
  loginPerAccountAddress: 5,
  mutationsPerActor: 120,
  mutationsPerIp: 600,
  anonymousMutationsPerIp: 30,
});
