/** A Date as a `<input type="datetime-local">` value, in UTC (the console shows every time in UTC). */
export function utcInputValue(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** A `datetime-local` value read as UTC; null when empty or not a time. */
export function utcInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(`${value}:00.000Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** What an override does, in words: "Ann replaces Bob", "Ann added", "Bob removed". */
export function overrideText(
  kind: 'ADD' | 'REMOVE' | 'REPLACE',
  userName: string,
  replacedName: string | null,
): string {
  if (kind === 'REPLACE') return `${userName} replaces ${replacedName ?? 'someone'}`;
  if (kind === 'ADD') return `${userName} added`;
  return `${userName} removed`;
}

/** "every 1 week, hand-off 09:00 Europe/Paris". */
export function rotationText(r: {
  shiftUnit: 'HOURLY' | 'DAILY' | 'WEEKLY';
  shiftCount: number;
  handoffTime: string;
  timeZone: string;
}): string {
  const unit = { HOURLY: 'hour', DAILY: 'day', WEEKLY: 'week' }[r.shiftUnit];
  return `every ${r.shiftCount} ${unit}${r.shiftCount === 1 ? '' : 's'}, hand-off ${r.handoffTime} ${r.timeZone}`;
}
