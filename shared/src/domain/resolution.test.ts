import { ChecklistEvent, checklistStates } from './checklists';
import { DomainError } from './errors';
import {
  decideResolution,
  missingVerification,
  parseResolutionVerification,
  resolutionNote,
  resolutionSummary,
} from './resolution';

const at = new Date('2026-06-01T10:00:00.000Z');
const check = (item: string, done = true, checklist = 'RESOLUTION_VERIFICATION'): ChecklistEvent => ({
  type: 'CHECKLIST',
  at,
  actorName: 'Ana',
  data: { checklist, item, done },
});
const missingAfter = (...events: ChecklistEvent[]) => missingVerification(checklistStates(events)).map((i) => i.key);
const ALL = ['health_checks', 'error_rates', 'performance', 'user_reports'];

describe('what is missing from the resolution verification', () => {
  it.each<[string, ChecklistEvent[], string[]]>([
    ['nothing checked', [], ALL],
    ['mitigation items do not count', [check('rollback', true, 'MITIGATION')], ALL],
    ['two checked', [check('health_checks'), check('performance')], ['error_rates', 'user_reports']],
    ['checked then unchecked', [check('health_checks'), check('health_checks', false)], ALL],
    ['all four', ALL.map((k) => check(k)), []],
  ])('%s', (_label, events, missing) => {
    expect(missingAfter(...events)).toEqual(missing);
  });
});

describe('deciding a resolution', () => {
  const missing = missingVerification(checklistStates([check('health_checks'), check('error_rates')]));

  it('a person with the checklist complete resolves, verified', () => {
    expect(decideResolution({ missing: [], by: 'PERSON' })).toEqual({
      verified: true,
      missing: [],
      overrideReason: null,
      by: 'PERSON',
    });
  });

  it('a person with items missing and no reason is refused, naming the items and the field', () => {
    let error: unknown;
    try {
      decideResolution({ missing, by: 'PERSON' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'VALIDATION',
      field: 'overrideReason',
      details: { missing: ['performance', 'user_reports'] },
    });
    expect((error as Error).message).toMatch(/not checked: Performance metrics normal, User reports resolved/);
  });

  it.each([[''], ['   '], [42]])('an override reason of %j is refused on overrideReason', (reason) => {
    expect(() => decideResolution({ missing, overrideReason: reason, by: 'PERSON' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field: 'overrideReason' }),
    );
  });

  it('an over-long override reason is refused', () => {
    expect(() => decideResolution({ missing, overrideReason: 'x'.repeat(2001), by: 'PERSON' })).toThrow(
      expect.objectContaining({ field: 'overrideReason' }),
    );
  });

  it('a person with an override reason resolves, not verified, and says why', () => {
    const v = decideResolution({ missing, overrideReason: '  Customer confirmed; dashboards down  ', by: 'PERSON' });
    expect(v).toEqual({
      verified: false,
      missing: ['performance', 'user_reports'],
      overrideReason: 'Customer confirmed; dashboards down',
      by: 'PERSON',
    });
    expect(resolutionNote(v)).toBe(
      ' — without verification: Customer confirmed; dashboards down (not checked: Performance metrics normal, User reports resolved)',
    );
    expect(resolutionSummary(v)).toBe(
      'Resolved without verification (override: Customer confirmed; dashboards down); not checked: Performance metrics normal, User reports resolved.',
    );
  });

  it('monitoring resolves without the checklist; the verification stays to be done', () => {
    const v = decideResolution({ missing, by: 'MONITORING' });
    expect(v).toEqual({
      verified: false,
      missing: ['performance', 'user_reports'],
      overrideReason: null,
      by: 'MONITORING',
    });
    expect(resolutionNote(v)).toMatch(
      /by monitoring, not verified yet \(to check: Performance metrics normal, User reports resolved\)/,
    );
  });

  it('an override given with a complete checklist is not needed and not recorded', () => {
    expect(decideResolution({ missing: [], overrideReason: 'just in case', by: 'PERSON' })).toMatchObject({
      verified: true,
      overrideReason: null,
    });
    expect(resolutionNote({ verified: true, missing: [], overrideReason: null, by: 'PERSON' })).toBe('');
  });

  it('reads back what a RESOLVED event recorded; nothing for one recorded before the rule', () => {
    const v = decideResolution({ missing, overrideReason: 'why', by: 'PERSON' });
    expect(parseResolutionVerification({ from: 'MITIGATED', verification: JSON.parse(JSON.stringify(v)) })).toEqual(v);
    expect(parseResolutionVerification({ from: 'MITIGATED', note: null })).toBeNull();
    expect(parseResolutionVerification(null)).toBeNull();
    expect(resolutionSummary(null)).toBeNull();
  });
});
