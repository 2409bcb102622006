import { DomainError } from './errors';
import {
  RuleMethod,
  UNVERIFIED_REASON,
  VERIFICATION,
  assertE164,
  assertValidRules,
  planPersonalSteps,
  pullForward,
  urgencyOf,
  verificationOnAdd,
  verificationVerdict,
} from './notification-rules';
import { MINUTE, SECOND } from './time';

const now = new Date('2026-12-03T03:00:00.000Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * MINUTE).toISOString();
const sms: RuleMethod = { id: 1, kind: 'SMS', verified: true };
const voice: RuleMethod = { id: 2, kind: 'VOICE', verified: true };
const email: RuleMethod = { id: 3, kind: 'EMAIL', verified: true };
const unverified = (m: RuleMethod): RuleMethod => ({ ...m, verified: false });

describe('urgency', () => {
  it.each([
    ['P0', 'HIGH'],
    ['P1', 'HIGH'],
    ['P2', 'LOW'],
    ['P3', 'LOW'],
    [null, 'LOW'],
  ] as const)('%s is %s urgency', (severity, urgency) => {
    expect(urgencyOf(severity)).toBe(urgency);
  });
});

describe("a person's steps for one page", () => {
  type Row = [string, RuleMethod[], Array<[number, number]>, Array<[string, string, string | null]>, boolean];
  it.each<Row>([
    [
      'no rules: every verified method at once',
      [sms, voice, email],
      [],
      [
        ['SMS', at(0), null],
        ['VOICE', at(0), null],
        ['EMAIL', at(0), null],
      ],
      false,
    ],
    [
      'no rules: an unverified method is a skipped step, the rest at once',
      [unverified(sms), email],
      [],
      [
        ['SMS', at(0), UNVERIFIED_REASON],
        ['EMAIL', at(0), null],
      ],
      false,
    ],
    [
      'SMS at 0, voice at 3 minutes',
      [sms, voice],
      [
        [1, 0],
        [2, 3],
      ],
      [
        ['SMS', at(0), null],
        ['VOICE', at(3), null],
      ],
      false,
    ],
    [
      'rules are ordered by delay, ties in the order given',
      [sms, voice, email],
      [
        [2, 3],
        [3, 0],
        [1, 0],
      ],
      [
        ['EMAIL', at(0), null],
        ['SMS', at(0), null],
        ['VOICE', at(3), null],
      ],
      false,
    ],
    [
      'unverified SMS at 0: voice moves to 0, email keeps its 2 minutes after voice',
      [unverified(sms), voice, email],
      [
        [1, 0],
        [2, 3],
        [3, 5],
      ],
      [
        ['SMS', at(0), UNVERIFIED_REASON],
        ['VOICE', at(0), null],
        ['EMAIL', at(2), null],
      ],
      false,
    ],
    [
      'an unverified step in the middle pulls the next one to its own time',
      [sms, unverified(voice), email],
      [
        [1, 0],
        [2, 3],
        [3, 10],
      ],
      [
        ['SMS', at(0), null],
        ['VOICE', at(3), UNVERIFIED_REASON],
        ['EMAIL', at(3), null],
      ],
      false,
    ],
    [
      'SMS not configured on this server: skipped with that reason, voice at once',
      [{ ...sms, unusable: 'SMS is not configured' }, voice],
      [
        [1, 0],
        [2, 3],
      ],
      [
        ['SMS', at(0), 'SMS is not configured'],
        ['VOICE', at(0), null],
      ],
      false,
    ],
    [
      'a skipped step beside a usable one at the same time: the later steps keep their times',
      [{ ...sms, unusable: 'SMS is not configured' }, email, voice],
      [
        [1, 0],
        [3, 0],
        [2, 1],
      ],
      [
        ['SMS', at(0), 'SMS is not configured'],
        ['EMAIL', at(0), null],
        ['VOICE', at(1), null],
      ],
      false,
    ],
    [
      'a rule naming a removed method is left out',
      [sms],
      [
        [9, 0],
        [1, 1],
      ],
      [['SMS', at(1), null]],
      false,
    ],
    [
      'nothing usable: the account email is the last resort',
      [unverified(sms)],
      [],
      [['SMS', at(0), UNVERIFIED_REASON]],
      true,
    ],
    ['no methods at all: the account email', [], [], [], true],
  ])('%s', (_label, methods, rules, expected, fallback) => {
    const plan = planPersonalSteps(
      methods,
      rules.map(([contactMethodId, delayMinutes]) => ({ contactMethodId, delayMinutes })),
      now,
    );
    expect(plan.steps.map((s) => [s.kind, s.dueAt.toISOString(), s.skip])).toEqual(expected);
    expect(plan.fallbackToAccountEmail).toBe(fallback);
  });
});

describe('moving on after a skip at send time', () => {
  const step = (minutes: number, skip: string | null = null) => ({ dueAt: new Date(at(minutes)), skip });
  it.each<[string, number, Array<[number, string | null]>, number[]]>([
    [
      'the next step comes forward to the skip, later ones keep their spacing',
      0,
      [
        [0, 'refused'],
        [3, null],
        [5, null],
      ],
      [0, 0, 2],
    ],
    [
      'nothing waiting: nothing moves',
      3,
      [
        [0, null],
        [3, 'refused'],
      ],
      [0, 3],
    ],
    [
      'a skip at 1 minute brings 3 to 1 and 10 to 8',
      1,
      [
        [0, null],
        [1, 'x'],
        [3, null],
        [10, null],
      ],
      [0, 1, 1, 8],
    ],
    [
      'a usable step due at the skip itself covers it: nothing moves, the next keeps its time',
      3,
      [
        [3, null],
        [4, null],
      ],
      [3, 4],
    ],
  ])('%s', (_label, skippedAt, steps, expected) => {
    const moved = pullForward(
      steps.map(([m, s]) => step(m, s)),
      new Date(at(skippedAt)),
    );
    expect(moved.map((s) => (s.dueAt.getTime() - now.getTime()) / MINUTE)).toEqual(expected);
  });
});

describe('rules checked when saved', () => {
  const ids = new Set([1, 2]);
  it.each<[string, Array<[number, number]>, string | null]>([
    [
      'two steps',
      [
        [1, 0],
        [2, 3],
      ],
      null,
    ],
    ['no steps: the default', [], null],
    ['the longest delay, a day', [[1, 1440]], null],
    ['a negative delay', [[1, -1]], 'high.0.delayMinutes'],
    ['a delay over a day', [[1, 1441]], 'high.0.delayMinutes'],
    ['a fractional delay', [[1, 1.5]], 'high.0.delayMinutes'],
    [
      "someone else's method",
      [
        [1, 0],
        [7, 1],
      ],
      'high.1.contactMethodId',
    ],
    ['eleven steps', Array.from({ length: 11 }, () => [1, 0] as [number, number]), 'high'],
  ])('%s', (_label, rules, field) => {
    const run = () =>
      assertValidRules(
        'high',
        rules.map(([contactMethodId, delayMinutes]) => ({ contactMethodId, delayMinutes })),
        ids,
      );
    if (field === null) expect(run).not.toThrow();
    else {
      expect(run).toThrow(DomainError);
      try {
        run();
      } catch (e) {
        expect((e as DomainError).field).toBe(field);
      }
    }
  });
});

describe('E.164', () => {
  it.each([
    ['+4915112345678', true],
    ['+14155550100', true],
    [' +14155550100 ', true],
    ['+1234567', true],
    ['+123456789012345', true],
    ['+1234567890123456', false],
    ['+123456', false],
    ['004915112345678', false],
    ['+0491511234567', false],
    ['+49 151 12345678', false],
    ['+1-415-555-0100', false],
    ['4155550100', false],
    ['', false],
  ])('%s → %s', (phone, ok) => {
    if (ok) expect(assertE164('address', phone)).toBe(phone.trim());
    else expect(() => assertE164('address', phone)).toThrow(/address must be a phone number in E\.164/);
  });
});

describe('verification codes', () => {
  const expires = new Date(now.getTime() + VERIFICATION.ttlMs);
  it.each<[string, Date | null, number, Date, string]>([
    ['no code sent', null, 0, now, 'NO_CODE'],
    ['a fresh code', expires, 0, now, 'CHECK'],
    ['one second before it expires', expires, 0, new Date(expires.getTime() - SECOND), 'CHECK'],
    ['the second it expires', expires, 0, expires, 'EXPIRED'],
    ['four wrong tries: one left', expires, 4, now, 'CHECK'],
    ['five wrong tries', expires, 5, now, 'TOO_MANY_ATTEMPTS'],
  ])('%s → %s', (_label, codeExpiresAt, attempts, when, verdict) => {
    expect(verificationVerdict({ codeExpiresAt, attempts }, when)).toBe(verdict);
  });
});

describe('verificationOnAdd: a method someone else adds is never verified for the person', () => {
  it.each([
    ['EMAIL', true, true, 'CODE'],
    ['EMAIL', true, false, 'CODE'],
    ['SMS', true, false, 'CODE'],
    ['SLACK', true, false, 'CODE'],
    ['WEBHOOK', false, true, 'AT_ONCE'],
    ['WEBHOOK', false, false, 'CODE'],
    ['SLACK', false, true, 'AT_ONCE'],
    ['SLACK', false, false, 'BY_THE_PERSON'],
  ] as const)('%s, by code: %s, added by its owner: %s → %s', (kind, byCode, addedByOwner, how) => {
    expect(verificationOnAdd({ kind, byCode, addedByOwner })).toBe(how);
  });
});
