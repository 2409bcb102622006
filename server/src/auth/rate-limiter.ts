import { Bucket, Clock, DomainError, ErrorCode, RateLimit, takeToken } from '@vigil/shared';

/** Per-process token buckets keyed by who/where; old buckets are dropped so memory stays bounded. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock, private readonly maxKeys = 50_000) {}

  /** Takes a token for `key` or throws RATE_LIMITED with the seconds to wait. */
  take(key: string, limit: RateLimit, what: string): void {
    const now = this.clock.now().getTime();
    const decision = takeToken(this.buckets.get(key), limit, now);
    if (this.buckets.size >= this.maxKeys && !this.buckets.has(key)) this.buckets.clear();
    this.buckets.set(key, decision.bucket);
    if (!decision.allowed) {
      throw new DomainError(ErrorCode.RATE_LIMITED, `Too many ${what}; try again in ${decision.retryAfterSeconds} s.`, undefined, {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
  }
}
