/** Durations in milliseconds, spelled out so policy tables read like the procedure. */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Anything that tells the time. Domain code takes `now` as an argument; services take a Clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests and simulations. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string | number) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
  set(at: Date | string | number): void {
    this.current = new Date(at).getTime();
  }
}

/** "1h 05m", "4m 09s", "45s": a duration as responders read it. Negative durations get a leading minus. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.floor(Math.abs(ms) / SECOND);
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${sign}${days}d ${pad(hours)}h`;
  if (hours > 0) return `${sign}${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${sign}${minutes}m ${pad(seconds)}s`;
  return `${sign}${seconds}s`;
}

/**
 * The one way Vigil shows a moment to people: "2026-12-04 15:08 UTC", 24-hour, UTC, the zone named once. Takes a
 * Date or an ISO string (what GraphQL gives the web app).
 */
export function formatUtc(at: Date | string): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * "15:08:27": the time of day of the same format, for a screen that already names the zone once (the wall's clock,
 * an incident's timeline under its "detected … UTC").
 */
export function formatUtcTime(at: Date | string): string {
  return new Date(at).toISOString().slice(11, 19);
}

/**
 * "2026-12-04 15:08": what a time field shows and accepts — formatUtc's format, the zone named by the label. With
 * `seconds`, "2026-12-04 15:08:23", for records (a post-mortem's timeline) that must read back to the second.
 */
export function formatUtcInput(at: Date | string, precision: 'minutes' | 'seconds' = 'minutes'): string {
  return new Date(at)
    .toISOString()
    .slice(0, precision === 'seconds' ? 19 : 16)
    .replace('T', ' ');
}

/** What a person typed into a time field, read: the moment, or why it is not one (said the way the field asks). */
export type UtcInput = { ok: true; at: Date } | { ok: false; error: string };

const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(?:UTC|Z))?$/i;

/**
 * Reads a time typed as Vigil shows times: "2026-12-04 15:08", 24-hour, UTC — never the browser's locale (a
 * `datetime-local` field shows "12/04/2026, 03:08 PM" in en-US and means local time). Seconds, a "T" and a
 * trailing "UTC" or "Z" are accepted, so a value copied from anywhere Vigil shows one reads back. A date that does
 * not exist (2026-02-30, 24:00) is refused, not rolled over.
 */
export function parseUtcInput(text: string): UtcInput {
  const m = UTC_INPUT.exec(text.trim());
  const format = 'Write the time as YYYY-MM-DD HH:MM, 24-hour, in UTC (for example 2026-12-04 15:08).';
  if (!m) return { ok: false, error: format };
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const exists =
    at.getUTCFullYear() === year &&
    at.getUTCMonth() === month - 1 &&
    at.getUTCDate() === day &&
    at.getUTCHours() === hour &&
    at.getUTCMinutes() === minute &&
    at.getUTCSeconds() === second;
  if (!exists) return { ok: false, error: `There is no such time: ${text.trim()}. ${format}` };
  return { ok: true, at };
}
