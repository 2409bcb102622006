import { OnCallSegment, ScheduleSpec, onCallSegments } from './oncall';
import { DAY } from './time';

/** One person's continuous time on call in one schedule: one calendar event. */
export interface OnCallStretch {
  userId: number;
  start: Date;
  end: Date;
}

/** The grid `stretchFloor` snaps to. */
export const STRETCH_FLOOR_GRID_MS = 30 * DAY;

/**
 * How far back a feed looks for the start of the stretches already running at `now`: the grid line 30–60 days
 * before it (UTC, from the epoch). Every request of a 30-day period gets the same instant, so a stretch's start,
 * and the event id made from it, does not move with the time of the request; a stretch running since before the
 * floor starts at the floor, and its id changes once when the floor moves on.
 */
export function stretchFloor(now: Date): Date {
  return new Date(Math.floor(now.getTime() / STRETCH_FLOOR_GRID_MS) * STRETCH_FLOOR_GRID_MS - STRETCH_FLOOR_GRID_MS);
}

/** Merges segments into each person's continuous stretches: a stretch lasts as long as they stay on call, whoever else comes and goes. */
export function stretchesOf(segments: readonly OnCallSegment[]): OnCallStretch[] {
  const done: OnCallStretch[] = [];
  const open = new Map<number, OnCallStretch>();
  for (const s of segments) {
    for (const [userId, stretch] of open) {
      if (!s.userIds.includes(userId) || stretch.end.getTime() !== s.start.getTime()) {
        done.push(stretch);
        open.delete(userId);
      }
    }
    for (const userId of s.userIds) {
      const stretch = open.get(userId);
      if (stretch) stretch.end = s.end;
      else open.set(userId, { userId, start: s.start, end: s.end });
    }
  }
  done.push(...open.values());
  return done.sort((a, b) => a.start.getTime() - b.start.getTime() || a.userId - b.userId);
}

/**
 * The stretches that overlap [from, to): each keeps its real start (looked for back to `floor`, see
 * stretchFloor), so the same stretch has the same start whenever it is asked for; the last ones end at `to`.
 */
export function onCallStretches(schedule: ScheduleSpec, floor: Date, from: Date, to: Date): OnCallStretch[] {
  const back = floor.getTime() < from.getTime() ? onCallSegments(schedule, floor, from) : [];
  const segments = [...back, ...onCallSegments(schedule, from, to)];
  return stretchesOf(segments).filter((s) => s.end.getTime() > from.getTime());
}

/** A calendar event id that names the schedule, the person and the stretch's start: the same on every fetch and replica. */
export function stretchUid(scheduleId: number, stretch: OnCallStretch, domain: string): string {
  return `vigil-schedule-${scheduleId}-user-${stretch.userId}-${stretch.start.getTime()}@${domain}`;
}
