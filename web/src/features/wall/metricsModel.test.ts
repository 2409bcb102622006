import {
  MetricBucket,
  metricsRange,
  niceCeiling,
  severityChart,
  severityUnit,
  percent,
  windowSummary,
} from './metricsModel';

const MIN = 60_000;
const HOUR_MS = 60 * MIN;
const bucket = (
  start: string,
  tta: [number, number | null, number | null],
  ttr: [number, number | null, number | null],
  ack = [0, 0],
  res = [0, 0],
): MetricBucket => ({
  start,
  incidents: Math.max(tta[0], ttr[0]),
  timeToAcknowledge: { count: tta[0], meanMs: tta[1], p90Ms: tta[2] },
  timeToResolve: { count: ttr[0], meanMs: ttr[1], p90Ms: ttr[2] },
  acknowledgeSla: { decided: ack[0], met: ack[1] },
  resolveSla: { decided: res[0], met: res[1] },
});
const empty = (start: string) => bucket(start, [0, null, null], [0, null, null]);

describe('metrics series', () => {
  it.each([
    ['P0', 'min'],
    ['P1', 'min'],
    ['P2', 'h'],
    ['P3', 'h'],
  ] as const)('reads %s in %s', (severity, unit) => {
    expect(severityUnit(severity).label).toBe(unit);
  });

  it.each([
    [0, 1],
    [0.4, 0.5],
    [1, 1],
    [1.1, 2],
    [5.5, 10],
    [66, 100],
    [264, 500],
    [17.6, 20],
  ])('rounds the axis end %p up to %p', (value, nice) => {
    expect(niceCeiling(value)).toBeCloseTo(nice, 9);
  });

  it("shapes one severity's chart: mean and p90 per bucket in its unit, gaps for empty buckets, the target on the axis", () => {
    const buckets = [
      bucket('2026-02-01T00:00:00.000Z', [2, 4 * MIN, 6 * MIN], [1, 50 * MIN, 50 * MIN]),
      empty('2026-02-02T00:00:00.000Z'),
      bucket('2026-02-03T00:00:00.000Z', [1, 2 * MIN, 2 * MIN], [0, null, null]),
    ];
    const tta = severityChart('P0', buckets, 'timeToAcknowledge', 5 * MIN);
    expect(tta.unit.label).toBe('min');
    expect(tta.points).toEqual([
      { label: '02-01', mean: 4, p90: 6 },
      { label: '02-02', mean: null, p90: null },
      { label: '02-03', mean: 2, p90: 2 },
    ]);
    expect(tta.target).toBe(5);
    expect(tta.yMax).toBe(10); // 6 × 1.1 → 10
    expect(tta.meanMs).toBeCloseTo((2 * 4 * MIN + 2 * MIN) / 3, 6); // count-weighted
    const ttr = severityChart('P0', buckets, 'timeToResolve', 60 * MIN);
    expect(ttr.points.map((p) => p.mean)).toEqual([50, null, null]);
    expect(ttr.yMax).toBe(100); // the 60 min target fits: 66 → 100

    // A P3 in hours: one slow incident sets only its own chart's scale.
    const p3 = severityChart(
      'P3',
      [bucket('2026-02-01T00:00:00.000Z', [0, null, null], [1, 300 * 60 * MIN, 300 * 60 * MIN])],
      'timeToResolve',
      14 * 24 * 60 * MIN,
    );
    expect(p3.unit.label).toBe('h');
    expect(p3.points[0]).toEqual({ label: '02-01', mean: 300, p90: 300 });
    expect(p3.target).toBe(336);
    expect(p3.yMax).toBe(500);
    expect(severityChart('P3', [empty('x')], 'timeToResolve', HOUR_MS).meanMs).toBeNull();
  });

  it('sums a window exactly: count-weighted means and compliance over decided clocks', () => {
    const s = windowSummary([
      bucket('a', [1, 10 * MIN, 10 * MIN], [1, 60 * MIN, 60 * MIN], [1, 1], [1, 0]),
      bucket('b', [3, 30 * MIN, 40 * MIN], [0, null, null], [3, 2], [0, 0]),
    ]);
    expect(s).toEqual({ incidents: 4, mttaMs: 25 * MIN, mttrMs: 60 * MIN, acknowledgeSla: 0.75, resolveSla: 0 });
    expect(windowSummary([])).toEqual({
      incidents: 0,
      mttaMs: null,
      mttrMs: null,
      acknowledgeSla: null,
      resolveSla: null,
    });
  });

  it('covers whole UTC days ending today; weeks beyond a month', () => {
    const now = new Date('2026-03-10T23:59:59.999Z');
    expect(metricsRange(7, now)).toEqual({
      from: '2026-03-04T00:00:00.000Z',
      to: '2026-03-11T00:00:00.000Z',
      bucket: 'DAY',
    });
    expect(metricsRange(30, new Date('2026-03-11T00:00:00.000Z')).to).toBe('2026-03-12T00:00:00.000Z');
    expect(metricsRange(90, now).bucket).toBe('WEEK');
  });

  it('formats compliance', () => {
    expect(percent(null)).toBe('–');
    expect(percent(0.999)).toBe('99%');
    expect(percent(1)).toBe('100%');
  });
});
