import { DomainError } from './errors';
import {
  EscalationPolicySpec,
  FiredLevel,
  firstEscalationStep,
  levelAbove,
  manualEscalationStep,
  nextEscalationStep,
  procedureEscalationPolicy,
  routeEscalationPolicy,
  severityLadder,
  validateEscalationPolicy,
} from './escalation';
import { Severity } from './severity';
import { MINUTE } from './time';

const policy = procedureEscalationPolicy({
  onCallScheduleIds: [1],
  teamIds: [2],
  engineeringManagerUserIds: [3],
  ctoUserIds: [4],
});
const withRepeat: EscalationPolicySpec = { ...policy, repeat: 1 };
const now = new Date('2026-03-01T12:00:00.000Z');
const fired = (level: number, pagedCount = 1, round = 0): FiredLevel => ({
  level,
  round,
  at: now,
  firedAt: now,
  pagedCount,
});
const plus = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe('nextEscalationStep on the procedure policy', () => {
  it.each<[string, EscalationPolicySpec, Severity, FiredLevel, [number, number, string, string] | null]>([
    [
      'P0: the team lead is paged together with the on-call engineer',
      policy,
      'P0',
      fired(1),
      [2, 0, plus(0), 'IMMEDIATE'],
    ],
    [
      'P0: the engineering manager after the lead has had the 5-minute response SLA',
      policy,
      'P0',
      fired(2),
      [3, 0, plus(5 * MINUTE), 'TIMEOUT'],
    ],
    ['P0: the CTO after the manager', policy, 'P0', fired(3), [4, 0, plus(5 * MINUTE), 'TIMEOUT']],
    ['P0: nothing after the CTO without repeat', policy, 'P0', fired(4), null],
    ['P0 with repeat: back to level 1', withRepeat, 'P0', fired(4), [1, 1, plus(5 * MINUTE), 'REPEAT']],
    ['P0 with repeat, last round done: stop', withRepeat, 'P0', fired(4, 1, 1), null],
    ['P1: the lead is paged together with the on-call engineer', policy, 'P1', fired(1), [2, 0, plus(0), 'IMMEDIATE']],
    [
      'P1: the manager when the lead stays silent for the 15-minute SLA',
      policy,
      'P1',
      fired(2),
      [3, 0, plus(15 * MINUTE), 'TIMEOUT'],
    ],
    ['P1: the CTO only by hand, so after the manager the ladder ends', policy, 'P1', fired(3), null],
    [
      'P2: the lead when level 1 does not acknowledge within the hour',
      policy,
      'P2',
      fired(1),
      [2, 0, plus(60 * MINUTE), 'TIMEOUT'],
    ],
    ['P2: the manager only by hand, so after the lead the ladder ends', policy, 'P2', fired(2), null],
    [
      'P1: lead unavailable (nobody paged) → manager at once',
      policy,
      'P1',
      fired(2, 0),
      [3, 0, plus(0), 'UNAVAILABLE'],
    ],
    ['P3: level 1 waits 24 hours', policy, 'P3', fired(1), [2, 0, plus(24 * 60 * MINUTE), 'TIMEOUT']],
    [
      'nobody on call at level 1 → the lead at once, whatever the severity',
      policy,
      'P3',
      fired(1, 0),
      [2, 0, plus(0), 'UNAVAILABLE'],
    ],
    [
      'an explicit level timeout wins over the SLA',
      { ...policy, levels: [{ ...policy.levels[0], ackTimeoutMs: 2 * MINUTE }, ...policy.levels.slice(1)] },
      'P2',
      fired(1),
      [2, 0, plus(2 * MINUTE), 'TIMEOUT'],
    ],
    ['an unknown level fires nothing', policy, 'P1', fired(9), null],
  ])('%s', (_name, p, severity, f, expected) => {
    const step = nextEscalationStep(p, severity, f);
    expect(step && [step.level, step.round, step.at.toISOString(), step.reason]).toEqual(expected);
  });

  it.each<[string, Severity, FiredLevel, [number, number, string, string] | null]>([
    // Declared 20 minutes after detection: level 1 was due at detection and paged now.
    [
      'P1 declared late: the manager is due 15 min after detection, already past',
      'P1',
      { ...fired(2), at: new Date(now.getTime() - 20 * MINUTE) },
      [3, 0, plus(-5 * MINUTE), 'TIMEOUT'],
    ],
    [
      'P2 declared late: the lead is due an hour after detection',
      'P2',
      { ...fired(1), at: new Date(now.getTime() - 61 * MINUTE) },
      [2, 0, plus(-MINUTE), 'TIMEOUT'],
    ],
    [
      'P0 declared late: the manager is due 5 min after the lead was due',
      'P0',
      { ...fired(2), at: new Date(now.getTime() - 7 * MINUTE) },
      [3, 0, plus(-2 * MINUTE), 'TIMEOUT'],
    ],
    [
      'a level due earlier that paged nobody hands on at its due time',
      'P2',
      { ...fired(1, 0), at: new Date(now.getTime() - MINUTE) },
      [2, 0, plus(-MINUTE), 'UNAVAILABLE'],
    ],
  ])('clock from detection — %s', (_name, severity, f, expected) => {
    const step = nextEscalationStep(policy, severity, f);
    expect(step && [step.level, step.round, step.at.toISOString(), step.reason]).toEqual(expected);
  });

  it('a repeat round counts from the page people actually got, so a late catch-up never pages anyone twice at once', () => {
    const late: FiredLevel = {
      level: 4,
      round: 0,
      at: new Date(now.getTime() - 30 * MINUTE),
      firedAt: now,
      pagedCount: 1,
    };
    expect(nextEscalationStep(withRepeat, 'P0', late)).toEqual({
      level: 1,
      round: 1,
      at: new Date(plus(5 * MINUTE)),
      reason: 'REPEAT',
    });
  });

  it('takes the configured P0 response clock', () => {
    const step = nextEscalationStep(policy, 'P0', fired(2), { immediateResponseMs: 10 * MINUTE });
    expect(step?.at.toISOString()).toBe(plus(10 * MINUTE));
  });
});

