import { Severity, SeverityOptions, severityPolicy } from './severity';

export interface CadenceSubject {
  severity: Severity;
  detectedAt: Date;
  resolvedAt: Date | null;
  /** The last status update posted, if any. */
  lastStatusUpdateAt: Date | null;
}

export interface CadenceStatus {
  /** When the next status update is due; null when the severity has no cadence or the incident is resolved. */
  nextUpdateDueAt: Date | null;
  overdue: boolean;
}

/** P0 every 30 minutes, P1 hourly, counted from the last update (or detection). Due at exactly the time is not late. */
export function statusUpdateCadence(incident: CadenceSubject, now: Date, options: SeverityOptions = {}): CadenceStatus {
  const every = severityPolicy(incident.severity, options).statusUpdateEveryMs;
  if (every === null || incident.resolvedAt !== null) return { nextUpdateDueAt: null, overdue: false };
  const from = incident.lastStatusUpdateAt ?? incident.detectedAt;
  const due = new Date(from.getTime() + every);
  return { nextUpdateDueAt: due, overdue: now.getTime() > due.getTime() };
}
