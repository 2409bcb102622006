import {
  MetricBucket,
  MetricsBySeverity,
  durationSeries,
  durationUnit,
  metricsRange,
  percent,
  windowSummary,
} from './metricsModel';

const MIN = 60_000;
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
  it('picks minutes up to two hours, hours beyond', () => {
    expect(durationUnit([null, 5 * MIN, 120 * MIN]).label).toBe('min');
    expect(durationUnit([120 * MIN + 1]).label).toBe('h');
    expect(durationUnit([]).label).toBe('min');
  });

  it('shapes each severity mean and the overall p90 per bucket', () => {
    const report: MetricsBySeverity = {
      all: {
        buckets: [
          bucket('2026-02-01T00:00:00.000Z', [3, 10 * MIN, 20 * MIN], [0, null, null]),
          empty('2026-02-02T00:00:00.000Z'),
        ],
      },
      p0: {
        buckets: [
          bucket('2026-02-01T00:00:00.000Z', [1, 4 * MIN, 4 * MIN], [0, null, null]),
          empty('2026-02-02T00:00:00.000Z'),
        ],
      },
      p1: {
        buckets: [
          bucket('2026-02-01T00:00:00.000Z', [2, 13 * MIN, 20 * MIN], [0, null, null]),
          empty('2026-02-02T00:00:00.000Z'),
        ],
      },
      p2: { buckets: [empty('2026-02-01T00:00:00.000Z'), empty('2026-02-02T00:00:00.000Z')] },
      p3: { buckets: [empty('2026-02-01T00:00:00.000Z'), empty('2026-02-02T00:00:00.000Z')] },
    };
    const { points, unit } = durationSeries(report, 'timeToAcknowledge');
    expect(unit.label).toBe('min');
    expect(points).toEqual([
      { label: '02-01', p90: 20, P0: 4, P1: 13, P2: null, P3: null },
      { label: '02-02', p90: null, P0: null, P1: null, P2: null, P3: null },
    ]);
    expect(durationSeries(report, 'timeToResolve').points[0]).toEqual({
      label: '02-01',
      p90: null,
      P0: null,
      P1: null,
      P2: null,
      P3: null,
    });
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
