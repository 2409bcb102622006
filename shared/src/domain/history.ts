import { validationError } from './errors';

/**
 * How much of an incident's histories one read returns: the newest `last` entries (oldest first among them), by
 * default and at most. A timeline grows with every alert repeat and page, so a read never returns it without bound;
 * the query cost counts the page it asks for (server/src/graphql/cost.ts).
 */
export const HISTORY_PAGES = {
  timeline: { byDefault: 500, max: 2000 },
  alerts: { byDefault: 50, max: 500 },
  notifications: { byDefault: 100, max: 1000 },
} as const;

export type History = keyof typeof HISTORY_PAGES;

/** The number of newest entries to return for `last` (the default when not given); VALIDATION on `last` otherwise. */
export function historyPage(history: History, last: number | null | undefined): number {
  const { byDefault, max } = HISTORY_PAGES[history];
  if (last === null || last === undefined) return byDefault;
  if (!Number.isInteger(last) || last < 1 || last > max)
    throw validationError('last', `last must be a whole number from 1 to ${max} (the newest ${history} entries).`);
  return last;
}
