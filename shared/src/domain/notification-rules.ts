import { validationError } from './errors';
import { MINUTE } from './time';
import type { Severity } from './severity';

/**
 * Personal notification rules (issue 18): how one person is reached when paged. Each person orders their contact
 * methods with delays, separately for high-urgency (P0/P1) and low-urgency (P2 and below) pages. A page runs the
 * steps until someone answers it; what cannot be used is skipped with a reason and the rules move on.
 */
export type Urgency = 'HIGH' | 'LOW';
export const URGENCIES: readonly Urgency[] = ['HIGH', 'LOW'];

/** The contact kinds a person can be reached by. */
export type ContactKindName = 'EMAIL' | 'SLACK' | 'SMS' | 'VOICE' | 'WEBHOOK' | 'PUSH';
/** Kinds whose address is a phone number (E.164), verified with a code sent by SMS. */
export const PHONE_KINDS: readonly ContactKindName[] = ['SMS', 'VOICE'];

/** P0/P1 wake people up; P2 and P3 follow the low-urgency rules. */
export function urgencyOf(severity: Severity | null): Urgency {
  return severity === 'P0' || severity === 'P1' ? 'HIGH' : 'LOW';
}

/** A contact method as the rules see it. */
export interface RuleMethod {
  id: number;
  kind: ContactKindName;
  verified: boolean;
  /** Why the server cannot use this kind at all (its provider is not configured); null or absent when it can. */
  unusable?: string | null;
}

/** One rule: reach this method `delayMinutes` after the page. */
export interface NotificationRuleSpec {
  contactMethodId: number;
  delayMinutes: number;
}

/** One planned step of a page to a person: an outbox row due at `dueAt`, or a skip recorded with its reason. */
export interface PlannedStep {
  contactMethodId: number;
  kind: ContactKindName;
  dueAt: Date;
  /** Null when the step will be tried; otherwise why it cannot be (recorded as SKIPPED). */
  skip: string | null;
}

export interface PersonalPlan {
  steps: PlannedStep[];
  /** True when no step can be tried: the account's own email is the last resort, so nobody is unreachable. */
  fallbackToAccountEmail: boolean;
}

export const MAX_RULES_PER_URGENCY = 10;
/** A day: longer than any escalation path, so a later step would never matter. */
export const MAX_RULE_DELAY_MINUTES = 24 * 60;

export const UNVERIFIED_REASON = 'the contact method is not verified';

/**
 * The steps of one page to one person, at `pagedAt`. With no rules for the urgency: every verified method at once.
 * Unverified methods are planned as skipped steps (visible, never silent), and a skipped step moves the rules on:
 * the next usable step is brought forward to the skipped one's time, the later ones keeping their spacing.
 */
export function planPersonalSteps(
  methods: readonly RuleMethod[],
  rules: readonly NotificationRuleSpec[],
  pagedAt: Date,
): PersonalPlan {
  const byId = new Map(methods.map((m) => [m.id, m]));
  const chosen: Array<{ method: RuleMethod; delayMinutes: number }> = rules.length
    ? rules
        .map((r, i) => ({ r, i, method: byId.get(r.contactMethodId) }))
        .filter((x): x is { r: NotificationRuleSpec; i: number; method: RuleMethod } => !!x.method)
        .sort((a, b) => a.r.delayMinutes - b.r.delayMinutes || a.i - b.i)
        .map((x) => ({ method: x.method, delayMinutes: x.r.delayMinutes }))
    : methods.map((method) => ({ method, delayMinutes: 0 }));
  let steps: PlannedStep[] = chosen.map(({ method, delayMinutes }) => ({
    contactMethodId: method.id,
    kind: method.kind,
    dueAt: new Date(pagedAt.getTime() + delayMinutes * MINUTE),
    skip: method.verified ? (method.unusable ?? null) : UNVERIFIED_REASON,
  }));
  for (let i = 0; i < steps.length; i++) {
    if (steps[i].skip !== null) steps = pullForward(steps, steps[i].dueAt);
  }
  return { steps, fallbackToAccountEmail: !steps.some((s) => s.skip === null) };
}