describe('firstEscalationStep', () => {
  it.each<[string, string, string]>([
    ['declared at detection: level 1 now', now.toISOString(), now.toISOString()],
    [
      "detected 20 minutes before the declaration: the ladder's clock starts at detection",
      plus(-20 * MINUTE),
      plus(-20 * MINUTE),
    ],
    ['detection stamped a few seconds ahead (clock skew): level 1 still now', plus(30_000), now.toISOString()],
  ])('%s', (_name, clockStart, expected) => {
    expect(firstEscalationStep(new Date(clockStart), now)).toEqual({
      level: 1,
      round: 0,
      at: new Date(expected),
      reason: 'START',
    });
  });
});

describe('a climb started by hand goes on up, whatever the severity, short of the business-critical level', () => {
  const byHand = (level: number, reason: 'MANUAL' | 'UNANSWERED', pagedCount = 1): FiredLevel => ({
    ...fired(level, pagedCount),
    reason,
  });
  it.each<[string, Severity, FiredLevel, [number, number, string, string] | null]>([
    [
      'P2: the lead paged by hand stays silent for the hour → the manager ("team lead unavailable")',
      'P2',
      byHand(2, 'MANUAL'),
      [3, 0, plus(60 * MINUTE), 'UNANSWERED'],
    ],
    [
      'P2: the manager reached that way stays silent too → the ladder ends: the CTO is for business-critical (P0)',
      'P2',
      byHand(3, 'UNANSWERED'),
      null,
    ],
    [
      'P1: the manager paged by hand stays silent → the ladder ends there, as a P1 path does',
      'P1',
      byHand(3, 'MANUAL'),
      null,
    ],
    ['P1: a hand page to the CTO (the top) that nobody answers ends the ladder', 'P1', byHand(4, 'MANUAL'), null],
    [
      'P0: the manager paged by hand → the CTO on the P0 clock',
      'P0',
      byHand(3, 'MANUAL'),
      [4, 0, plus(5 * MINUTE), 'UNANSWERED'],
    ],
    [
      'nobody to page at the level asked for → the next one at once',
      'P2',
      byHand(2, 'MANUAL', 0),
      [3, 0, plus(0), 'UNAVAILABLE'],
    ],
  ])('%s', (_name, severity, f, expected) => {
    const step = nextEscalationStep(policy, severity, f);
    expect(step && [step.level, step.round, step.at.toISOString(), step.reason]).toEqual(expected);
  });

  it('with repeat, a hand climb that reached the top unanswered starts the path again from level 1', () => {
    expect(nextEscalationStep(withRepeat, 'P2', byHand(4, 'UNANSWERED'))).toEqual({
      level: 1,
      round: 1,
      at: new Date(plus(60 * MINUTE)),
      reason: 'REPEAT',
    });
  });
});

