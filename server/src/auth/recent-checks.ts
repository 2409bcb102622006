import type { Authentication } from '../access/credential';

/** A credential that passed its check: who it is, and what to re-check on reuse. */
export interface PassedCheck {
  auth: Authentication;
  table: 'api_token' | 'session';
  id: number;
  /** Expiry and idle limits, re-evaluated at every reuse with the caller's clock. */
  stillActive(now: Date): boolean;
}

interface Entry extends PassedCheck {
  checkedAt: number;
}

/**
 * Passed credential checks, reused for `reuseMs` so a wall or script sending many requests does not cost a database
 * lookup each. Any revocation forgets every entry at once: on the revoking replica before its revoke call returns,
 * on the others when the revocation reaches them through pub/sub. A lookup that was already running when a revocation
 * happened is never remembered (the generation moved on), so it cannot bring back what was forgotten.
 * Failed checks are never kept: an unknown or revoked credential is looked up every time.
 */
export class RecentChecks {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly reuseMs: number,
    /** Real elapsed time, never the app clock: tests that freeze or jump the clock must not freeze the cache. */
    private readonly elapsedMs: () => number = () => performance.now(),
    private readonly maxEntries = 10_000,
  ) {}

  /** Call before the lookup; pass the value to `remember`. */
  begin(): number {
    return this.generation;
  }

  /** A still valid check for this credential hash, or undefined. */
  reuse(hash: string, now: Date): PassedCheck | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (this.elapsedMs() - e.checkedAt > this.reuseMs || !e.stillActive(now)) {
      this.entries.delete(hash);
      return undefined;
    }
    return e;
  }

  remember(hash: string, generation: number, check: PassedCheck): void {
    if (generation !== this.generation || this.reuseMs <= 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(hash, { ...check, checkedAt: this.elapsedMs() });
  }

  /** Some credential was revoked (here or on another replica): nothing checked before may be reused. */
  forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }
}
