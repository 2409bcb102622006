import { DomainError, ErrorCode, validationError } from './errors';
import { SEVERITIES, Severity, SeverityOptions, severityPolicy } from './severity';
import { MINUTE } from './time';

/** Whom a level pages: everyone on call in a schedule, a named person, or the leads of a team. */
export const EscalationTargetKind = { SCHEDULE: 'SCHEDULE', USER: 'USER', TEAM_LEADS: 'TEAM_LEADS' } as const;
export type EscalationTargetKind = (typeof EscalationTargetKind)[keyof typeof EscalationTargetKind];

export interface EscalationTarget {
  kind: EscalationTargetKind;
  id: number;
}

export interface EscalationLevel {
  /** Shown on the ladder, e.g. "On-call engineer". */
  name: string;
  targets: EscalationTarget[];
  /** How long this level has to acknowledge before the next one fires; null = the severity's response SLA. */
  ackTimeoutMs: number | null;
  /** Severities for which this level fires together with the one before it (the team lead on a P0). */
  immediateFor: Severity[];
  /** Severities for which an unacknowledged page climbs to this level on its own; others reach it only by hand. */
  autoFor: Severity[];
}

export interface EscalationPolicySpec {
  levels: EscalationLevel[];
  /** How many times the ladder starts again from level 1 after the last automatic level goes unanswered. */
  repeat: number;
}

/** Why a level fired. */
export const EscalationReason = {
  START: 'START',
  TIMEOUT: 'TIMEOUT',
  IMMEDIATE: 'IMMEDIATE',
  UNAVAILABLE: 'UNAVAILABLE',
  MANUAL: 'MANUAL',
  /** A level paged by hand (or climbed to after one) did not answer: the level above, whatever the severity. */
  UNANSWERED: 'UNANSWERED',
  REPEAT: 'REPEAT',
} as const;
export type EscalationReason = (typeof EscalationReason)[keyof typeof EscalationReason];

/** A level due to fire: 1-based level, 0-based repeat round, when, and why. */
export interface EscalationStep {
  level: number;
  round: number;
  at: Date;
  reason: EscalationReason;
}

/**
 * What just fired: the level, its round, when it was due (`at`: the ladder's clock, which counts from detection),
 * when it actually paged (`firedAt`: later than `at` when the incident was declared late or the server was down),
 * how many people it paged, and why it fired (a climb someone started by hand goes on differently).
 */
export interface FiredLevel {
  level: number;
  round: number;
  at: Date;
  firedAt: Date;
  pagedCount: number;
  reason?: EscalationReason;
}

/** A climb someone started by hand ("unable to resolve"): it goes up level by level until someone answers. */
export function climbsByHand(reason: EscalationReason | null | undefined): boolean {
  return reason === 'MANUAL' || reason === 'UNANSWERED';
}

export const MAX_ESCALATION_LEVELS = 10;
export const MAX_ESCALATION_REPEAT = 5;

/** Checks a policy's shape; throws VALIDATION naming the field. */
export function validateEscalationPolicy(policy: EscalationPolicySpec): void {
  if (!Number.isInteger(policy.repeat) || policy.repeat < 0 || policy.repeat > MAX_ESCALATION_REPEAT) {
    throw validationError('repeat', `repeat must be a whole number from 0 to ${MAX_ESCALATION_REPEAT}.`);
  }
  if (policy.levels.length < 1 || policy.levels.length > MAX_ESCALATION_LEVELS) {
    throw validationError('levels', `A policy needs 1 to ${MAX_ESCALATION_LEVELS} levels.`);
  }
  policy.levels.forEach((level, i) => {
    if (!level.targets.length) throw validationError('levels', `Level ${i + 1} targets nobody.`);
    if (
      level.ackTimeoutMs !== null &&
      (!Number.isInteger(level.ackTimeoutMs) ||
        level.ackTimeoutMs < MINUTE ||
        level.ackTimeoutMs > 7 * 24 * 60 * MINUTE)
    ) {
      throw validationError('levels', `Level ${i + 1}: the acknowledge timeout must be from 1 minute to 7 days.`);
    }
    for (const s of [...level.immediateFor, ...level.autoFor]) {
      if (!SEVERITIES.includes(s)) throw validationError('levels', `Level ${i + 1}: unknown severity ${String(s)}.`);
    }
  });
}

