import {
  MetricIncident,
  bucketStart,
  computeBucketMetrics,
  durationStats,
  metricBuckets,
  metricDurations,
  nearestRank,
  slaCompliance,
  timeToAcknowledgeMs,
  timeToMitigateMs,
  timeToResolveMs,
} from './metrics';

const t = (iso: string) => new Date(iso);
const MIN = 60_000;

function incident(over: Partial<MetricIncident> = {}): MetricIncident {
  return {
    severity: 'P1',
    detectedAt: t('2026-03-10T10:00:00Z'),
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    acknowledgeBy: t('2026-03-10T10:15:00Z'),
    resolveBy: t('2026-03-10T14:00:00Z'),
    ...over,
  };
}

describe('durations', () => {
  it.each([
    ['acknowledged after 4 min', { acknowledgedAt: t('2026-03-10T10:04:00Z') }, 4 * MIN, null, null],
    ['never acknowledged', {}, null, null, null],
    [
      'mitigated and resolved',
      {
        acknowledgedAt: t('2026-03-10T10:01:00Z'),
        mitigatedAt: t('2026-03-10T10:30:00Z'),
        resolvedAt: t('2026-03-10T11:00:00.500Z'),
      },
      MIN,
      30 * MIN,
      60 * MIN + 500,
    ],
  ])('%s', (_l, over, tta, ttm, ttr) => {
    const i = incident(over);
    expect([timeToAcknowledgeMs(i), timeToMitigateMs(i), timeToResolveMs(i)]).toEqual([tta, ttm, ttr]);
    // The stored columns hold exactly what the statistics are computed from.
    expect(metricDurations(i)).toEqual({ acknowledgeMs: tta, mitigateMs: ttm, resolveMs: ttr });
  });
});

describe('nearest-rank percentiles', () => {
  it.each([
    [5, 1, 1],
    [5, 2, 1],
    [5, 3, 2],
    [5, 4, 2],
    [5, 10, 5],
    [5, 11, 6],
    [9, 1, 1],
    [9, 9, 9],
    [9, 10, 9],
    [9, 11, 10],
    [9, 20, 18],
    [9, 21, 19],
  ])('rank of %d/10 among %d is %d', (tenths, n, rank) => expect(nearestRank(tenths, n)).toBe(rank));

  it.each([
    [[], { count: 0, meanMs: null, medianMs: null, p90Ms: null }],
    [[7], { count: 1, meanMs: 7, medianMs: 7, p90Ms: 7 }],
    [[4, 1, 3, 2], { count: 4, meanMs: 2.5, medianMs: 2, p90Ms: 4 }],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], { count: 10, meanMs: 55, medianMs: 50, p90Ms: 90 }],
    [[100, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], { count: 11, meanMs: 110 / 11, medianMs: 1, p90Ms: 1 }],
  ])('stats of %j', (values, expected) => expect(durationStats(values)).toEqual(expected));
});

describe('SLA compliance', () => {
  const now = t('2026-03-10T12:00:00Z');
  const deadline = t('2026-03-10T10:15:00Z');
  it.each([
    ['done exactly at the deadline: met', [{ doneAt: deadline, deadline }], { decided: 1, met: 1, rate: 1 }],
    [
      'done a millisecond late: breached',
      [{ doneAt: t('2026-03-10T10:15:00.001Z'), deadline }],
      { decided: 1, met: 0, rate: 0 },
    ],
    [
      'open and not yet due: undecided',
      [{ doneAt: null, deadline: t('2026-03-10T12:00:00Z') }],
      { decided: 0, met: 0, rate: null },
    ],
    [
      'open and past due: decided, missed',
      [{ doneAt: null, deadline: t('2026-03-10T11:59:59.999Z') }],
      { decided: 1, met: 0, rate: 0 },
    ],
    [
      'mixed',
      [
        { doneAt: deadline, deadline },
        { doneAt: null, deadline },
        { doneAt: null, deadline: t('2026-03-11T00:00:00Z') },
      ],
      { decided: 2, met: 1, rate: 0.5 },
    ],
    [
      'stopped at the deadline, unfinished: undecided',
      [{ doneAt: null, deadline, stoppedAt: deadline }],
      { decided: 0, met: 0, rate: null },
    ],
    [
      'stopped a millisecond after it: decided, missed',
      [{ doneAt: null, deadline, stoppedAt: t('2026-03-10T10:15:00.001Z') }],
      { decided: 1, met: 0, rate: 0 },
    ],
  ])('%s', (_l, clocks, expected) => expect(slaCompliance(clocks, now)).toEqual(expected));
});

