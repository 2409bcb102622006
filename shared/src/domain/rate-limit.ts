/** A token bucket: `capacity` requests at once, refilled at `perMinute` a minute. Pure: state in, state out. */
export interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface RateLimit {
  capacity: number;
  perMinute: number;
}

export interface RateDecision {
  allowed: boolean;
  bucket: Bucket;
  /** Seconds until one request would be allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

/** Takes one token from `bucket` (or a full new one) at `now` (ms). */
export function takeToken(bucket: Bucket | undefined, limit: RateLimit, now: number): RateDecision {
  const start = bucket ?? { tokens: limit.capacity, updatedAt: now };
  const refill = ((now - start.updatedAt) / 60_000) * limit.perMinute;
  const tokens = Math.min(limit.capacity, start.tokens + Math.max(0, refill));
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, updatedAt: now }, retryAfterSeconds: 0 };
  const wait = ((1 - tokens) / limit.perMinute) * 60;
  return { allowed: false, bucket: { tokens, updatedAt: now }, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
}

export interface RateLimits {
  loginPerIp: RateLimit;
  /** Per account from one address: an attacker elsewhere cannot use up the owner's attempts. */
  loginPerAccountAddress: RateLimit;
  mutationsPerActor: RateLimit;
  mutationsPerIp: RateLimit;
}

/** Per-minute limits with a burst of the same size. */
export function rateLimits(perMinute: { loginPerIp: number; loginPerAccountAddress: number; mutationsPerActor: number; mutationsPerIp: number }): RateLimits {
  const l = (n: number): RateLimit => ({ capacity: n, perMinute: n });
  return {
    loginPerIp: l(perMinute.loginPerIp),
    loginPerAccountAddress: l(perMinute.loginPerAccountAddress),
    mutationsPerActor: l(perMinute.mutationsPerActor),
    mutationsPerIp: l(perMinute.mutationsPerIp),
  };
}

/** The default limits, per process (see README: per replica, so N replicas allow N times as much). */
export const RATE_LIMITS: RateLimits = rateLimits({ loginPerIp: 10, loginPerAccountAddress: 5, mutationsPerActor: 120, mutationsPerIp: 600 });
