import Redis from 'ioredis';
import { Clock } from '@vigil/shared';

/** Remembers signatures already served, so a captured signed request cannot be sent again inside its window. */
export interface ReplayGuard {
  /** True when `key` is new (it is then remembered for `ttlMs`); false when it was already claimed: a replay. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets a claim whose request then failed (503), so the sender's retry is not mistaken for a replay. */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Memory full of signatures that are all still inside their window: refuse (the sender retries) rather than forget. */
class ReplayMemoryFull extends Error {}

/**
 * One process's memory, for a single server (no Redis). Bounded: when full, expired entries are swept, and if none
 * has expired the request is refused instead of an entry being forgotten early. Expiry follows the app's clock.
 */
export function memoryReplayGuard(clock: Clock, capacity = 50_000): ReplayGuard {
  const seen = new Map<string, number>();
  return {
    async claim(key, ttlMs) {
      const now = clock.now().getTime();
      const until = seen.get(key);
      if (until !== undefined && until > now) return false;
      seen.delete(key);
      if (seen.size >= capacity) {
        for (const [k, expires] of seen) if (expires <= now) seen.delete(k);
        if (seen.size >= capacity) throw new ReplayMemoryFull(`${capacity} signatures are inside their window.`);
      }
      seen.set(key, now + ttlMs);
      return true;
    },
    async release(key) {
      seen.delete(key);
    },
    async close() {
      seen.clear();
    },
  };
}

/**
 * Redis, shared by every replica: SET NX with an expiry, so exactly one replica serves a given signature. The expiry
 * is a duration computed on the app's clock, never an absolute time compared with Redis's clock. If Redis is down,
 * claim throws and the request is refused with 503: a signature is never accepted unchecked.
 */
export function redisReplayGuard(redisUrl: string, keyPrefix: string): ReplayGuard {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  return {
    async claim(key, ttlMs) {
      return (await redis.set(`${keyPrefix}${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
    },
    async release(key) {
      await redis.del(`${keyPrefix}${key}`);
    },
    async close() {
      redis.disconnect();
    },
  };
}