describe('manualEscalationStep ("unable to resolve")', () => {
  it.each<[string, number, number]>([
    ['level 1 paged (an acknowledged P2): the team lead', 1, 2],
    ['the lead paged: the manager, even where the severity would not climb by itself', 2, 3],
    ['nobody paged yet (a P3 ticket, a quiet declaration): level 1 holds it, so the team lead', 0, 2],
  ])('%s', (_name, current, expected) => {
    expect(manualEscalationStep(policy, current, 0, now)).toEqual({
      level: expected,
      round: 0,
      at: now,
      reason: 'MANUAL',
    });
  });
  it.each<[string, EscalationPolicySpec, number]>([
    ['at the top', policy, 4],
    [
      'a one-level policy with nobody paged: level 1 holds it and there is nobody above',
      { ...policy, levels: [policy.levels[0]] },
      0,
    ],
  ])('is INVALID_TRANSITION %s', (_name, p, current) => {
    expect(() => manualEscalationStep(p, current, 0, now)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });
});

describe('validateEscalationPolicy', () => {
  it.each<[string, EscalationPolicySpec]>([
    ['repeat', { ...policy, repeat: 6 }],
    ['levels', { ...policy, levels: [] }],
    ['levels', { ...policy, levels: [{ ...policy.levels[0], targets: [] }] }],
    ['levels', { ...policy, levels: [{ ...policy.levels[0], ackTimeoutMs: 59_999 }] }],
    ['levels', { ...policy, levels: [{ ...policy.levels[0], autoFor: ['P9' as Severity] }] }],
  ])('rejects a bad %s', (field, p) => {
    let error: unknown;
    try {
      validateEscalationPolicy(p);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).field).toBe(field);
  });
  it('accepts the procedure policy', () => expect(() => validateEscalationPolicy(policy)).not.toThrow());
});

describe('routeEscalationPolicy (which policy an incident follows)', () => {
  it.each<[string, [number | null, number | null, number | null], [number | null, string]]>([
    ["the primary service's own policy wins", [7, 8, 9], [7, 'SERVICE']],
    ['else the policy of the team that owns the service', [null, 8, 9], [8, 'TEAM']],
    ['else the global default', [null, null, 9], [9, 'DEFAULT']],
    ['a service policy without a default still applies', [7, null, null], [7, 'SERVICE']],
    ['nothing set anywhere: nobody is paged', [null, null, null], [null, 'NONE']],
  ])('%s', (_name, [servicePolicyId, teamPolicyId, defaultPolicyId], expected) => {
    const r = routeEscalationPolicy({ servicePolicyId, teamPolicyId, defaultPolicyId });
    expect([r.policyId, r.source]).toEqual(expected);
  });
});

describe('severityLadder (the levels a severity climbs to by itself)', () => {
  it.each<[Severity, number[]]>([
    ['P0', [1, 2, 3, 4]],
    ['P1', [1, 2, 3]],
    ['P2', [1, 2]],
    ['P3', [1, 2]],
  ])('%s on the procedure policy: %j', (severity, expected) => {
    expect(severityLadder(policy, severity)).toEqual(expected);
  });
  it('skips a level the severity does not climb to, and always keeps level 1', () => {
    const gap: EscalationPolicySpec = {
      ...policy,
      levels: [
        { ...policy.levels[0], autoFor: [] },
        { ...policy.levels[1], autoFor: ['P0'], immediateFor: [] },
        { ...policy.levels[2], autoFor: ['P0', 'P2'] },
      ],
    };
    expect(severityLadder(gap, 'P2')).toEqual([1, 3]);
  });
});

describe('levelAbove (who hears of an SLA breach when there is no commander)', () => {
  const deadline = now;
  it.each<
    [
      string,
      Severity,
      { level: number; active: boolean; nextLevel: number | null; nextAt: string | null },
      number | null,
    ]
  >([
    [
      'the level due at the deadline counts as paged, fired or not yet',
      'P0',
      { level: 1, active: true, nextLevel: 2, nextAt: plus(0) },
      3,
    ],
    [
      'already fired by the engine: the same answer',
      'P0',
      { level: 2, active: true, nextLevel: 3, nextAt: plus(15 * MINUTE) },
      3,
    ],
    ['a level due later does not count', 'P0', { level: 1, active: true, nextLevel: 2, nextAt: plus(MINUTE) }, 2],
    [
      'an acknowledged ladder: the level above its last page',
      'P1',
      { level: 2, active: false, nextLevel: null, nextAt: null },
      3,
    ],
    [
      'nothing paged yet (a P3 ticket): the first level',
      'P3',
      { level: 0, active: false, nextLevel: null, nextAt: null },
      1,
    ],
    ['P0 at the CTO: nobody above', 'P0', { level: 3, active: true, nextLevel: 4, nextAt: plus(-MINUTE) }, null],
    [
      'P1 with the manager due at its acknowledge deadline: the top of a P1 path, never the CTO',
      'P1',
      { level: 2, active: true, nextLevel: 3, nextAt: plus(0) },
      null,
    ],
    [
      'P2 with the lead due at its acknowledge deadline: the manager is not on a P2 path',
      'P2',
      { level: 1, active: true, nextLevel: 2, nextAt: plus(0) },
      null,
    ],
    [
      'P2 paged to the manager by hand: nobody above on a P2 path',
      'P2',
      { level: 3, active: false, nextLevel: null, nextAt: null },
      null,
    ],
  ])('%s', (_name, severity, l, expected) => {
    const ladder = { climbs: severityLadder(policy, severity), ...l, nextAt: l.nextAt ? new Date(l.nextAt) : null };
    expect(levelAbove(ladder, deadline)).toBe(expected);
  });
});