describe('time-zone buckets', () => {
  it.each([
    // Europe/Paris switches to summer time on 2026-03-29: that day is 23 hours long.
    ['2026-03-29T12:00:00Z', 'DAY', 'Europe/Paris', '2026-03-28T23:00:00.000Z'],
    ['2026-03-29T21:59:59.999Z', 'DAY', 'Europe/Paris', '2026-03-28T23:00:00.000Z'],
    ['2026-03-29T22:00:00Z', 'DAY', 'Europe/Paris', '2026-03-29T22:00:00.000Z'],
    // New York falls back on 2026-11-01: a 25-hour day.
    ['2026-11-02T04:59:59.999Z', 'DAY', 'America/New_York', '2026-11-01T04:00:00.000Z'],
    ['2026-11-02T05:00:00Z', 'DAY', 'America/New_York', '2026-11-02T05:00:00.000Z'],
    ['2026-03-10T10:00:00Z', 'WEEK', 'UTC', '2026-03-09T00:00:00.000Z'],
    ['2026-03-31T22:30:00Z', 'MONTH', 'Europe/Paris', '2026-03-31T22:00:00.000Z'],
    ['2026-03-31T21:59:59Z', 'MONTH', 'Europe/Paris', '2026-02-28T23:00:00.000Z'],
  ] as const)('%s in %s buckets of %s starts at %s', (at, bucket, zone, start) => {
    expect(bucketStart(t(at), bucket, zone).toISOString()).toBe(start);
  });

  it('DST days have 23 and 25 hours and buckets tile the range without gaps', () => {
    const spring = metricBuckets(t('2026-03-28T00:00:00Z'), t('2026-03-31T00:00:00Z'), 'DAY', 'Europe/Paris');
    expect(spring.map((b) => (b.end.getTime() - b.start.getTime()) / 3_600_000)).toEqual([24, 23, 24, 24]);
    const fall = metricBuckets(t('2026-10-31T12:00:00Z'), t('2026-11-02T12:00:00Z'), 'DAY', 'America/New_York');
    expect(fall.map((b) => (b.end.getTime() - b.start.getTime()) / 3_600_000)).toEqual([24, 25, 24]);
    for (let i = 1; i < spring.length; i++) expect(spring[i].start).toEqual(spring[i - 1].end);
  });

  it.each([
    ['bad zone', t('2026-01-01'), t('2026-01-02'), 'DAY', 'Mars/Olympus', 'timezone'],
    ['empty range', t('2026-01-02'), t('2026-01-02'), 'DAY', 'UTC', 'range'],
    ['too many buckets', t('2020-01-01'), t('2026-01-02'), 'DAY', 'UTC', 'range'],
  ] as const)('rejects %s', (_l, from, to, bucket, zone, field) => {
    expect(() => metricBuckets(from, to, bucket, zone)).toThrow(expect.objectContaining({ code: 'VALIDATION', field }));
  });
});

