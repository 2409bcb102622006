/**
 * The small change between two public status pages, for live listeners: what a Server-Sent Events stream sends
 * instead of the whole page. Generic over the page's item types so the server (Dates) and a browser (ISO strings)
 * use the same functions; items are compared by their JSON.
 */

/** The shape both the server's page and a browser's copy of it have; other fields are compared whole. */
export interface PublicPageShape<I extends { id: string } = { id: string }> {
  generatedAt: unknown;
  activeIncidents: I[];
  pastIncidents: I[];
}

/**
 * Only what differs: every other field of the page whole (state, headline, components, maintenance, counts), and
 * incidents one by one with the lists' new order.
 */
export type PublicPageChange<I extends { id: string } = { id: string }> = {
  generatedAt: unknown;
  /** Incidents new on the page or different from before, whole. */
  incidents?: I[];
  /** Ids of incidents no longer on the page. */
  removed?: string[];
  /** The new order of active incident ids, when it changed (an id moved, came or went). */
  activeIncidents?: string[];
  pastIncidents?: string[];
} & { [field: string]: unknown };

const LISTS = ['activeIncidents', 'pastIncidents'] as const;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const ids = <I extends { id: string }>(list: I[]): string[] => list.map((i) => i.id);

/** The change from `before` to `after`; null when only the generation time differs (nothing to tell anyone). */
export function diffPublicPage<I extends { id: string }, P extends PublicPageShape<I>>(
  before: P,
  after: P,
): PublicPageChange<I> | null {
  const change: PublicPageChange<I> = { generatedAt: after.generatedAt };
  let changed = false;
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of fields) {
    if (key === 'generatedAt' || (LISTS as readonly string[]).includes(key)) continue;
    const a = (before as Record<string, unknown>)[key];
    const b = (after as Record<string, unknown>)[key];
    if (!same(a, b)) {
      change[key] = b;
      changed = true;
    }
  }
  const old = new Map<string, I>([...before.activeIncidents, ...before.pastIncidents].map((i) => [i.id, i]));
  const now = [...after.activeIncidents, ...after.pastIncidents];
  const incidents = now.filter((i) => !old.has(i.id) || !same(old.get(i.id), i));
  const kept = new Set(ids(now));
  const removed = [...old.keys()].filter((id) => !kept.has(id));
  if (incidents.length) change.incidents = incidents;
  if (removed.length) change.removed = removed;
  for (const key of LISTS) {
    if (!same(ids(before[key]), ids(after[key]))) change[key] = ids(after[key]);
  }
  changed ||= incidents.length > 0 || removed.length > 0 || !!change.activeIncidents || !!change.pastIncidents;
  return changed ? change : null;
}

/** `page` with `change` applied: what `diffPublicPage(page, next)` was computed against gives `next` back. */
export function applyPublicPageChange<I extends { id: string }, P extends PublicPageShape<I>>(
  page: P,
  change: PublicPageChange<I>,
): P {
  const byId = new Map<string, I>([...page.activeIncidents, ...page.pastIncidents].map((i) => [i.id, i]));
  for (const id of change.removed ?? []) byId.delete(id);
  for (const incident of change.incidents ?? []) byId.set(incident.id, incident);
  const list = (order: string[] | undefined, current: I[]): I[] =>
    (order ?? ids(current)).map((id) => byId.get(id)).filter((i): i is I => i !== undefined);
  const { generatedAt, incidents: _incidents, removed: _removed, activeIncidents, pastIncidents, ...fields } = change;
  return {
    ...page,
    ...fields,
    generatedAt,
    activeIncidents: list(activeIncidents, page.activeIncidents),
    pastIncidents: list(pastIncidents, page.pastIncidents),
  };
}
