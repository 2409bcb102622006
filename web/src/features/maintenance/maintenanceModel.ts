/** Where a maintenance window stands at `now`: the page groups by this. */
export type WindowPhase = 'IN_PROGRESS' | 'SCHEDULED' | 'ENDED';

interface WindowTimes {
  startsAt: string;
  endsAt?: string | null;
}

/** In progress from its start (inclusive) to its end (exclusive, none while open-ended); scheduled before; ended after. */
export function windowPhase(w: WindowTimes, now: Date): WindowPhase {
  const t = now.getTime();
  if (t < Date.parse(w.startsAt)) return 'SCHEDULED';
  if (w.endsAt && t >= Date.parse(w.endsAt)) return 'ENDED';
  return 'IN_PROGRESS';
}

/** In progress first, then scheduled (soonest first), then ended (latest end first). */
export function orderWindows<T extends WindowTimes>(windows: readonly T[], now: Date): T[] {
  const rank: Record<WindowPhase, number> = { IN_PROGRESS: 0, SCHEDULED: 1, ENDED: 2 };
  return [...windows].sort((a, b) => {
    const pa = windowPhase(a, now);
    const pb = windowPhase(b, now);
    if (pa !== pb) return rank[pa] - rank[pb];
    if (pa === 'ENDED') return Date.parse(b.endsAt ?? b.startsAt) - Date.parse(a.endsAt ?? a.startsAt);
    return Date.parse(a.startsAt) - Date.parse(b.startsAt);
  });
}
