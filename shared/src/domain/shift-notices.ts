import { MINUTE, formatUtc } from './time';

/**
 * At most one hand-off notice ("on call now", "off call") per person and schedule in this window: a manager adding
 * and removing rotations must not be able to text or ring someone at will, yet a real hand-off a day is never held.
 */
export const SHIFT_NOTICE_WINDOW_MS = 10 * MINUTE;

/** The start of the reason a held notice is recorded with (an outbox row SKIPPED, never left out). */
export const SHIFT_NOTICE_HELD = 'rate-limited';

/**
 * Why a hand-off notice to one person on one schedule is held at `now`, or null when it may go: `toldAt` are the
 * times that person was sent (not held) a notice on that schedule. The window is half-open: exactly
 * `windowMs` after the last one, the next may go.
 */
export function shiftNoticeHold(
  toldAt: readonly Date[],
  now: Date,
  scheduleName: string,
  windowMs: number = SHIFT_NOTICE_WINDOW_MS,
): string | null {
  const recent = toldAt
    .map((t) => t.getTime())
    .filter((t) => t <= now.getTime() && now.getTime() - t < windowMs)
    .sort((a, b) => b - a);
  if (!recent.length) return null;
  const last = recent[0];
  return (
    `${SHIFT_NOTICE_HELD}: already told about ${scheduleName} at ${formatUtc(new Date(last))}; at most one ` +
    `hand-off notice per person and schedule every ${Math.round(windowMs / MINUTE)} minutes ` +
    `(the next from ${formatUtc(new Date(last + windowMs))})`
  );
}

/** What pagedScheduleIds reads of an escalation policy. */
interface PolicyTargets {
  levels: ReadonlyArray<{ targets: ReadonlyArray<{ kind: string; id: number }> }>;
}

/**
 * The schedules some escalation policy pages. Only their hand-offs are said out loud: a schedule no policy uses
 * puts nobody on call for anything, so telling people of it is noise (and a way to text them at will).
 */
export function pagedScheduleIds(policies: readonly PolicyTargets[]): Set<number> {
  return new Set(
    policies.flatMap((p) => p.levels.flatMap((l) => l.targets.filter((t) => t.kind === 'SCHEDULE').map((t) => t.id))),
  );
}
