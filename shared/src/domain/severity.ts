import { DAY, HOUR, MINUTE } from './time';

export const Severity = { P0: 'P0', P1: 'P1', P2: 'P2', P3: 'P3' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];
export const SEVERITIES: readonly Severity[] = ['P0', 'P1', 'P2', 'P3'];

/** Who the procedure says is told when an incident of a severity opens. */
export const NotifyAudience = {
  ALL_STAKEHOLDERS: 'ALL_STAKEHOLDERS',
  ONCALL_ENGINEER: 'ONCALL_ENGINEER',
  TEAM_LEAD: 'TEAM_LEAD',
  TICKET_SYSTEM: 'TICKET_SYSTEM',
} as const;
export type NotifyAudience = (typeof NotifyAudience)[keyof typeof NotifyAudience];

export interface SeverityPolicy {
  severity: Severity;
  name: string;
  impact: string;
  /** The procedure's words for the response SLA. */
  response: string;
  /** The procedure's words for the resolution SLA. */
  resolution: string;
  /** Acknowledge-by deadline, from detection. */
  responseWithinMs: number;
  /** Resolve-by deadline, from detection. */
  resolutionWithinMs: number;
  notify: NotifyAudience[];
  /** Status updates are due this often while the incident is open; null means no cadence. */
  statusUpdateEveryMs: number | null;
  /** Pages around the clock, not only in business hours. */
  around247: boolean;
}

export interface SeverityOptions {
  /**
   * "Immediate" has to become a clock for the acknowledge-by deadline. Default 5 minutes: long enough for a
   * human to reach a laptop, short enough that the wall shows a breach long before the P1 window would.
   */
  immediateResponseMs?: number;
  /** "Next sprint" as a duration. Default 14 days (a two-week sprint). */
  nextSprintMs?: number;
}

export const DEFAULT_SEVERITY_OPTIONS: Required<SeverityOptions> = {
  immediateResponseMs: 5 * MINUTE,
  nextSprintMs: 14 * DAY,
};

/** The P0–P3 table of the procedure, with the two open words ("immediate", "next sprint") made concrete. */
export function severityPolicies(options: SeverityOptions = {}): SeverityPolicy[] {
  const o = { ...DEFAULT_SEVERITY_OPTIONS, ...options };
  return [
    {
      severity: 'P0',
      name: 'Critical',
      impact: 'Service completely down, critical data loss',
      response: 'Immediate, 24/7',
      resolution: 'Within 1 hour',
      responseWithinMs: o.immediateResponseMs,
      resolutionWithinMs: 1 * HOUR,
      notify: ['ALL_STAKEHOLDERS'],
      statusUpdateEveryMs: 30 * MINUTE,
      around247: true,
    },
    {
      severity: 'P1',
      name: 'High',
      impact: 'Major feature down, significant degradation',
      response: 'Within 15 minutes',
      resolution: 'Within 4 hours',
      responseWithinMs: 15 * MINUTE,
      resolutionWithinMs: 4 * HOUR,
      notify: ['ONCALL_ENGINEER', 'TEAM_LEAD'],
      statusUpdateEveryMs: 1 * HOUR,
      around247: false,
    },
    {
      severity: 'P2',
      name: 'Medium',
      impact: 'Minor feature issues, performance degradation',
      response: 'Within 1 hour',
      resolution: 'Within 24 hours',
      responseWithinMs: 1 * HOUR,
      resolutionWithinMs: 24 * HOUR,
      notify: ['ONCALL_ENGINEER'],
      statusUpdateEveryMs: null,
      around247: false,
    },
    {
      severity: 'P3',
      name: 'Low',
      impact: 'Minor issues, non-critical bugs',
      response: 'Within 24 hours',
      resolution: 'Next sprint',
      responseWithinMs: 24 * HOUR,
      resolutionWithinMs: o.nextSprintMs,
      notify: ['TICKET_SYSTEM'],
      statusUpdateEveryMs: null,
      around247: false,
    },
  ];
}

/** The policy row for one severity. */
export function severityPolicy(severity: Severity, options: SeverityOptions = {}): SeverityPolicy {
  const policy = severityPolicies(options).find((p) => p.severity === severity);
  if (!policy) throw new Error(`unknown severity ${String(severity)}`);
  return policy;
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Sort key: P0 first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
