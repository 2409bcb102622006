import { IncidentStatus, Severity, SlaClock, formatDuration, severityRank, slaClock } from '@vigil/shared';

export interface WallIncident {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  detectedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  acknowledgeBy: string;
  resolveBy: string;
  services: Array<{ id: string; name: string }>;
  statusUpdate: { nextUpdateDueAt: string | null; overdue: boolean };
}

/** Severity first (P0 on top), then the oldest first: the order a NOC reads a wall in. */
export function orderForWall<T extends Pick<WallIncident, 'severity' | 'detectedAt' | 'id'>>(incidents: T[]): T[] {
  return [...incidents].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.detectedAt.localeCompare(b.detectedAt) || a.id.localeCompare(b.id),
  );
}

/** Replaces or adds one incident; resolved ones leave the wall. */
export function mergeIncident<T extends Pick<WallIncident, 'id' | 'status'>>(list: T[], changed: T): T[] {
  const rest = list.filter((i) => i.id !== changed.id);
  return changed.status === 'RESOLVED' ? rest : [...rest, changed];
}

export interface CountdownView {
  label: string;
  state: SlaClock['state'];
}

/** "12m 04s left", "BREACHED 3m 10s ago", "met": what a countdown cell shows at `now`. */
export function countdown(deadline: string, doneAt: string | null, now: Date): CountdownView {
  const clock = slaClock(new Date(deadline), doneAt ? new Date(doneAt) : null, now);
  if (clock.state === 'MET') return { label: 'met', state: clock.state };
  if (clock.state === 'BREACHED' && doneAt) return { label: `late by ${formatDuration(-clock.remainingMs)}`, state: clock.state };
  if (clock.state === 'BREACHED') return { label: `BREACHED ${formatDuration(-clock.remainingMs)} ago`, state: clock.state };
  return { label: `${formatDuration(clock.remainingMs)} left`, state: clock.state };
}

/** "live", or how old the data is while the connection is down. */
export function staleness(lastLiveAt: Date | null, now: Date): string {
  if (!lastLiveAt) return 'never connected';
  return `data is ${formatDuration(now.getTime() - lastLiveAt.getTime())} old`;
}
