import { ErrorCode } from './errors';
import { ChecklistEvent, checklistMessage, checklistStates, parseChecklistCheck } from './checklists';

const now = new Date('2026-03-01T12:00:00.000Z');
const at = (s: number) => new Date(now.getTime() + s * 1000);
const ev = (
  s: number,
  data: Record<string, unknown> | null,
  type = 'CHECKLIST',
  actorName = 'Ana',
): ChecklistEvent => ({ type, at: at(s), actorName, data });

describe('checklist checks', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['unknown checklist', { checklist: 'CLEANUP', item: 'rollback', done: true }, 'checklist'],
    ['item of the other checklist', { checklist: 'MITIGATION', item: 'health_checks', done: true }, 'item'],
    ['item not text', { checklist: 'MITIGATION', item: 3, done: true }, 'item'],
    ['done not boolean', { checklist: 'MITIGATION', item: 'rollback', done: 'yes' }, 'done'],
    [
      'evidence too long',
      { checklist: 'MITIGATION', item: 'rollback', done: true, evidence: 'x'.repeat(2001) },
      'evidence',
    ],
  ])('%s is VALIDATION on %s', (_l, input, field) => {
    expect(() => parseChecklistCheck(input as never)).toThrow(
      expect.objectContaining({ code: ErrorCode.VALIDATION, field }),
    );
  });

  it('accepts 2000 characters of evidence and trims blank evidence to null', () => {
    expect(
      parseChecklistCheck({ checklist: 'MITIGATION', item: 'rollback', done: true, evidence: 'x'.repeat(2000) })
        .evidence,
    ).toHaveLength(2000);
    expect(
      parseChecklistCheck({ checklist: 'RESOLUTION_VERIFICATION', item: 'error_rates', done: false, evidence: '  ' }),
    ).toEqual({ checklist: 'RESOLUTION_VERIFICATION', item: 'error_rates', done: false, evidence: null });
  });

  it('writes a readable timeline line', () => {
    expect(checklistMessage({ checklist: 'MITIGATION', item: 'restart', done: true, evidence: 'pods recycled' })).toBe(
      'Immediate mitigation: Restart services if appropriate — done (pods recycled)',
    );
    expect(
      checklistMessage({ checklist: 'RESOLUTION_VERIFICATION', item: 'user_reports', done: false, evidence: null }),
    ).toBe('Verify resolution: User reports resolved — not done');
  });
});

describe('checklist state from the timeline', () => {
  it('starts with every item open', () => {
    const [mitigation, verification] = checklistStates([]);
    expect(mitigation.items.map((i) => [i.key, i.done])).toEqual([
      ['rollback', false],
      ['restart', false],
      ['scale_up', false],
      ['maintenance_mode', false],
    ]);
    expect(verification.items.map((i) => i.key)).toEqual([
      'health_checks',
      'error_rates',
      'performance',
      'user_reports',
    ]);
    expect(mitigation.complete).toBe(false);
  });

  it('the latest event per item wins, other events and unknown items are ignored', () => {
    const states = checklistStates([
      ev(0, { checklist: 'MITIGATION', item: 'rollback', done: true, evidence: 'v41 → v40' }),
      ev(1, { checklist: 'MITIGATION', item: 'rollback', done: false, evidence: null }, 'NOTE'),
      ev(2, { checklist: 'MITIGATION', item: 'gone', done: true }),
      ev(3, { checklist: 'MITIGATION', item: 'restart', done: true }, 'CHECKLIST', 'Ben'),
      ev(4, { checklist: 'MITIGATION', item: 'restart', done: false, evidence: 'did not help' }, 'CHECKLIST', 'Cy'),
      ev(5, null),
    ]);
    const items = states[0].items;
    expect(items[0]).toMatchObject({
      key: 'rollback',
      done: true,
      evidence: 'v41 → v40',
      checkedAt: at(0),
      checkedBy: 'Ana',
    });
    expect(items[1]).toMatchObject({
      key: 'restart',
      done: false,
      evidence: 'did not help',
      checkedAt: at(4),
      checkedBy: 'Cy',
    });
    expect(items[2]).toMatchObject({ done: false, checkedAt: null, checkedBy: null });
  });

  it('is complete when every item is done', () => {
    const keys = ['health_checks', 'error_rates', 'performance', 'user_reports'];
    const events = keys.map((item, n) => ev(n, { checklist: 'RESOLUTION_VERIFICATION', item, done: true }));
    expect(checklistStates(events)[1].complete).toBe(true);
    expect(checklistStates(events.slice(0, 3))[1].complete).toBe(false);
  });

  it('reopening unchecks the resolution verification (not the mitigation): it has to be verified again', () => {
    const keys = ['health_checks', 'error_rates', 'performance', 'user_reports'];
    const events = [
      ev(0, { checklist: 'MITIGATION', item: 'rollback', done: true }),
      ...keys.map((item, n) => ev(n + 1, { checklist: 'RESOLUTION_VERIFICATION', item, done: true })),
      ev(5, null, 'REOPENED'),
      ev(6, { checklist: 'RESOLUTION_VERIFICATION', item: 'error_rates', done: true }, 'CHECKLIST', 'Ben'),
    ];
    const [mitigation, verification] = checklistStates(events);
    expect(mitigation.items[0]).toMatchObject({ key: 'rollback', done: true });
    expect(verification.items.map((i) => [i.key, i.done, i.checkedBy])).toEqual([
      ['health_checks', false, null],
      ['error_rates', true, 'Ben'],
      ['performance', false, null],
      ['user_reports', false, null],
    ]);
    expect(verification.complete).toBe(false);
  });
});
