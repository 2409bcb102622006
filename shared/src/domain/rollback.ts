import type { Severity } from './severity';
import { LIMITS, requireText } from './validation';
import { validationError } from './errors';

/** The procedure's "When to Rollback" rules. */
export const RollbackRule = {
  ERROR_RATE: 'ERROR_RATE',
  SERVICE_DOWN: 'SERVICE_DOWN',
  DATA_CORRUPTION: 'DATA_CORRUPTION',
  SECURITY_BREACH: 'SECURITY_BREACH',
} as const;
export type RollbackRule = (typeof RollbackRule)[keyof typeof RollbackRule];

/** "> 10% error rate": strictly above, so exactly 10% does not trigger. */
export const ROLLBACK_ERROR_RATE_PERCENT = 10;

export interface RollbackFlags {
  serviceDown: boolean;
  dataCorruptionRisk: boolean;
  securityBreach: boolean;
  /** Error rate in percent (0–100) as a responder measured it; null when not given. */
  errorRatePercent: number | null;
  /** When the responder stated that error rate; absent means "after any alert said otherwise". */
  measuredAt?: Date | null;
}

/** An alert's own error_rate label and when the alert said it. */
export interface AlertErrorRate {
  percent: number;
  at: Date;
}

/** The error rate the rules go by, and whose it is. */
export interface ErrorRateReading {
  percent: number;
  source: 'RESPONDER' | 'ALERT';
  at: Date | null;
}

/** Why a responder set a recommendation aside: the rules and suspect deployment it was about. */
export interface RollbackDismissal {
  reason: string;
  rules: RollbackRule[];
  deploymentId: number | string | null;
  at: Date;
  by: string;
}

export interface RollbackInputs {
  severity: Severity;
  /** Responder flags on the incident; null when nobody set any. */
  flags: RollbackFlags | null;
  /** Labels and annotations of the alerts behind the incident (merged), for the yes/no labels. */
  alertLabels?: Readonly<Record<string, string>>;
  /** Each alert's error_rate reading with its time; when absent, the merged labels' error_rate, older than any measurement. */
  alertErrorRates?: readonly AlertErrorRate[];
}

export interface RollbackReason {
  rule: RollbackRule;
  message: string;
}

const TRUE_WORDS = new Set(['true', '1', 'yes']);

/**
 * Reads an error rate from an alert label as a percent: "12%" and "12.5 %" are percents, a bare number up to 1
 * is a fraction ("0.12" = 12%), a bare number above 1 is a percent. Null when absent or unreadable.
 */
export function parseErrorRate(raw: string | undefined | null): number | null {
  if (raw === undefined || raw === null) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%)?\s*$/.exec(raw);
  if (!m) return null;
  const n = Number(m[1]);
  const percent = m[2] || n > 1 ? n : n * 100;
  return percent <= 100 ? percent : null;
}