describe('bucket metrics', () => {
  const now = t('2026-03-31T00:00:00Z');
  it('puts an incident in the bucket of its detection even when it resolves in the next one; counts never-acked apart', () => {
    const buckets = metricBuckets(t('2026-03-28T00:00:00Z'), t('2026-03-30T00:00:00Z'), 'DAY', 'Europe/Paris');
    const spanning = incident({
      severity: 'P0',
      detectedAt: t('2026-03-28T22:30:00Z'),
      acknowledgedAt: t('2026-03-28T22:32:00Z'),
      mitigatedAt: t('2026-03-28T23:10:00Z'),
      resolvedAt: t('2026-03-29T00:30:00Z'),
      acknowledgeBy: t('2026-03-28T22:35:00Z'),
      resolveBy: t('2026-03-28T23:30:00Z'),
    });
    const ignored = incident({
      severity: 'P2',
      detectedAt: t('2026-03-29T02:00:00Z'),
      acknowledgeBy: t('2026-03-29T03:00:00Z'),
      resolveBy: t('2026-03-30T02:00:00Z'),
    });
    const [sat, sun] = computeBucketMetrics([spanning, ignored], buckets, now);
    // 22:30Z on the 28th is 23:30 in Paris: Saturday, though it resolves on Sunday.
    expect(sat.start.toISOString()).toBe('2026-03-27T23:00:00.000Z');
    expect(sat.incidents).toBe(1);
    expect(sat.bySeverity).toEqual({ P0: 1, P1: 0, P2: 0, P3: 0 });
    expect(sat.timeToAcknowledge).toEqual({ count: 1, meanMs: 2 * MIN, medianMs: 2 * MIN, p90Ms: 2 * MIN });
    expect(sat.timeToMitigate.meanMs).toBe(40 * MIN);
    expect(sat.timeToResolve.meanMs).toBe(120 * MIN);
    expect(sat.acknowledgeSla).toEqual({ decided: 1, met: 1, rate: 1 });
    expect(sat.resolveSla).toEqual({ decided: 1, met: 0, rate: 0 });
    expect(sat.neverAcknowledged).toBe(0);
    expect(sun.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(sun.incidents).toBe(1);
    expect(sun.neverAcknowledged).toBe(1);
    expect(sun.timeToAcknowledge.count).toBe(0);
    expect(sun.acknowledgeSla).toEqual({ decided: 1, met: 0, rate: 0 });
    expect(sun.resolveSla).toEqual({ decided: 1, met: 0, rate: 0 });
  });

  it('counts incidents monitoring resolved before anyone acknowledged apart: not in MTTA, not "never acknowledged"', () => {
    const buckets = metricBuckets(t('2026-03-30T00:00:00Z'), t('2026-03-31T00:00:00Z'), 'DAY', 'UTC');
    const p1 = (detected: string, resolved: string | null, acknowledged: string | null = null) =>
      incident({
        severity: 'P1',
        detectedAt: t(detected),
        acknowledgedAt: acknowledged === null ? null : t(acknowledged),
        mitigatedAt: resolved === null ? null : t(resolved),
        resolvedAt: resolved === null ? null : t(resolved),
        acknowledgeBy: new Date(t(detected).getTime() + 15 * MIN),
        resolveBy: new Date(t(detected).getTime() + 240 * MIN),
      });
    const [day] = computeBucketMetrics(
      [
        p1('2026-03-30T10:00:00Z', '2026-03-30T10:00:03Z'), // a 3-second flap
        p1('2026-03-30T11:00:00Z', '2026-03-30T11:15:00Z'), // went away exactly at the acknowledge deadline
        p1('2026-03-30T12:00:00Z', '2026-03-30T12:20:00Z'), // nobody answered for 20 minutes, then it went away
        p1('2026-03-30T13:00:00Z', '2026-03-30T13:30:00Z', '2026-03-30T13:05:00Z'), // a person acknowledged in 5 min
        p1('2026-03-30T14:00:00Z', null), // still open, not acknowledged
      ],
      buckets,
      now,
    );
    expect(day).toMatchObject({ incidents: 5, autoResolved: 3, neverAcknowledged: 1 });
    expect(day.timeToAcknowledge).toEqual({ count: 1, meanMs: 5 * MIN, medianMs: 5 * MIN, p90Ms: 5 * MIN });
    // Decided: the acknowledged one (met), the 20-minute one and the open one (late); the flaps owed nothing.
    expect(day.acknowledgeSla).toEqual({ decided: 3, met: 1, rate: 1 / 3 });
    expect(day.timeToResolve.count).toBe(4);
  });
});
