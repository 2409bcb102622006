import Redis from 'ioredis';
import ipaddr from 'ipaddr.js';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError, ErrorCode, RateLimit, limitWindow, retryAfterSeconds } from '@vigil/shared';

export interface RateLimiterOptions {
  /** REDIS_URL: limits hold across replicas. null: one process's memory. */
  redisUrl: string | null;
  /** Keys live under this prefix in Redis (the deployment's channel prefix), so deployments sharing a Redis do not mix. */
  keyPrefix: string;
  log?: (e: unknown) => void;
}

/** How long a Redis command may take before the memory insurance answers instead: a limiter never holds up a page. */
const REDIS_COMMAND_TIMEOUT_MS = 250;

/**
 * What an address is limited as: an IPv4 address as itself, an IPv6 address by its /64 (one subscriber's network,
 * whose 2^64 addresses would otherwise each get a fresh allowance), an IPv4-mapped IPv6 address as the IPv4 one.
 */
export function limitedAddress(ip: string | null): string {
  if (!ip || !ipaddr.isValid(ip)) return ip ?? '?';
  const addr = ipaddr.process(ip);
  if (addr.kind() === 'ipv4') return addr.toString();
  return `${(addr as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((p) => p.toString(16))
    .join(':')}::/64`;
}

/** Whom a signed-in caller's limits count against: the person (or, for a token without one, its name). */
export function limitedCaller(actor: { kind: string; userId: number | null; name: string }): string {
  return `${actor.kind}:${actor.userId ?? actor.name}`;
}

/**
 * Fixed-window counters from rate-limiter-flexible: in Redis when REDIS_URL is set (every replica counts against the
 * same limit), in this process's memory otherwise, and in memory as insurance while Redis cannot answer (commands
 * fail at once while it is away, and after 250 ms when it hangs). A counter expires with its window; nothing drops
 * counters early, so flooding the limiter with new keys costs memory for a minute and never resets anyone's count.
 */
export class RateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  private readonly redis: Redis | null;

  constructor(private readonly options: RateLimiterOptions) {
    this.redis = options.redisUrl
      ? new Redis(options.redisUrl, {
          // No queue while disconnected and a short command timeout: the insurance answers instead of a request waiting.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
        })
      : null;
    // Redis being away is logged by pub/sub already; here the insurance limiter simply takes over.
    this.redis?.on('error', () => undefined);
  }

  /**
   * Counts one request of `subject` (or `points`: a read's cost) against the limit called `name`, or throws
   * RATE_LIMITED with the seconds to wait (naming `field` when the limit is about one of the request's fields).
   */
  async take(name: string, subject: string, limit: RateLimit, what: string, points = 1, field?: string): Promise<void> {
    try {
      await this.limiter(name, limit).consume(subject, points);
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        const wait = retryAfterSeconds(e.msBeforeNext);
        throw new DomainError(ErrorCode.RATE_LIMITED, `Too many ${what}; try again in ${wait} s.`, field, {
          retryAfterSeconds: wait,
        });
      }
      // Not a refusal but a fault of the limiter itself (the insurance answers for Redis): let the request through.
      this.options.log?.(e);
    }
  }

  /** Whether `subject` has used up the limit called `name` in its current window (counts nothing). */
  async spent(name: string, subject: string, limit: RateLimit): Promise<boolean> {
    try {
      const res = await this.limiter(name, limit).get(subject);
      return res !== null && res.consumedPoints >= limitWindow(limit).points;
    } catch (e) {
      this.options.log?.(e);
      return false;
    }
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }

  /** One limiter per limit as it is now: a limit changed at run time counts afresh under its new window. */
  private limiter(name: string, limit: RateLimit): RateLimiterAbstract {
    const { points, durationSeconds: duration } = limitWindow(limit);
    const id = `${name}:${points}:${duration}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const keyPrefix = `${this.options.keyPrefix}rl:${id}`;
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      limiter = this.redis
        ? new RateLimiterRedis({
            storeClient: this.redis,
            keyPrefix,
            points,
            duration,
            insuranceLimiter: memory,
            rejectIfRedisNotReady: true,
            // A key over its limit is refused from memory until its window ends: a flood costs Redis nothing more.
            inMemoryBlockOnConsumed: points + 1,
          })
        : memory;
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