/** Checks a responder's error rate (percent); returns a message when it is not a number from 0 to 100. */
export function errorRateProblem(percent: number | null): string | null {
  if (percent === null) return null;
  return Number.isFinite(percent) && percent >= 0 && percent <= 100
    ? null
    : 'errorRate must be a percentage from 0 to 100.';
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The error rate the rules go by: the newest reading. A responder's measurement supersedes every alert label it was
 * made after (a label says what the alert saw when it fired, not what is true now); an alert that fires later
 * counts again. Among alerts of the same moment, the worst.
 */
export function currentErrorRate(
  input: Pick<RollbackInputs, 'flags' | 'alertLabels' | 'alertErrorRates'>,
): ErrorRateReading | null {
  const fromLabels = parseErrorRate(input.alertLabels?.error_rate);
  const alerts: ReadonlyArray<{ percent: number; at: Date | null }> =
    input.alertErrorRates ?? (fromLabels === null ? [] : [{ percent: fromLabels, at: null }]);
  const time = (at: Date | null) => (at ? at.getTime() : Number.NEGATIVE_INFINITY);
  let alert: ErrorRateReading | null = null;
  for (const a of alerts) {
    if (!alert || time(a.at) > time(alert.at) || (time(a.at) === time(alert.at) && a.percent > alert.percent))
      alert = { percent: a.percent, source: 'ALERT', at: a.at };
  }
  const measured = input.flags?.errorRatePercent ?? null;
  if (measured === null) return alert;
  const responder: ErrorRateReading = { percent: measured, source: 'RESPONDER', at: input.flags?.measuredAt ?? null };
  // Without a time the measurement is taken as the latest word; at the same moment the responder's wins.
  return !alert || responder.at === null || time(responder.at) >= time(alert.at) ? responder : alert;
}

/** Which rollback rules match, each with the reason in words. */
export function rollbackReasons(input: RollbackInputs): RollbackReason[] {
  const labels = input.alertLabels ?? {};
  const flag = (name: string) => TRUE_WORDS.has((labels[name] ?? '').trim().toLowerCase());
  const reasons: RollbackReason[] = [];
  const rate = currentErrorRate(input);
  if (rate !== null && rate.percent > ROLLBACK_ERROR_RATE_PERCENT) {
    const whose = rate.source === 'RESPONDER' ? "a responder's measurement" : "the alert's error_rate label";
    reasons.push({
      rule: 'ERROR_RATE',
      message: `Error rate ${round(rate.percent)}% (${whose}) is above ${ROLLBACK_ERROR_RATE_PERCENT}%.`,
    });
  }
  if (input.flags?.serviceDown || flag('service_down')) {
    reasons.push({ rule: 'SERVICE_DOWN', message: 'Service completely down.' });
  } else if (input.severity === 'P0') {
    reasons.push({ rule: 'SERVICE_DOWN', message: 'P0: service completely down or critical data loss.' });
  }
  if (input.flags?.dataCorruptionRisk || flag('data_corruption')) {
    reasons.push({ rule: 'DATA_CORRUPTION', message: 'Risk of data corruption or loss.' });
  }
  if (input.flags?.securityBreach || flag('security_breach')) {
    reasons.push({ rule: 'SECURITY_BREACH', message: 'Security vulnerability exposed.' });
  }
  return reasons;
}

export interface RollbackAssessment<D> {
  recommended: boolean;
  reasons: RollbackReason[];
  suspectDeployment: D | null;
  /** A responder's dismissal that still holds (then not recommended); null otherwise. */
  dismissal: RollbackDismissal | null;
  errorRate: ErrorRateReading | null;
}

/**
 * A dismissal holds while nothing new argues for a rollback: the same suspect deployment, and no rule matching that
 * it did not see. A new suspect deployment, or a new reason, brings the recommendation back.
 */
export function dismissalHolds(
  d: RollbackDismissal | null,
  reasons: readonly RollbackReason[],
  suspectId: number | string | null,
): boolean {
  if (!d) return false;
  return String(d.deploymentId) === String(suspectId) && reasons.every((r) => d.rules.includes(r.rule));
}

/**
 * Rollback is recommended when a rule matches and there is a suspect deployment to roll back, unless a responder
 * dismissed that recommendation and the dismissal still holds.
 */
export function assessRollback<D extends { id: number | string }>(
  input: RollbackInputs,
  suspect: D | null,
  dismissal: RollbackDismissal | null = null,
): RollbackAssessment<D> {
  const reasons = rollbackReasons(input);
  const holds = dismissalHolds(dismissal, reasons, suspect?.id ?? null);
  return {
    recommended: reasons.length > 0 && suspect !== null && !holds,
    reasons,
    suspectDeployment: suspect,
    dismissal: holds ? dismissal : null,
    errorRate: currentErrorRate(input),
  };
}

/** Checks a dismissal reason (VALIDATION on dismissReason); a recommendation must stand to be dismissed. */
export function parseDismissReason(reason: unknown, recommended: boolean): string {
  const text = requireText('dismissReason', reason, 1, LIMITS.reason);
  if (!recommended)
    throw validationError(
      'dismissReason',
      'There is no rollback recommendation to dismiss (none stands, or it is already dismissed).',
    );
  return text;
}
