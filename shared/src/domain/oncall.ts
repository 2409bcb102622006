import { DateTime } from 'luxon';
import { validationError } from './errors';
import { DAY, HOUR } from './time';

/** How long one shift lasts, before its count: every 12 HOURLY, every 1 WEEKLY … */
export const ShiftUnit = { HOURLY: 'HOURLY', DAILY: 'DAILY', WEEKLY: 'WEEKLY' } as const;
export type ShiftUnit = (typeof ShiftUnit)[keyof typeof ShiftUnit];

/** ADD puts someone on call too, REMOVE takes someone off, REPLACE swaps one person for another. */
export const OverrideKind = { ADD: 'ADD', REMOVE: 'REMOVE', REPLACE: 'REPLACE' } as const;
export type OverrideKind = (typeof OverrideKind)[keyof typeof OverrideKind];

/** A rotation: participants take turns, handing off at a local wall-clock time in an IANA zone. */
export interface RotationSpec {
  shiftUnit: ShiftUnit;
  /** Shift length in units (e.g. 12 with HOURLY). */
  shiftCount: number;
  /** Local hand-off time, HH:mm. */
  handoffTime: string;
  timeZone: string;
  /** Local date (YYYY-MM-DD) of the first hand-off; nobody is on call in this rotation before it. */
  startDate: string;
  /** User ids in turn order. */
  participants: readonly number[];
  /** When the rotation was added to its schedule: nobody was on call through it before (hand-off notices). */
  addedAt?: Date | null;
}

/** A time-boxed exception to the rotations, [startsAt, endsAt). */
export interface OverrideSpec {
  kind: OverrideKind;
  /** Who comes on call (ADD, REPLACE) or goes off (REMOVE). */
  userId: number;
  /** REPLACE only: who is replaced. */
  replacedUserId?: number | null;
  startsAt: Date;
  endsAt: Date;
}

export interface ScheduleSpec {
  rotations: readonly RotationSpec[];
  overrides: readonly OverrideSpec[];
}

/** One stretch of time with the same people on call. */
export interface OnCallSegment {
  start: Date;
  end: Date;
  userIds: number[];
}

const UNIT_MS: Record<ShiftUnit, number> = { HOURLY: HOUR, DAILY: DAY, WEEKLY: 7 * DAY };
const MAX_STEPS = 10_000;

/** Checks a rotation's shape; throws VALIDATION naming the field. */
export function validateRotation(r: RotationSpec): void {
  if (!Object.values(ShiftUnit).includes(r.shiftUnit))
    throw validationError('shiftUnit', 'shiftUnit must be HOURLY, DAILY or WEEKLY.');
  if (!Number.isInteger(r.shiftCount) || r.shiftCount < 1 || r.shiftCount > 1000)
    throw validationError('shiftCount', 'shiftCount must be a whole number from 1 to 1000.');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(r.handoffTime))
    throw validationError('handoffTime', 'handoffTime must be HH:mm (00:00–23:59).');
  if (!isTimeZone(r.timeZone))
    throw validationError('timeZone', `${r.timeZone} is not an IANA time zone (e.g. Europe/Berlin).`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.startDate) || !DateTime.fromISO(r.startDate).isValid)
    throw validationError('startDate', 'startDate must be a date, YYYY-MM-DD.');
  // A rotation anchored centuries away costs every on-call lookup the walk from there (a lead's "0001-01-01" with
  // hourly shifts cost the whole server seconds of CPU per query).
  const year = Number(r.startDate.slice(0, 4));
  if (year < 2000 || year > 2100)
    throw validationError('startDate', 'startDate must be between 2000-01-01 and 2100-12-31.');
  if (r.participants.length < 1 || r.participants.length > 200)
    throw validationError('participants', 'A rotation needs 1 to 200 participants.');
}

/** True for names luxon (ICU) knows as IANA zones, including "UTC". */
export function isTimeZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length <= 64 && DateTime.now().setZone(zone).isValid;
}

function anchor(r: RotationSpec): DateTime {
  return DateTime.fromISO(`${r.startDate}T${r.handoffTime}`, { zone: r.timeZone });
}

