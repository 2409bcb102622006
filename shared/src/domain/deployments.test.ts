import { HOUR, MINUTE, SECOND } from './time';
import { recentDeployments, suspectDeployment } from './deployments';

const detectedAt = new Date('2026-05-05T12:00:00.000Z');
const before = (ms: number) => new Date(detectedAt.getTime() - ms);
const dep = (id: string, ms: number) => ({ id, deployedAt: before(ms) });

describe('recent deployments before detection', () => {
  it.each<[string, number, boolean | null]>([
    ['at detection', 0, true],
    ['exactly 30 min before: suspect', 30 * MINUTE, true],
    ['30 min and 1 s before: not suspect', 30 * MINUTE + SECOND, false],
    ['exactly 2 h before: in the window', 2 * HOUR, false],
    ['2 h and 1 ms before: outside', 2 * HOUR + 1, null],
    ['1 ms after detection: outside', -1, null],
  ])('%s', (_label, ms, expected) => {
    const result = recentDeployments([dep('d', ms)], detectedAt);
    expect(result.length ? result[0].suspect : null).toBe(expected);
  });

  it('newest first, with the lead time, and options override the defaults', () => {
    const list = [dep('old', 90 * MINUTE), dep('new', 5 * MINUTE), dep('mid', 40 * MINUTE)];
    expect(recentDeployments(list, detectedAt).map((d) => [d.deployment.id, d.suspect, d.beforeDetectionMs])).toEqual([
      ['new', true, 5 * MINUTE],
      ['mid', false, 40 * MINUTE],
      ['old', false, 90 * MINUTE],
    ]);
    expect(
      recentDeployments(list, detectedAt, { lookbackMs: HOUR, suspectMs: 45 * MINUTE }).map((d) => [
        d.deployment.id,
        d.suspect,
      ]),
    ).toEqual([
      ['new', true],
      ['mid', true],
    ]);
  });

  it('the suspect is the newest suspect deployment, or none', () => {
    expect(suspectDeployment(recentDeployments([dep('a', 20 * MINUTE), dep('b', 10 * MINUTE)], detectedAt))?.id).toBe(
      'b',
    );
    expect(suspectDeployment(recentDeployments([dep('a', HOUR)], detectedAt))).toBeNull();
  });
});
