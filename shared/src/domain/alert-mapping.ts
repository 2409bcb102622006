import { validationError } from './errors';
import { Severity, isSeverity } from './severity';

/** What a monitoring system speaks to Vigil through one integration. */
export const IntegrationKind = {
  PAGERDUTY_EVENTS_V2: 'PAGERDUTY_EVENTS_V2',
  ALERTMANAGER: 'ALERTMANAGER',
  GRAFANA: 'GRAFANA',
  GENERIC_WEBHOOK: 'GENERIC_WEBHOOK',
} as const;
export type IntegrationKind = (typeof IntegrationKind)[keyof typeof IntegrationKind];

/** An alert's own state, as the sender last reported it. */
export const AlertStatus = { TRIGGERED: 'TRIGGERED', ACKNOWLEDGED: 'ACKNOWLEDGED', RESOLVED: 'RESOLVED' } as const;
export type AlertStatus = (typeof AlertStatus)[keyof typeof AlertStatus];

/** Alert severity words (lower case) → incident severity. */
export type AlertSeverityMapping = Readonly<Record<string, Severity>>;

/**
 * The default mapping. A single alert saying "critical" is a P1, not a P0: most critical alerts are one symptom
 * (an error rate, a full disk) of a degraded feature, and P0 ("service completely down") pages every stakeholder.
 * Senders that know better say so with a `vigil_severity` or `priority` label (P0–P3), which always wins.
 * Unknown or missing words become P2: paged within the hour rather than silently ticketed.
 */
export const DEFAULT_ALERT_SEVERITY_MAPPING: AlertSeverityMapping = {
  critical: 'P1',
  high: 'P1',
  page: 'P1',
  error: 'P2',
  major: 'P2',
  warning: 'P3',
  warn: 'P3',
  minor: 'P3',
  info: 'P3',
  informational: 'P3',
  low: 'P3',
  none: 'P3',
};

export const UNMAPPED_ALERT_SEVERITY: Severity = 'P2';

/** Labels whose P0–P3 value overrides any mapping, checked in this order. */
export const SEVERITY_OVERRIDE_LABELS = ['vigil_severity', 'priority'] as const;

/** Label names that carry the alert's severity word, in Prometheus and Grafana conventions. */
const SEVERITY_WORD_LABELS = ['severity', 'level'];

const WORD = /^[a-z0-9_-]{1,40}$/;

/** Checks a per-integration mapping (alert word → P0–P3); throws VALIDATION naming `field`. */
export function validateSeverityMapping(
  entries: ReadonlyArray<{ alertSeverity: string; severity: string }>,
  field = 'severityMapping',
): AlertSeverityMapping {
  if (entries.length > 50) throw validationError(field, `${field} may have at most 50 entries.`);
  const mapping: Record<string, Severity> = {};
  for (const entry of entries) {
    const word = String(entry.alertSeverity ?? '')
      .trim()
      .toLowerCase();
    if (!WORD.test(word))
      throw validationError(
        field,
        `${field}: "${entry.alertSeverity}" is not a severity word (letters, digits, _ or -, up to 40).`,
      );
    if (!isSeverity(entry.severity)) throw validationError(field, `${field}: "${entry.severity}" is not one of P0–P3.`);
    if (word in mapping) throw validationError(field, `${field} names "${word}" twice.`);
    mapping[word] = entry.severity;
  }
  return mapping;
}

/**
 * The sender's own severity word carried as a label (Prometheus and Grafana say `severity`, some rules `level`),
 * lower-cased and at most 40 characters; null when no such label has a word.
 */
export function severityWordFromLabels(labels: Readonly<Record<string, unknown>>): string | null {
  for (const name of SEVERITY_WORD_LABELS) {
    const value = labels[name];
    if (typeof value === 'string' && value.trim()) return value.trim().toLowerCase().slice(0, 40);
  }
  return null;
}

export interface AlertSeverityInput {
  /** The sender's severity word (PagerDuty payload.severity, or none). */
  severity?: string | null;
  /** Alert labels (Alertmanager/Grafana labels, PagerDuty custom_details strings). */
  labels?: Readonly<Record<string, unknown>> | null;
}

function overrideFrom(labels: Readonly<Record<string, unknown>>): Severity | null {
  for (const name of SEVERITY_OVERRIDE_LABELS) {
    const value = labels[name];
    if (typeof value === 'string' && isSeverity(value.trim().toUpperCase()))
      return value.trim().toUpperCase() as Severity;
  }
  return null;
}

/**
 * Decides an alert's incident severity: a P0–P3 override label wins; else the sender's severity word (or a
 * `severity`/`level` label) through the integration's mapping over the default; else P2.
 */
export function mapAlertSeverity(alert: AlertSeverityInput, custom: AlertSeverityMapping | null = null): Severity {
  const labels = alert.labels ?? {};
  const override = overrideFrom(labels);
  if (override) return override;
  const mapping = { ...DEFAULT_ALERT_SEVERITY_MAPPING, ...(custom ?? {}) };
  const candidates = [alert.severity, ...SEVERITY_WORD_LABELS.map((l) => labels[l])];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const word = candidate.trim().toLowerCase();
    if (Object.prototype.hasOwnProperty.call(mapping, word)) return mapping[word];
  }
  return UNMAPPED_ALERT_SEVERITY;
}