/** How long a level waits for an acknowledgement before the ladder moves on. */
export function levelTimeoutMs(level: EscalationLevel, severity: Severity, options: SeverityOptions = {}): number {
  return level.ackTimeoutMs ?? severityPolicy(severity, options).responseWithinMs;
}

/**
 * The first step when paging starts: level 1, due at `clockStart` (the detection time on declare, like the SLA
 * clocks; the reopening time on reopen), never later than now, so level 1 is paged at once and later levels of an
 * incident declared late fall due at once too.
 */
export function firstEscalationStep(clockStart: Date, now: Date): EscalationStep {
  return { level: 1, round: 0, at: clockStart.getTime() < now.getTime() ? clockStart : now, reason: 'START' };
}

/**
 * What fires next after `fired`, and when, if nobody acknowledges: a level that paged nobody hands on at once; a
 * level marked immediate for the severity fires at once; otherwise the next level that climbs automatically for
 * the severity fires when the fired level's timeout runs out, counted from when that level was due (so the ladder
 * keeps to the clock that started at detection); after the last one the ladder repeats or stops. A repeat round
 * counts from when the last level actually paged: the people paged again always had their whole timeout.
 * A level paged by hand that stays silent hands on to the level right above it, whatever the severity (the
 * procedure: "engineering manager: escalate if … team lead unavailable"), not back to the person who asked; a
 * level only the most severe incidents reach by themselves (the CTO) is reached that way only by those.
 */
export function nextEscalationStep(
  policy: EscalationPolicySpec,
  severity: Severity,
  fired: FiredLevel,
  options: SeverityOptions = {},
): EscalationStep | null {
  const n = policy.levels.length;
  const current = policy.levels[fired.level - 1];
  if (!current) return null;
  // "Team lead unavailable": nobody to page at this level means the next one is paged now, whatever the severity.
  if (fired.pagedCount === 0 && fired.level < n)
    return { level: fired.level + 1, round: fired.round, at: fired.at, reason: 'UNAVAILABLE' };
  const following = policy.levels[fired.level];
  if (following?.immediateFor.includes(severity))
    return { level: fired.level + 1, round: fired.round, at: fired.at, reason: 'IMMEDIATE' };
  const timeout = levelTimeoutMs(current, severity, options);
  // A climb started by hand goes on past the severity's own path ("team lead unavailable": the manager), but a level
  // only the most severe incidents climb to by themselves (the CTO: "business-critical") only for those, or by hand.
  const onlyMostSevere = (l: EscalationLevel) => [...l.autoFor, ...l.immediateFor].every((s) => s === SEVERITIES[0]);
  if (climbsByHand(fired.reason) && following && (severity === SEVERITIES[0] || !onlyMostSevere(following)))
    return {
      level: fired.level + 1,
      round: fired.round,
      at: new Date(fired.at.getTime() + timeout),
      reason: 'UNANSWERED',
    };
  for (let k = fired.level + 1; k <= n; k++) {
    if (policy.levels[k - 1].autoFor.includes(severity))
      return { level: k, round: fired.round, at: new Date(fired.at.getTime() + timeout), reason: 'TIMEOUT' };
  }
  const repeatFrom = Math.max(fired.at.getTime(), fired.firedAt.getTime());
  if (fired.round < policy.repeat)
    return { level: 1, round: fired.round + 1, at: new Date(repeatFrom + timeout), reason: 'REPEAT' };
  return null;
}

/**
 * "Unable to resolve": the level above the one holding the incident, now, whatever the severity; INVALID_TRANSITION
 * at the top. With nobody paged yet (`currentLevel` 0: a P3 ticket, a declaration during maintenance) the incident is
 * with level 1, the first responder, so the one asking for help is level 1 and the next is level 2.
 */
export function manualEscalationStep(
  policy: EscalationPolicySpec,
  currentLevel: number,
  round: number,
  now: Date,
): EscalationStep {
  const holder = Math.max(currentLevel, 1);
  if (holder >= policy.levels.length) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `Already at the top of the escalation path (level ${holder} of ${policy.levels.length}).`,
      'id',
    );
  }
  return { level: holder + 1, round, at: now, reason: 'MANUAL' };
}