/** The k-th hand-off; DAILY and WEEKLY keep the local wall-clock time across DST, HOURLY counts real hours. */
function handoff(r: RotationSpec, k: number): number {
  const a = anchor(r);
  const n = k * r.shiftCount;
  const t =
    r.shiftUnit === 'HOURLY'
      ? a.plus({ hours: n })
      : r.shiftUnit === 'DAILY'
        ? a.plus({ days: n })
        : a.plus({ weeks: n });
  return t.toMillis();
}

/** The shift of a rotation containing `at`: who holds it and its bounds; null before the rotation starts. */
export function rotationShiftAt(
  r: RotationSpec,
  at: Date,
): { index: number; userId: number; start: Date; end: Date } | null {
  if (!r.participants.length) return null;
  const t = at.getTime();
  const first = handoff(r, 0);
  if (t < first) return null;
  let k = Math.floor((t - first) / (UNIT_MS[r.shiftUnit] * r.shiftCount));
  while (k > 0 && handoff(r, k) > t) k--;
  while (handoff(r, k + 1) <= t) k++;
  return {
    index: k,
    userId: r.participants[k % r.participants.length],
    start: new Date(handoff(r, k)),
    end: new Date(handoff(r, k + 1)),
  };
}

function activeAt(o: OverrideSpec, t: number): boolean {
  return o.startsAt.getTime() <= t && t < o.endsAt.getTime();
}

/** Who is on call at `at`: each rotation's holder, then overrides (replace, then remove, then add). */
export function whoIsOnCall(schedule: ScheduleSpec, at: Date): number[] {
  const t = at.getTime();
  const ids: number[] = [];
  for (const r of schedule.rotations) {
    const shift = rotationShiftAt(r, at);
    if (shift && !ids.includes(shift.userId)) ids.push(shift.userId);
  }
  const active = schedule.overrides.filter((o) => activeAt(o, t));
  for (const o of active.filter((x) => x.kind === 'REPLACE')) {
    const i = ids.indexOf(o.replacedUserId ?? -1);
    if (i < 0) continue;
    if (ids.includes(o.userId)) ids.splice(i, 1);
    else ids[i] = o.userId;
  }
  for (const o of active.filter((x) => x.kind === 'REMOVE')) {
    const i = ids.indexOf(o.userId);
    if (i >= 0) ids.splice(i, 1);
  }
  for (const o of active.filter((x) => x.kind === 'ADD')) if (!ids.includes(o.userId)) ids.push(o.userId);
  return ids;
}

/** The first instant after `at` at which a rotation hands off or an override begins or ends. */
function nextBoundary(schedule: ScheduleSpec, at: Date): number | null {
  const t = at.getTime();
  let best = Infinity;
  for (const r of schedule.rotations) {
    if (!r.participants.length) continue;
    const shift = rotationShiftAt(r, at);
    best = Math.min(best, shift ? shift.end.getTime() : handoff(r, 0));
  }
  for (const o of schedule.overrides) {
    for (const b of [o.startsAt.getTime(), o.endsAt.getTime()]) if (b > t) best = Math.min(best, b);
  }
  return best === Infinity ? null : best;
}

/** The latest instant at or before `at` at which a rotation handed off or an override began or ended. */
function previousBoundary(schedule: ScheduleSpec, at: Date): number | null {
  const t = at.getTime();
  let best = -Infinity;
  for (const r of schedule.rotations) {
    const shift = rotationShiftAt(r, at);
    if (shift) best = Math.max(best, shift.start.getTime());
  }
  for (const o of schedule.overrides) {
    for (const b of [o.startsAt.getTime(), o.endsAt.getTime()]) if (b <= t) best = Math.max(best, b);
  }
  return best === -Infinity ? null : best;
}

const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The stretches of [from, to) with the same people on call, merged across hand-offs that change nobody. */
export function onCallSegments(schedule: ScheduleSpec, from: Date, to: Date): OnCallSegment[] {
  const out: OnCallSegment[] = [];
  let t = from.getTime();
  for (let step = 0; t < to.getTime() && step < MAX_STEPS; step++) {
    const userIds = whoIsOnCall(schedule, new Date(t));
    const nb = nextBoundary(schedule, new Date(t));
    const end = Math.min(nb ?? Infinity, to.getTime());
    const last = out[out.length - 1];
    if (last && last.end.getTime() === t && sameSet(last.userIds, userIds)) last.end = new Date(end);
    else out.push({ start: new Date(t), end: new Date(end), userIds });
    t = end;
  }
  return out;
}

