import { Severity, SeverityOptions, severityPolicy } from './severity';

/** NOT_NEEDED: an acknowledge clock of an incident monitoring resolved, unacknowledged, before the deadline. */
export const SlaState = { PENDING: 'PENDING', MET: 'MET', BREACHED: 'BREACHED', NOT_NEEDED: 'NOT_NEEDED' } as const;
export type SlaState = (typeof SlaState)[keyof typeof SlaState];

export interface SlaDeadlines {
  acknowledgeBy: Date;
  resolveBy: Date;
}

/** Deadlines always count from the original detection time, so a severity change recomputes them from there. */
export function slaDeadlines(severity: Severity, detectedAt: Date, options: SeverityOptions = {}): SlaDeadlines {
  const policy = severityPolicy(severity, options);
  return {
    acknowledgeBy: new Date(detectedAt.getTime() + policy.responseWithinMs),
    resolveBy: new Date(detectedAt.getTime() + policy.resolutionWithinMs),
  };
}

export interface SlaClock {
  deadline: Date;
  state: SlaState;
  /** Time left before the deadline (negative once breached); for a finished clock, the margin it finished with. */
  remainingMs: number;
}

/**
 * One SLA clock. A deadline is inclusive: done at exactly the deadline is MET, and an open clock is BREACHED only
 * once `now` is past it.
 */
export function slaClock(deadline: Date, doneAt: Date | null, now: Date): SlaClock {
  const end = doneAt ?? now;
  const remainingMs = deadline.getTime() - end.getTime();
  if (doneAt) return { deadline, state: remainingMs >= 0 ? 'MET' : 'BREACHED', remainingMs };
  return { deadline, state: remainingMs >= 0 ? 'PENDING' : 'BREACHED', remainingMs };
}

/**
 * The acknowledge clock. Never acknowledged but resolved (by monitoring: a person resolving acknowledges) means the
 * clock stopped at the resolution: breached if that was past the deadline (nobody answered in time), else not
 * needed (the problem went away before anyone owed an answer).
 */
export function acknowledgeClock(
  deadline: Date,
  acknowledgedAt: Date | null,
  resolvedAt: Date | null,
  now: Date,
): SlaClock {
  if (acknowledgedAt === null && resolvedAt !== null) {
    const remainingMs = deadline.getTime() - resolvedAt.getTime();
    return { deadline, state: remainingMs >= 0 ? 'NOT_NEEDED' : 'BREACHED', remainingMs };
  }
  return slaClock(deadline, acknowledgedAt, now);
}

export interface SlaSubject {
  severity: Severity;
  detectedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

export interface SlaStatus {
  acknowledge: SlaClock;
  resolve: SlaClock;
}

/** Both clocks of an incident at `now`. */
export function slaStatus(incident: SlaSubject, now: Date, options: SeverityOptions = {}): SlaStatus {
  const d = slaDeadlines(incident.severity, incident.detectedAt, options);
  return {
    acknowledge: acknowledgeClock(d.acknowledgeBy, incident.acknowledgedAt, incident.resolvedAt, now),
    resolve: slaClock(d.resolveBy, incident.resolvedAt, now),
  };
}
