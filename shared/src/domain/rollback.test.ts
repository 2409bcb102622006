import { RollbackFlags, assessRollback, parseErrorRate, rollbackReasons } from './rollback';

const noFlags: RollbackFlags = { serviceDown: false, dataCorruptionRisk: false, securityBreach: false, errorRatePercent: null };
const rules = (severity: 'P0' | 'P1' | 'P2', flags: Partial<RollbackFlags> | null, labels: Record<string, string> = {}) =>
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
    ['the worst of flag and label counts', { errorRatePercent: 2 }, { error_rate: '0.5' }, ['ERROR_RATE']],
    ['service down flag', { serviceDown: true }, {}, ['SERVICE_DOWN']],
    ['service_down label', null, { service_down: 'true' }, ['SERVICE_DOWN']],
    ['data corruption flag', { dataCorruptionRisk: true }, {}, ['DATA_CORRUPTION']],
    ['data_corruption label', null, { data_corruption: 'yes' }, ['DATA_CORRUPTION']],
    ['security breach flag', { securityBreach: true }, {}, ['SECURITY_BREACH']],
    ['a false label is not a flag', null, { security_breach: 'false' }, []],
    ['everything at once', { serviceDown: true, dataCorruptionRisk: true, securityBreach: true, errorRatePercent: 50 }, {},
      ['ERROR_RATE', 'SERVICE_DOWN', 'DATA_CORRUPTION', 'SECURITY_BREACH']],
  ])('P1, %s', (_label, flags, labels, expected) => {
    expect(rules('P1', flags, labels)).toEqual(expected);
  });

  it('P0 means service down or critical data loss by definition', () => {
    expect(rules('P0', null)).toEqual(['SERVICE_DOWN']);
    expect(rules('P2', null)).toEqual([]);
  });

  it.each<[string | undefined, number | null]>([
    [undefined, null], ['', null], ['0', 0], ['1', 100], ['0.105', 10.5], ['100', 100], ['101', null], ['-5', null], ['12%', 12],
  ])('parseErrorRate(%p) = %p', (raw, expected) => {
    const got = parseErrorRate(raw);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 10);
  });

  it('recommends only when a rule matches and a suspect deployment exists', () => {
    const down = { severity: 'P1' as const, flags: { ...noFlags, serviceDown: true } };
    expect(assessRollback(down, { id: 7 })).toMatchObject({ recommended: true, suspectDeployment: { id: 7 } });
    expect(assessRollback(down, null)).toMatchObject({ recommended: false, reasons: [{ rule: 'SERVICE_DOWN' }] });
    expect(assessRollback({ severity: 'P1', flags: null }, { id: 7 })).toMatchObject({ recommended: false, reasons: [] });
  });
});
