import type { Severity } from './severity';

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
}

export interface RollbackInputs {
  severity: Severity;
  /** Responder flags on the incident; null when nobody set any. */
  flags: RollbackFlags | null;
  /** Labels and annotations of the alerts behind the incident (merged). */
  alertLabels?: Readonly<Record<string, string>>;
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
  return Number.isFinite(percent) && percent >= 0 && percent <= 100 ? null : 'errorRate must be a percentage from 0 to 100.';
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Which rollback rules match, each with the reason in words. */
export function rollbackReasons(input: RollbackInputs): RollbackReason[] {
  const labels = input.alertLabels ?? {};
  const flag = (name: string) => TRUE_WORDS.has((labels[name] ?? '').trim().toLowerCase());
  const reasons: RollbackReason[] = [];
  const rates = [input.flags?.errorRatePercent ?? null, parseErrorRate(labels.error_rate)].filter((r): r is number => r !== null);
  const worst = rates.length ? Math.max(...rates) : null;
  if (worst !== null && worst > ROLLBACK_ERROR_RATE_PERCENT) {
    reasons.push({ rule: 'ERROR_RATE', message: `Error rate ${round(worst)}% is above ${ROLLBACK_ERROR_RATE_PERCENT}%.` });
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
}

/** Rollback is recommended when a rule matches and there is a suspect deployment to roll back. */
export function assessRollback<D>(input: RollbackInputs, suspect: D | null): RollbackAssessment<D> {
  const reasons = rollbackReasons(input);
  return { recommended: reasons.length > 0 && suspect !== null, reasons, suspectDeployment: suspect };
}
