import { HOUR, MINUTE, SECOND } from './time';
import { DEFAULT_RETRY_POLICY, backoffDelay, decideRetry, isRetryable, parseRetryAfter } from './retry';

const now = new Date('2026-05-05T12:00:00.000Z');

describe('Retry-After', () => {
  it.each<[string, string | null | undefined, number | null]>([
    ['delta seconds', '120', 120 * SECOND],
    ['zero', '0', 0],
    ['padded', ' 7 ', 7 * SECOND],
    ['HTTP date ahead', 'Tue, 05 May 2026 12:00:30 GMT', 30 * SECOND],
    ['HTTP date in the past is "now"', 'Tue, 05 May 2026 11:00:00 GMT', 0],
    ['absent', undefined, null],
    ['empty', '', null],
    ['negative', '-5', null],
    ['fraction', '1.5', null],
    ['garbage', 'soon', null],
  ])('%s', (_l, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('retryable statuses', () => {
  it.each<[number | null, boolean]>([
    [null, true],
    [408, true],
    [425, true],
    [429, true],
    [500, true],
    [503, true],
    [599, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [410, false],
    [302, false],
  ])('%s → %s', (status, expected) => {
    expect(isRetryable(status)).toBe(expected);
  });
});

describe('backoff', () => {
  it.each<[number, number, number]>([
    [1, 0, 2.5 * SECOND],
    [1, 0.999999, 5 * SECOND],
    [2, 0, 5 * SECOND],
    [3, 0.5, 15 * SECOND],
    [8, 0, 5 * MINUTE],
    // capped: 5 s × 2^19 is far beyond ten minutes
    [20, 0.999999, 10 * MINUTE],
  ])('attempt %i, random %d → %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, random)).toBe(Math.round(expected));
  });

  it('never shrinks as attempts grow (at the same jitter)', () => {
    for (let a = 1; a < 15; a++) expect(backoffDelay(a + 1, 0.3)).toBeGreaterThanOrEqual(backoffDelay(a, 0.3));
  });
});

describe('decideRetry', () => {
  const at = (ms: number) => new Date(now.getTime() + ms);
  it.each<[string, Parameters<typeof decideRetry>[0], ReturnType<typeof decideRetry>['action'], Date | null]>([
    ['200 is sent', { attempt: 1, status: 200 }, 'SENT', null],
    ['204 is sent', { attempt: 3, status: 204 }, 'SENT', null],
    ['refused connection backs off', { attempt: 1, status: null }, 'RETRY', at(2.5 * SECOND)],
    ['503 without Retry-After backs off', { attempt: 2, status: 503 }, 'RETRY', at(5 * SECOND)],
    ['503 honours Retry-After', { attempt: 1, status: 503, retryAfter: '90' }, 'RETRY', at(90 * SECOND)],
    ['429 honours Retry-After', { attempt: 1, status: 429, retryAfter: '30' }, 'RETRY', at(30 * SECOND)],
    [
      '429 honours an HTTP-date Retry-After',
      { attempt: 1, status: 429, retryAfter: 'Tue, 05 May 2026 12:05:00 GMT' },
      'RETRY',
      at(5 * MINUTE),
    ],
    ['Retry-After is capped at an hour', { attempt: 1, status: 429, retryAfter: '999999' }, 'RETRY', at(HOUR)],
    ['500 ignores Retry-After', { attempt: 1, status: 500, retryAfter: '600' }, 'RETRY', at(2.5 * SECOND)],
    ['404 fails at once', { attempt: 1, status: 404 }, 'FAIL', null],
    ['a permanent failure fails at once', { attempt: 1, status: null, permanent: true }, 'FAIL', null],
    ['the last allowed attempt fails', { attempt: DEFAULT_RETRY_POLICY.maxAttempts, status: 503 }, 'FAIL', null],
    [
      'one before the last still retries',
      { attempt: DEFAULT_RETRY_POLICY.maxAttempts - 1, status: 503 },
      'RETRY',
      null,
    ],
  ])('%s', (_l, result, action, retryAt) => {
    const d = decideRetry(result, now, 0);
    expect(d.action).toBe(action);
    if (retryAt) expect(d.action === 'RETRY' && d.at).toEqual(retryAt);
  });
});
