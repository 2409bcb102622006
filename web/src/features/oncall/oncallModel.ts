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
