import { DAY, formatUtc } from './time';
import { PublicStatus } from './lifecycle';
import { Severity } from './severity';

/** A component's state on the public status page, best to worst. */
export const ComponentState = {
  OPERATIONAL: 'OPERATIONAL',
  DEGRADED_PERFORMANCE: 'DEGRADED_PERFORMANCE',
  PARTIAL_OUTAGE: 'PARTIAL_OUTAGE',
  MAJOR_OUTAGE: 'MAJOR_OUTAGE',
} as const;
export type ComponentState = (typeof ComponentState)[keyof typeof ComponentState];
const ORDER: readonly ComponentState[] = ['OPERATIONAL', 'DEGRADED_PERFORMANCE', 'PARTIAL_OUTAGE', 'MAJOR_OUTAGE'];

/** How far back the "past incidents" section reaches. */
export const PAST_INCIDENT_DAYS = 14;

/** What one open incident of this severity does to a component: P0 major, P1 partial, P2/P3 degraded. */
export function componentStateForSeverity(severity: Severity): ComponentState {
  if (severity === 'P0') return 'MAJOR_OUTAGE';
  if (severity === 'P1') return 'PARTIAL_OUTAGE';
  return 'DEGRADED_PERFORMANCE';
}

/** The worst state any of a component's open incidents implies; operational when there are none. */
export function componentState(openSeverities: readonly Severity[]): ComponentState {
  return worstState(openSeverities.map(componentStateForSeverity));
}

/** The worst of several states (the page's headline); operational for none. */
export function worstState(states: readonly ComponentState[]): ComponentState {
  return states.reduce<ComponentState>((w, s) => (ORDER.indexOf(s) > ORDER.indexOf(w) ? s : w), 'OPERATIONAL');
}

/** The headline a visitor reads first. */
export function overallStatusText(state: ComponentState): string {
  return {
    OPERATIONAL: 'All systems operational',
    DEGRADED_PERFORMANCE: 'Degraded performance',
    PARTIAL_OUTAGE: 'Partial outage',
    MAJOR_OUTAGE: 'Major outage',
  }[state];
}

/** "Operational", "Major outage": the state as a word for people. */
export function componentStateLabel(state: ComponentState): string {
  return state === 'OPERATIONAL' ? 'Operational' : overallStatusText(state);
}

/** "Investigating", "Identified", "Monitoring", "Resolved": the procedure's status page words. */
export function publicStatusLabel(status: PublicStatus): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

/** "2026-02-01 10:04 UTC": the [Time] of the procedure's status page format, always UTC for a public audience. */
export function formatPublicTime(at: Date): string {
  return formatUtc(at);
}

/** The procedure's status page line: "[Time] - message". */
export function formatPublicUpdate(at: Date, message: string): string {
  return `[${formatPublicTime(at)}] - ${message}`;
}

/** The oldest resolution time still listed under past incidents at `now` (inclusive). */
export function pastIncidentsSince(now: Date): Date {
  return new Date(now.getTime() - PAST_INCIDENT_DAYS * DAY);
}

/**
 * The public name of an incident. Internal titles are often an alert's summary (host names, metrics), so the
 * page names only the impact and the affected components; the story is told by the published updates.
 */
export function publicIncidentTitle(impact: ComponentState, components: readonly string[]): string {
  const what = componentStateLabel(impact);
  return components.length ? `${what} affecting ${components.join(', ')}` : what;
}
