import { SECOND } from './time';
import { backoffDelay } from './retry';

/**
 * A lease: a claimed job is its sender's until `leaseMs` after the last renewal; a sender that stops renewing
 * (killed, cut off from the database) loses it, and the next sender to look takes the job over.
 */
export interface LeaseTimes {
  leaseMs: number;
  /** How often a sender renews the leases of jobs it is still working on. */
  renewEveryMs: number;
}

export const DEFAULT_LEASE_MS = 30 * SECOND;

/** Lease and renewal times; renewal defaults to a third of the lease, so two renewals can fail before it lapses. */
export function leaseTimes(
  leaseMs: number = DEFAULT_LEASE_MS,
  renewEveryMs: number = Math.floor(leaseMs / 3),
): LeaseTimes {
  if (!Number.isInteger(leaseMs) || leaseMs < 1)
    throw new RangeError(`A lease must be a positive whole number of milliseconds, got ${leaseMs}.`);
  if (!Number.isInteger(renewEveryMs) || renewEveryMs < 1 || renewEveryMs >= leaseMs) {
    throw new RangeError(
      `A lease of ${leaseMs} ms must be renewed more often than it lasts, got every ${renewEveryMs} ms.`,
    );
  }
  return { leaseMs, renewEveryMs };
}

/** When a lease taken or renewed at `now` lapses; at that instant another sender may take the job. */
export function leaseUntil(now: Date, lease: LeaseTimes): Date {
  return new Date(now.getTime() + lease.leaseMs);
}

/**
 * The longest a job held by a dead sender waits: its lease from the last renewal, plus one poll of the sender that
 * takes it over. A sender that died right after renewing leaves the most.
 */
export function takeoverWithinMs(lease: LeaseTimes, pollMs: number): number {
  return lease.leaseMs + pollMs;
}

/** Recording an outcome while the database is away is retried soon and often: 200 ms doubling to 2 s, jittered. */
const RECORD_RETRY = { maxAttempts: Infinity, baseDelayMs: 200, maxDelayMs: 2 * SECOND, maxRetryAfterMs: 0 };

/** How long to wait after the `failures`-th failed attempt to record an outcome; `random` is in [0, 1). */
export function recordRetryDelay(failures: number, random: number): number {
  return backoffDelay(failures, random, RECORD_RETRY);
}
