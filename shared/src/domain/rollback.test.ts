import {
  RollbackDismissal,
  RollbackFlags,
  assessRollback,
  currentErrorRate,
  parseDismissReason,
  parseErrorRate,
  rollbackReasons,
} from './rollback';

const noFlags: RollbackFlags = {
  serviceDown: false,
  dataCorruptionRisk: false,
  securityBreach: false,
  errorRatePercent: null,
};
const rules = (
  severity: 'P0' | 'P1' | 'P2',
  flags: Partial<RollbackFlags> | null,
  labels: Record<string, string> = {},
) =>
  rollbackReasons({ severity, flags: flags ? { ...noFlags, ...flags } : null, alertLabels: labels }).map((r) => r.rule);

describe('rollback triggers', () => {
  it.each<[string, Partial<RollbackFlags> | null, Record<string, string>, string[]]>([
    ['nothing known', null, {}, []],
    ['responder error rate exactly 10%', { errorRatePercent: 10 }, {}, []],
    ['responder error rate 10.01%', { errorRatePercent: 10.01 }, {}, ['ERROR_RATE']],
    ['label 0.1 (fraction) is exactly 10%', null, { error_rate: '0.1' }, []],
    ['label 0.11 (fraction)', null, { error_rate: '0.11' }, ['ERROR_RATE']],
    ['label "10%"', null, { error_rate: '10%' }, []],
    ['label "10.5 %"', null, { error_rate: '10.5 %' }, ['ERROR_RATE']],
    ['label 11 (percent)', null, { error_rate: '11' }, ['ERROR_RATE']],
    ['unreadable label', null, { error_rate: 'high' }, []],
    // Issue 16: a responder's measurement supersedes the alert's label (it used to be the worst of the two, forever).
    ["a responder's 2% supersedes the alert's 50%", { errorRatePercent: 2 }, { error_rate: '0.5' }, []],
    ["a responder's 35% supersedes the alert's 2%", { errorRatePercent: 35 }, { error_rate: '2' }, ['ERROR_RATE']],
    ['service down flag', { serviceDown: true }, {}, ['SERVICE_DOWN']],
    ['service_down label', null, { service_down: 'true' }, ['SERVICE_DOWN']],
    ['data corruption flag', { dataCorruptionRisk: true }, {}, ['DATA_CORRUPTION']],
    ['data_corruption label', null, { data_corruption: 'yes' }, ['DATA_CORRUPTION']],
    ['security breach flag', { securityBreach: true }, {}, ['SECURITY_BREACH']],
    ['a false label is not a flag', null, { security_breach: 'false' }, []],
    [
      'everything at once',
      { serviceDown: true, dataCorruptionRisk: true, securityBreach: true, errorRatePercent: 50 },
      {},
      ['ERROR_RATE', 'SERVICE_DOWN', 'DATA_CORRUPTION', 'SECURITY_BREACH'],
    ],
  ])('P1, %s', (_label, flags, labels, expected) => {
    expect(rules('P1', flags, labels)).toEqual(expected);
  });

  it('P0 means service down or critical data loss by definition', () => {
    expect(rules('P0', null)).toEqual(['SERVICE_DOWN']);
    expect(rules('P2', null)).toEqual([]);
  });

  it.each<[string | undefined, number | null]>([
    [undefined, null],
    ['', null],
    ['0', 0],
    ['1', 100],
    ['0.105', 10.5],
    ['100', 100],
    ['101', null],
    ['-5', null],
    ['12%', 12],
  ])('parseErrorRate(%p) = %p', (raw, expected) => {
    const got = parseErrorRate(raw);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 10);
  });

  it('recommends only when a rule matches and a suspect deployment exists', () => {
    const down = { severity: 'P1' as const, flags: { ...noFlags, serviceDown: true } };
    expect(assessRollback(down, { id: 7 })).toMatchObject({ recommended: true, suspectDeployment: { id: 7 } });
    expect(assessRollback(down, null)).toMatchObject({ recommended: false, reasons: [{ rule: 'SERVICE_DOWN' }] });
    expect(assessRollback({ severity: 'P1', flags: null }, { id: 7 })).toMatchObject({
      recommended: false,
      reasons: [],
    });
  });
});

describe('whose error rate counts: the newest reading', () => {
  const t = (hhmm: string) => new Date(`2026-06-01T${hhmm}:00.000Z`);
  const responder = (percent: number, at: string | null) => ({
    ...noFlags,
    errorRatePercent: percent,
    measuredAt: at === null ? null : t(at),
  });
  it.each<[string, RollbackFlags | null, Array<[number, string]>, number | null, string | null]>([
    ['no reading at all', null, [], null, null],
    ['only the alert', null, [[100, '10:00']], 100, 'ALERT'],
    ['a measurement after the alert supersedes it', responder(2, '10:05'), [[100, '10:00']], 2, 'RESPONDER'],
    [
      'an alert firing after the measurement counts again',
      responder(2, '10:05'),
      [
        [100, '10:00'],
        [40, '10:20'],
      ],
      40,
      'ALERT',
    ],
    ['at the same moment the responder wins', responder(2, '10:00'), [[100, '10:00']], 2, 'RESPONDER'],
    [
      'alerts of the same moment: the worst',
      null,
      [
        [12, '10:00'],
        [30, '10:00'],
        [5, '09:00'],
      ],
      30,
      'ALERT',
    ],
    ['a measurement without a time is the latest word', responder(3, null), [[100, '23:59']], 3, 'RESPONDER'],
  ])('%s', (_label, flags, alerts, percent, source) => {
    const rate = currentErrorRate({ flags, alertErrorRates: alerts.map(([p, at]) => ({ percent: p, at: t(at) })) });
    expect(rate?.percent ?? null).toBe(percent);
    expect(rate?.source ?? null).toBe(source);
  });
});

describe('dismissing a recommendation', () => {
  const t0 = new Date('2026-06-01T10:00:00.000Z');
  const down = { severity: 'P1' as const, flags: { ...noFlags, serviceDown: true } };
  const dismissal: RollbackDismissal = {
    reason: 'The deploy only changed docs',
    rules: ['SERVICE_DOWN'],
    deploymentId: 7,
    at: t0,
    by: 'Ana',
  };

  it('holds for the same suspect deployment and the same rules', () => {
    expect(assessRollback(down, { id: 7 }, dismissal)).toMatchObject({
      recommended: false,
      dismissal: { reason: 'The deploy only changed docs' },
    });
  });

  it('a new suspect deployment brings the recommendation back', () => {
    expect(assessRollback(down, { id: 8 }, dismissal)).toMatchObject({ recommended: true, dismissal: null });
  });

  it('a rule it did not see brings it back', () => {
    const worse = { ...down, flags: { ...down.flags, securityBreach: true } };
    expect(assessRollback(worse, { id: 7 }, dismissal)).toMatchObject({ recommended: true, dismissal: null });
  });

  it('a reason is needed, and a recommendation to dismiss', () => {
    expect(parseDismissReason('  docs only  ', true)).toBe('docs only');
    for (const bad of ['', '  ', null, 5, 'x'.repeat(2001)])
      expect(() => parseDismissReason(bad, true)).toThrow(
        expect.objectContaining({ code: 'VALIDATION', field: 'dismissReason' }),
      );
    expect(() => parseDismissReason('why', false)).toThrow(
      expect.objectContaining({
        field: 'dismissReason',
        message: expect.stringMatching(/no rollback recommendation to dismiss/),
      }),
    );
  });
});