/** The shift in progress at `at` (bounds are when the on-call set last/next changes), searching up to `horizonMs` each way. */
export function currentShift(schedule: ScheduleSpec, at: Date, horizonMs = 90 * DAY): OnCallSegment {
  const userIds = whoIsOnCall(schedule, at);
  let start = previousBoundary(schedule, at);
  for (let step = 0; start !== null && step < MAX_STEPS; step++) {
    if (at.getTime() - start > horizonMs || !sameSet(whoIsOnCall(schedule, new Date(start - 1)), userIds)) break;
    const earlier = previousBoundary(schedule, new Date(start - 1));
    if (earlier === null) break;
    start = earlier;
  }
  start ??= at.getTime();
  const ahead = onCallSegments(schedule, at, new Date(at.getTime() + horizonMs));
  return { start: new Date(start), end: ahead[0]?.end ?? new Date(at.getTime() + horizonMs), userIds };
}

/** The next hand-off after `at`: when the on-call set changes and who is on call then; null if nothing changes within the horizon. */
export function nextHandoff(schedule: ScheduleSpec, at: Date, horizonMs = 90 * DAY): OnCallSegment | null {
  const segments = onCallSegments(schedule, at, new Date(at.getTime() + horizonMs));
  return segments[1] ?? null;
}

/** One change of who is on call: at `at`, who comes on and who goes off. */
export interface Handoff {
  at: Date;
  starting: number[];
  ending: number[];
}

/**
 * The hand-offs in (from, to]: each instant the on-call set changes, with who comes on call and who goes off (a
 * person on call on both sides is in neither). A hand-off at exactly `to` is included, one at `from` is not, so
 * consecutive windows see each hand-off once.
 */
export function handoffsBetween(schedule: ScheduleSpec, from: Date, to: Date): Handoff[] {
  const out: Handoff[] = [];
  const segments = onCallSegments(schedule, from, new Date(to.getTime() + 1));
  for (let i = 1; i < segments.length; i++) {
    const before = segments[i - 1].userIds;
    const after = segments[i].userIds;
    out.push({
      at: segments[i].start,
      starting: after.filter((u) => !before.includes(u)),
      ending: before.filter((u) => !after.includes(u)),
    });
  }
  return out;
}

/** A change of who is on call as people are told of it; `rotationAdded`: a rotation was added at that instant. */
export interface AnnouncedHandoff extends Handoff {
  rotationAdded: boolean;
}

/**
 * The hand-offs in (from, to] as people are to hear of them: each instant is read against the schedule as it was
 * then, so a rotation added a moment ago is not read back into the past (its hand-off before it existed is no
 * hand-off, and nobody is told "you are off call" for a shift they never had). Adding a rotation is itself a change:
 * whoever it puts on call is told at once, and nobody goes off call by it.
 */
export function announcedHandoffs(schedule: ScheduleSpec, from: Date, to: Date): AnnouncedHandoff[] {
  const known = (t: number): ScheduleSpec => ({
    ...schedule,
    rotations: schedule.rotations.filter((r) => !r.addedAt || r.addedAt.getTime() <= t),
  });
  const added = schedule.rotations
    .map((r) => r.addedAt?.getTime())
    .filter((t): t is number => t !== undefined && t > from.getTime() && t <= to.getTime());
  // Every instant the schedule changed as known at some point of the window, and every addition.
  const instants = new Set(added);
  for (const version of [from.getTime(), ...added])
    for (const h of handoffsBetween(known(version), from, to)) instants.add(h.at.getTime());
  const out: AnnouncedHandoff[] = [];
  for (const t of [...instants].sort((a, b) => a - b)) {
    const before = whoIsOnCall(known(t - 1), new Date(t - 1));
    const after = whoIsOnCall(known(t), new Date(t));
    const starting = after.filter((u) => !before.includes(u));
    const ending = before.filter((u) => !after.includes(u));
    if (!starting.length && !ending.length) continue;
    const rotationAdded = schedule.rotations.some((r) => r.addedAt?.getTime() === t);
    out.push({ at: new Date(t), starting, ending, rotationAdded });
  }
  return out;
}
