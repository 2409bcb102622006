import {
  IncidentStatus,
  Severity,
  SlaClock,
  acknowledgeClock,
  formatDuration,
  severityRank,
  slaClock,
} from '@vigil/shared';

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
  roles?: Array<{ role: string; user: { name: string } }>;
  escalation?: WallEscalation | null;
}

export interface WallEscalation {
  active: boolean;
  currentLevel: number;
  nextLevel?: number | null;
  nextLevelName?: string | null;
  nextAt?: string | null;
  pages: Array<{ level: number; levelName?: string | null; at: string; paged: Array<{ name: string }> }>;
}

/** Severity first (P0 on top), then the oldest first: the order a NOC reads a wall in. */
export function orderForWall<T extends Pick<WallIncident, 'severity' | 'detectedAt' | 'id'>>(incidents: T[]): T[] {
  return [...incidents].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.detectedAt.localeCompare(b.detectedAt) ||
      a.id.localeCompare(b.id),
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
  return label(slaClock(new Date(deadline), doneAt ? new Date(doneAt) : null, now), doneAt);
}

/** The acknowledge cell: as `countdown`, but stopped at the resolution when monitoring resolved it unacknowledged. */
export function acknowledgeCountdown(
  deadline: string,
  acknowledgedAt: string | null,
  resolvedAt: string | null,
  now: Date,
): CountdownView {
  const clock = acknowledgeClock(
    new Date(deadline),
    acknowledgedAt ? new Date(acknowledgedAt) : null,
    resolvedAt ? new Date(resolvedAt) : null,
    now,
  );
  return label(clock, acknowledgedAt ?? resolvedAt);
}

function label(clock: SlaClock, doneAt: string | null): CountdownView {
  if (clock.state === 'NOT_NEEDED') return { label: 'not needed: resolved by monitoring first', state: clock.state };
  if (clock.state === 'MET') return { label: 'met', state: clock.state };
  if (clock.state === 'BREACHED' && doneAt)
    return { label: `late by ${formatDuration(-clock.remainingMs)}`, state: clock.state };
  if (clock.state === 'BREACHED')
    return { label: `BREACHED ${formatDuration(-clock.remainingMs)} ago`, state: clock.state };
  return { label: `${formatDuration(clock.remainingMs)} left`, state: clock.state };
}

export interface LadderView {
  /** "L2 Team lead", or "not paged yet". */
  level: string;
  /** Who the current level paged; "nobody available" when the level found no one. */
  paged: string;
  /** "L3 Engineering manager in 4m 10s", "L3 … firing", or why it will not climb. */
  next: string;
  state: 'CLIMBING' | 'DUE' | 'STOPPED';
}

/** The escalation ladder as a wall row shows it at `now`. */
export function ladderView(escalation: WallEscalation, now: Date): LadderView {
  const last = [...escalation.pages].reverse().find((p) => p.level === escalation.currentLevel);
  const level =
    escalation.currentLevel > 0
      ? `L${escalation.currentLevel}${last?.levelName ? ` ${last.levelName}` : ''}`
      : 'not paged yet';
  const paged = !last ? '—' : last.paged.length ? last.paged.map((p) => p.name).join(', ') : 'nobody available';
  if (!escalation.active || !escalation.nextAt || !escalation.nextLevel)
    return { level, paged, next: escalation.active ? 'last level' : 'paging stopped', state: 'STOPPED' };
  const name = `L${escalation.nextLevel}${escalation.nextLevelName ? ` ${escalation.nextLevelName}` : ''}`;
  const left = new Date(escalation.nextAt).getTime() - now.getTime();
  if (left <= 0) return { level, paged, next: `${name} firing`, state: 'DUE' };
  return { level, paged, next: `${name} in ${formatDuration(left)}`, state: 'CLIMBING' };
}

/** Who commands the incident, from its roles. */
export function commanderOf(incident: Pick<WallIncident, 'roles'>): string | null {
  return incident.roles?.find((r) => r.role === 'COMMANDER')?.user.name ?? null;
}

/** The other role holders, as the wall prints them: "scribe Ana · comms Ben". */
export function supportRoles(incident: Pick<WallIncident, 'roles'>): string {
  const short: Record<string, string> = { SCRIBE: 'scribe', COMMUNICATIONS: 'comms' };
  return (incident.roles ?? [])
    .filter((r) => short[r.role])
    .map((r) => `${short[r.role]} ${r.user.name}`)
    .join(' · ');
}

/** Replaces one incident's ladder after an escalationChanged push. */
export function mergeEscalation<T extends Pick<WallIncident, 'id' | 'escalation'>>(
  list: T[],
  incidentId: string,
  escalation: WallEscalation | null,
): T[] {
  return list.map((i) => (i.id === incidentId ? { ...i, escalation } : i));
}

export interface TickerEvent {
  id: string;
  incidentId: string;
  type: string;
  message: string;
  actorName: string;
  at: string;
}

/**
 * The ticker's lines: the events heard live and the history read on load, together, newest first, each once (an
 * event can arrive both ways around the moment the wall opens), at most `limit`.
 */
export function tickerLines(live: TickerEvent[], history: TickerEvent[], limit: number): TickerEvent[] {
  const byId = new Map<string, TickerEvent>();
  for (const e of [...live, ...history]) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => b.at.localeCompare(a.at) || Number(b.id) - Number(a.id)).slice(0, limit);
}
