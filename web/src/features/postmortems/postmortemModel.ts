import { ActionItemCategory, ActionItemStatus, defaultActionItemDue } from '@vigil/shared';

/** The board's columns, in the order work moves through them. */
export const BOARD_COLUMNS: ActionItemStatus[] = ['OPEN', 'IN_PROGRESS', 'DONE', 'WONT_DO'];

export const COLUMN_TITLES: Record<ActionItemStatus, string> = {
  OPEN: 'Open',
  IN_PROGRESS: 'In progress',
  DONE: 'Done',
  WONT_DO: "Won't do",
};

/** "2 h 05 min", "3 d 4 h", "45 s": an incident's length as a reader says it. Null for unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Groups items by status, each column keeping the order it was given. */
export function boardColumns<T extends { status: ActionItemStatus }>(
  items: readonly T[],
): Record<ActionItemStatus, T[]> {
  const out: Record<ActionItemStatus, T[]> = { OPEN: [], IN_PROGRESS: [], DONE: [], WONT_DO: [] };
  for (const item of items) out[item.status].push(item);
  return out;
}

/** The next state a click moves a card to: OPEN → IN_PROGRESS → DONE; closed cards do not move on a click. */
export function nextStatus(status: ActionItemStatus, allowed: readonly ActionItemStatus[]): ActionItemStatus | null {
  const want: ActionItemStatus | null = status === 'OPEN' ? 'IN_PROGRESS' : status === 'IN_PROGRESS' ? 'DONE' : null;
  return want && allowed.includes(want) ? want : null;
}

/** The category's default due date as a `<input type="date">` value (UTC day). */
export function defaultDueDate(category: ActionItemCategory, now: Date): string {
  return defaultActionItemDue(category, now).toISOString().slice(0, 10);
}

/** A date input's day as the end of that UTC day, so "due on the 5th" includes the 5th. Null when empty or invalid. */
export function dueDateToIso(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = new Date(`${day}T23:59:59.000Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "due in 3 d", "due in 5 h", "overdue by 2 d". */
export function dueLabel(dueAt: string, now: Date): string {
  const diff = new Date(dueAt).getTime() - now.getTime();
  const abs = Math.abs(diff);
  const span =
    abs >= 86_400_000
      ? `${Math.floor(abs / 86_400_000)} d`
      : abs >= 3_600_000
        ? `${Math.floor(abs / 3_600_000)} h`
        : `${Math.max(1, Math.floor(abs / 60_000))} min`;
  return diff >= 0 ? `due in ${span}` : `overdue by ${span}`;
}

/** Text input → the optional number the API wants: empty is null, anything else must parse. */
export function parseOptionalNumber(text: string): number | null | 'invalid' {
  const t = text.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : 'invalid';
}
