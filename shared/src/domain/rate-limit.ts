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
  /**
   * Query cost (server/src/graphql/cost.ts) a caller may spend on reads (queries and subscriptions) a minute, and
   * all callers of one address together: readers cannot keep the server busy enough to slow the paging path.
   */
  readCostPerActor: RateLimit;
  readCostPerIp: RateLimit;
  /** Verification codes (SMS, email, Slack DM) one person may have sent an hour: each one reaches someone. */
  codesPerPerson: RateLimit;
  /** Codes sent to one number/email/member an hour, whoever asks: nobody is bombed, no premium number pumped. */
  codesPerAddress: RateLimit;
  /** Wrong SMS reply codes from one number before its replies are ignored for the rest of a quarter hour. */
  wrongRepliesPerNumber: RateLimit;
}

/** `n` in an hour, all at once if need be. */
const perHour = (n: number): RateLimit => ({ capacity: n, perMinute: n / 60 });

/**
 * A budget counted in ten-second windows: a reader that has spent it waits seconds, not a minute, and cannot spend a
 * whole minute's budget in one burst.
 */
const tenSeconds = (n: number): RateLimit => ({ capacity: n / 6, perMinute: n });

/** Codes and replies: 6 codes an hour per person, 3 per address; 5 wrong reply codes a quarter hour per number. */
const PHONE_LIMITS = {
  codesPerPerson: perHour(6),
  codesPerAddress: perHour(3),
  wrongRepliesPerNumber: { capacity: 5, perMinute: 5 / 15 },
} satisfies Partial<RateLimits>;

/** Per-minute limits with a burst of the same size (read budgets: a sixth of it, ten seconds' worth). */
export function rateLimits(
  perMinute: { [K in Exclude<keyof RateLimits, keyof typeof PHONE_LIMITS>]: number },
  phones: Partial<typeof PHONE_LIMITS> = {},
): RateLimits {
  const l = (n: number): RateLimit => ({ capacity: n, perMinute: n });
  return {
    loginPerIp: l(perMinute.loginPerIp),
    loginPerAccountAddress: l(perMinute.loginPerAccountAddress),
    mutationsPerActor: l(perMinute.mutationsPerActor),
    mutationsPerIp: l(perMinute.mutationsPerIp),
    anonymousMutationsPerIp: l(perMinute.anonymousMutationsPerIp),
    readCostPerActor: tenSeconds(perMinute.readCostPerActor),
    readCostPerIp: tenSeconds(perMinute.readCostPerIp),
    ...PHONE_LIMITS,
    ...phones,
  };
}

/** The default limits: per deployment with Redis (replicas share the counts), per process without. */
export const RATE_LIMITS: RateLimits = rateLimits({
  loginPerIp: 10,
  loginPerAccountAddress: 5,
  mutationsPerActor: 120,
  mutationsPerIp: 600,
  anonymousMutationsPerIp: 30,
  // About 35 of the dearest documents the cost limit allows (~141,000: the wall's 200 open incidents) a minute.
  readCostPerActor: 5_000_000,
  readCostPerIp: 20_000_000,
});
