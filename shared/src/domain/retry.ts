import { HOUR, MINUTE, SECOND } from './time';

/** How hard the notification sender tries before it gives up on a delivery. */
export interface RetryPolicy {
  maxAttempts: number;
  /** Delay before the second attempt; doubles for each attempt after that. */
  baseDelayMs: number;
  /** No computed backoff waits longer than this. */
  maxDelayMs: number;
  /** A receiver's Retry-After is honoured up to this long (a hostile or broken header must not park a page for days). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 5 * SECOND,
  maxDelayMs: 10 * MINUTE,
  maxRetryAfterMs: 1 * HOUR,
};

/** What one delivery attempt came back with. */
export interface AttemptResult {
  /** 1 for the first attempt. */
  attempt: number;
  /** HTTP status (or SMTP reply code); null when there was no answer (refused, reset, timed out). */
  status: number | null;
  /** The receiver's Retry-After header, as sent. */
  retryAfter?: string | null;
  /** Set when the sender knows the failure is final (a malformed address, a rejected payload). */
  permanent?: boolean;
}

export type RetryDecision =
  | { action: 'SENT' }
  | { action: 'RETRY'; at: Date; delayMs: number; reason: string }
  | { action: 'FAIL'; reason: string };

/** Parses Retry-After (delta-seconds or an HTTP date) into a delay from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d{1,10}$/.test(v)) return Number(v) * SECOND;
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/** 2xx is delivered; no answer, 408, 425, 429 and 5xx are worth another try; any other status is final. */
export function isRetryable(status: number | null): boolean {
  if (status === null) return true;
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Exponential backoff with "equal jitter": half the doubled delay is fixed, half is random, so a receiver that
 * comes back is not hit by every queued message in the same second. `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, random: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * Math.min(Math.max(random, 0), 1));
}

/** Decides what happens after an attempt: delivered, try again at a time, or give up. */
export function decideRetry(
  result: AttemptResult,
  now: Date,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision {
  const { status } = result;
  if (status !== null && status >= 200 && status <= 299) return { action: 'SENT' };
  const what = status === null ? 'no answer' : `status ${status}`;
  if (result.permanent || !isRetryable(status)) return { action: 'FAIL', reason: `${what} is not retryable` };
  if (result.attempt >= policy.maxAttempts)
    return { action: 'FAIL', reason: `${what} after ${result.attempt} attempts` };
  const asked = status === 429 || status === 503 ? parseRetryAfter(result.retryAfter, now) : null;
  const delayMs =
    asked !== null ? Math.min(asked, policy.maxRetryAfterMs) : backoffDelay(result.attempt, random, policy);
  return {
    action: 'RETRY',
    delayMs,
    at: new Date(now.getTime() + delayMs),
    reason: asked !== null ? `${what}, Retry-After honoured` : `${what}, backing off`,
  };
}
