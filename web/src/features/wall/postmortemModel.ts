import { formatDuration } from '@vigil/shared';

export type ItemCategory = 'IMMEDIATE' | 'SHORT_TERM' | 'LONG_TERM';
type ItemStatus = 'OPEN' | 'IN_PROGRESS' | 'DONE' | 'WONT_DO';

export interface WallActionItem {
  id: string;
  title: string;
  category: ItemCategory;
  status: ItemStatus;
  createdAt: string;
  closedAt: string | null;
  dueAt: string;
}

const DAY = 86_400_000;
const CATEGORIES: ItemCategory[] = ['IMMEDIATE', 'SHORT_TERM', 'LONG_TERM'];
export const CATEGORY_WORDS: Record<ItemCategory, string> = {
  IMMEDIATE: 'Immediate',
  SHORT_TERM: 'Short-term',
  LONG_TERM: 'Long-term',
};

/** Age bands matching the server's ActionItemAging: under 7 days, under 30, under 90, older. */
export const AGE_BANDS = [
  { key: 'FRESH', label: '<7d', maxDays: 7 },
  { key: 'WEEK_OLD', label: '7–30d', maxDays: 30 },
  { key: 'MONTH_OLD', label: '30–90d', maxDays: 90 },
  { key: 'STALE', label: '90d+', maxDays: Infinity },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]['key'];

export interface DueCountdown {
  label: string;
  state: 'PENDING' | 'SOON' | 'OVERDUE' | 'PUBLISHED';
}

/** A post-mortem's 48 h clock: "due in 31h 04m", "SOON" under 6 h, "OVERDUE 2h 10m", or published. */
export function postmortemDue(dueAt: string, publishedAt: string | null, now: Date): DueCountdown {
  if (publishedAt) return { label: 'published', state: 'PUBLISHED' };
  const left = new Date(dueAt).getTime() - now.getTime();
  if (left <= 0) return { label: `OVERDUE ${formatDuration(-left)}`, state: 'OVERDUE' };
  return { label: `due in ${formatDuration(left)}`, state: left <= 6 * 3_600_000 ? 'SOON' : 'PENDING' };
}

const isOpenItem = (i: Pick<WallActionItem, 'status'>) => i.status === 'OPEN' || i.status === 'IN_PROGRESS';

/** The band of an item `ageMs` old. */
export function ageBand(ageMs: number): AgeBand {
  return AGE_BANDS.find((b) => ageMs < b.maxDays * DAY)!.key;
}

export interface CategoryAging {
  category: ItemCategory;
  open: number;
  overdue: number;
  bands: Record<AgeBand, number>;
  oldestAgeMs: number | null;
}

/** Open items per category (immediate / short-term / long-term), by age band, with how many are past due. */
export function agingByCategory(items: WallActionItem[], now: Date): CategoryAging[] {
  return CATEGORIES.map((category) => {
    const open = items.filter((i) => i.category === category && isOpenItem(i));
    const bands: Record<AgeBand, number> = { FRESH: 0, WEEK_OLD: 0, MONTH_OLD: 0, STALE: 0 };
    let oldest: number | null = null;
    for (const i of open) {
      const age = Math.max(0, now.getTime() - new Date(i.createdAt).getTime());
      bands[ageBand(age)] += 1;
      oldest = oldest === null ? age : Math.max(oldest, age);
    }
    const overdue = open.filter((i) => new Date(i.dueAt).getTime() < now.getTime()).length;
    return { category, open: open.length, overdue, bands, oldestAgeMs: oldest };
  });
}

export interface BurndownPoint {
  label: string;
  /** Items open at the end of the day. */
  open: number;
  /** Items done (or won't do) by the end of the day. */
  closed: number;
}

/** Open vs closed action items at the end of each of the last `days` UTC days, today last. */
export function burndown(items: WallActionItem[], now: Date, days: number): BurndownPoint[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const points: BurndownPoint[] = [];
  for (let d = days - 1; d >= 0; d -= 1) {
    const dayStart = today - d * DAY;
    // Today's point is "so far", not the end of a day that has not happened.
    const at = Math.min(dayStart + DAY, now.getTime() + 1);
    let open = 0;
    let closed = 0;
    for (const i of items) {
      if (new Date(i.createdAt).getTime() >= at) continue;
      if (i.closedAt && new Date(i.closedAt).getTime() < at) closed += 1;
      else open += 1;
    }
    points.push({ label: new Date(dayStart).toISOString().slice(5, 10), open, closed });
  }
  return points;
}
