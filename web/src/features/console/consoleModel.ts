import { IncidentStatus, Severity } from '@vigil/shared';
import { orderForWall } from '../incidents/wallModel';

/** What a form shows after a rejected mutation: messages next to their fields, the rest above the buttons. */
export interface FormErrors {
  fields: Record<string, string>;
  general: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, general: null };

interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown> | null;
}

/**
 * Splits an Apollo error into per-field messages (by `extensions.field`) for the fields this form has; anything
 * else (a field the form lacks, a network failure) becomes the general message.
 */
export function formErrors(error: unknown, formFields: readonly string[]): FormErrors {
  const list = graphQLErrors(error);
  if (!list)
    return { fields: {}, general: error instanceof Error ? error.message : 'Something went wrong; try again.' };
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const e of list) {
    const field = typeof e.extensions?.field === 'string' ? e.extensions.field : null;
    if (field && formFields.includes(field) && !fields[field]) fields[field] = e.message;
    else general.push(e.message);
  }
  return { fields, general: general.length ? general.join(' ') : null };
}

function graphQLErrors(error: unknown): readonly GraphQLErrorLike[] | null {
  if (!error || typeof error !== 'object') return null;
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.every((e) => e && typeof (e as GraphQLErrorLike).message === 'string'))
    return errors as GraphQLErrorLike[];
  return null;
}

/** The verb on a transition button: "Start investigating", "Mark mitigated". */
export function transitionVerb(to: IncidentStatus): string {
  return {
    TRIGGERED: 'Trigger',
    ACKNOWLEDGED: 'Acknowledge',
    INVESTIGATING: 'Start investigating',
    IDENTIFIED: 'Root cause identified',
    MITIGATED: 'Mark mitigated',
    RESOLVED: 'Resolve',
  }[to];
}

/** Merges live timeline events into the loaded ones: by id, oldest first, no duplicates. */
export function mergeTimeline<T extends { id: string }>(loaded: readonly T[], live: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const e of [...loaded, ...live]) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

interface TeamOwned {
  services: ReadonlyArray<{ team?: { id: string; name: string } | null }>;
}

/** The names of the caller's teams that own one of the incident's services (the list marks those rows "yours"). */
export function myTeamsOf(incident: TeamOwned, myTeamIds: readonly string[]): string[] {
  const names = incident.services.flatMap((s) => (s.team && myTeamIds.includes(s.team.id) ? [s.team.name] : []));
  return [...new Set(names)];
}

/**
 * The console list's order: open incidents first, by severity then age (the wall's order), then resolved ones as the
 * server gave them (newest first). An incident that resolved while both lists were on screen shows once, resolved.
 */
export function consoleOrder<T extends { id: string; severity: Severity; detectedAt: string; status: IncidentStatus }>(
  open: T[],
  resolved: T[],
): T[] {
  const done = new Set(resolved.map((i) => i.id));
  return [...orderForWall(open.filter((i) => i.status !== 'RESOLVED' && !done.has(i.id))), ...resolved];
}

/**
 * An incident's services as a responder reads them: the primary one first and marked (its escalation policy is the
 * one that pages), the others by name. An incident whose primary service is unknown marks none.
 */
export function servicesPrimaryFirst<S extends { id: string; name: string }>(
  services: readonly S[],
  primary: { id: string } | null | undefined,
): Array<S & { primary: boolean }> {
  const marked = services.map((s) => ({ ...s, primary: s.id === primary?.id }));
  return marked.sort((a, b) => Number(b.primary) - Number(a.primary) || a.name.localeCompare(b.name));
}