/**
 * The levels a severity climbs to by itself: level 1, and every level that fires for it when the one below stays
 * silent or at once with it. A level outside it (the CTO on a P1) is reached only by hand.
 */
export function severityLadder(policy: EscalationPolicySpec, severity: Severity): number[] {
  return policy.levels.flatMap((l, i) =>
    i === 0 || l.autoFor.includes(severity) || l.immediateFor.includes(severity) ? [i + 1] : [],
  );
}

/** Where a ladder stands: the levels its severity climbs to (severityLadder), its last level fired, what is next. */
export interface LadderPosition {
  climbs: number[];
  level: number;
  active: boolean;
  nextLevel: number | null;
  nextAt: Date | null;
}

/**
 * The next level of the severity's ladder above the one responsible at `at` (an SLA deadline): a level due by then
 * counts as paged, whether or not the engine has fired it yet, so the answer does not depend on which loop ran
 * first. Null at the top of the severity's ladder: a P1's path ends at the manager, so its CTO never hears of it.
 */
export function levelAbove(ladder: LadderPosition, at: Date): number | null {
  const dueBy =
    ladder.active && ladder.nextLevel !== null && ladder.nextAt !== null && ladder.nextAt.getTime() <= at.getTime();
  const responsible = dueBy ? Math.max(ladder.level, ladder.nextLevel ?? 0) : ladder.level;
  return ladder.climbs.find((k) => k > responsible) ?? null;
}

/** What an incident's routing can see: its primary service's own policy, that service's team's policy, the global default. */
export interface PolicyRoute {
  servicePolicyId: number | null;
  teamPolicyId: number | null;
  defaultPolicyId: number | null;
}

/** Which of the three chose the policy; NONE when no policy applies and nobody is paged. */
export type PolicySource = 'SERVICE' | 'TEAM' | 'DEFAULT' | 'NONE';

/**
 * The policy an incident follows: the one its primary service names, else the one of the team that owns that
 * service, else the global default; an incident without a service follows the default.
 */
export function routeEscalationPolicy(route: PolicyRoute): { policyId: number | null; source: PolicySource } {
  if (route.servicePolicyId !== null) return { policyId: route.servicePolicyId, source: 'SERVICE' };
  if (route.teamPolicyId !== null) return { policyId: route.teamPolicyId, source: 'TEAM' };
  if (route.defaultPolicyId !== null) return { policyId: route.defaultPolicyId, source: 'DEFAULT' };
  return { policyId: null, source: 'NONE' };
}

/** Who fills each rung of the procedure's escalation path. */
export interface ProcedureTargets {
  onCallScheduleIds: number[];
  teamIds: number[];
  engineeringManagerUserIds: number[];
  ctoUserIds: number[];
}

/**
 * The procedure's path, following its notification table: on-call engineer (response SLA); team lead, paged with
 * level 1 for P0 and P1 ("P1: on-call engineer, team lead"), else when level 1 does not acknowledge; engineering
 * manager when the lead stays silent on a P0 or P1 (critical, or the lead unavailable); CTO for P0
 * (business-critical). P3 pages nobody (notify-policy.ts pagingPlan): a ticket.
 */
export function procedureEscalationPolicy(t: ProcedureTargets, repeat = 0): EscalationPolicySpec {
  const all = [...SEVERITIES];
  return {
    repeat,
    levels: [
      {
        name: 'On-call engineer',
        targets: t.onCallScheduleIds.map((id) => ({ kind: 'SCHEDULE', id })),
        ackTimeoutMs: null,
        immediateFor: [],
        autoFor: all,
      },
      {
        name: 'Team lead',
        targets: t.teamIds.map((id) => ({ kind: 'TEAM_LEADS', id })),
        ackTimeoutMs: null,
        immediateFor: ['P0', 'P1'],
        autoFor: all,
      },
      {
        name: 'Engineering manager',
        targets: t.engineeringManagerUserIds.map((id) => ({ kind: 'USER', id })),
        ackTimeoutMs: null,
        immediateFor: [],
        autoFor: ['P0', 'P1'],
      },
      {
        name: 'CTO',
        targets: t.ctoUserIds.map((id) => ({ kind: 'USER', id })),
        ackTimeoutMs: null,
        immediateFor: [],
        autoFor: ['P0'],
      },
    ],
  };
}