/**
 * After a step was skipped at `at`: the earliest usable step still waiting is due at `at` instead, and every step
 * after it moves by the same amount (the person's spacing between later steps is kept). Steps due by `at` stay, and
 * a usable step due at `at` itself already reaches the person then: nothing moves.
 */
export function pullForward<T extends { dueAt: Date; skip?: string | null }>(steps: readonly T[], at: Date): T[] {
  const usable = steps.filter((s) => (s.skip ?? null) === null);
  if (usable.some((s) => s.dueAt.getTime() === at.getTime())) return [...steps];
  const waiting = usable.filter((s) => s.dueAt.getTime() > at.getTime());
  if (!waiting.length) return [...steps];
  const next = Math.min(...waiting.map((s) => s.dueAt.getTime()));
  const shift = next - at.getTime();
  return steps.map((s) =>
    (s.skip ?? null) === null && s.dueAt.getTime() > at.getTime()
      ? { ...s, dueAt: new Date(s.dueAt.getTime() - shift) }
      : s,
  );
}

/** Checks one urgency's rules: whole minutes from 0 to a day, at most ten, each naming one of the person's methods. */
export function assertValidRules(
  field: string,
  rules: readonly NotificationRuleSpec[],
  methodIds: ReadonlySet<number>,
): void {
  if (rules.length > MAX_RULES_PER_URGENCY)
    throw validationError(field, `${field} may have at most ${MAX_RULES_PER_URGENCY} steps.`);
  for (const [i, r] of rules.entries()) {
    if (!Number.isInteger(r.delayMinutes) || r.delayMinutes < 0 || r.delayMinutes > MAX_RULE_DELAY_MINUTES)
      throw validationError(
        `${field}.${i}.delayMinutes`,
        `delayMinutes must be a whole number of minutes from 0 to ${MAX_RULE_DELAY_MINUTES}.`,
      );
    if (!methodIds.has(r.contactMethodId))
      throw validationError(`${field}.${i}.contactMethodId`, 'contactMethodId must be one of your contact methods.');
  }
}

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** Checks a phone number written in E.164 (+4915112345678); spaces, dashes and brackets are not accepted. */
export function assertE164(field: string, value: string): string {
  const phone = value.trim();
  if (!E164.test(phone))
    throw validationError(
      field,
      `${field} must be a phone number in E.164 form: a plus, the country code and the number, digits only (e.g. +4915112345678).`,
    );
  return phone;
}

/** How verification codes behave: six digits, ten minutes, five tries. */
export const VERIFICATION = { digits: 6, ttlMs: 10 * MINUTE, maxAttempts: 5 } as const;

export interface VerificationState {
  codeExpiresAt: Date | null;
  attempts: number;
}

export type VerificationVerdict = 'NO_CODE' | 'EXPIRED' | 'TOO_MANY_ATTEMPTS' | 'CHECK';

/** Whether an entered code may be checked at `now`: a code lives ten minutes (exclusive) and allows five tries. */
export function verificationVerdict(state: VerificationState, now: Date): VerificationVerdict {
  if (!state.codeExpiresAt) return 'NO_CODE';
  if (now.getTime() >= state.codeExpiresAt.getTime()) return 'EXPIRED';
  if (state.attempts >= VERIFICATION.maxAttempts) return 'TOO_MANY_ATTEMPTS';
  return 'CHECK';
}

/**
 * How a contact method just added is proven, by who added it: `CODE` (sent to the address, entered by the person),
 * `AT_ONCE` (no code can reach it, and the person chose it themselves), or `BY_THE_PERSON` (no code can reach it and
 * someone else added it: unverified until the person adds it themselves). A webhook is reached by a code when someone
 * else adds it, so a page never goes to an endpoint the person did not confirm.
 */
export function verificationOnAdd(m: {
  kind: string;
  /** A code reaches this kind as a matter of course (email, phones, a Slack member id with the bot). */
  byCode: boolean;
  addedByOwner: boolean;
}): 'CODE' | 'AT_ONCE' | 'BY_THE_PERSON' {
  if (m.byCode) return 'CODE';
  if (m.addedByOwner) return 'AT_ONCE';
  return m.kind === 'WEBHOOK' ? 'CODE' : 'BY_THE_PERSON';
}
