/** Maintenance windows: while one is active for a service, its alerts are recorded but page nobody. */
export interface MaintenanceWindowLike {
  startsAt: Date;
  /** null: open-ended ("immediate" maintenance that someone ends by hand). */
  endsAt: Date | null;
}

/** A window covers [startsAt, endsAt): it starts at its first millisecond and is over at its end. */
export function isWindowActive(window: MaintenanceWindowLike, at: Date): boolean {
  const t = at.getTime();
  return window.startsAt.getTime() <= t && (window.endsAt === null || t < window.endsAt.getTime());
}

/** True when any of the windows is active at `at`. */
export function isInMaintenance(windows: readonly MaintenanceWindowLike[], at: Date): boolean {
  return windows.some((w) => isWindowActive(w, at));
}

/** The windows active at `at`. */
export function activeWindows<T extends MaintenanceWindowLike>(windows: readonly T[], at: Date): T[] {
  return windows.filter((w) => isWindowActive(w, at));
}

/** Checks a window's times; returns the field at fault and why, or null when it is fine. */
export function maintenanceWindowProblem(
  startsAt: Date,
  endsAt: Date | null,
): { field: string; message: string } | null {
  if (Number.isNaN(startsAt.getTime())) return { field: 'startsAt', message: 'startsAt must be a date.' };
  if (endsAt !== null && Number.isNaN(endsAt.getTime())) return { field: 'endsAt', message: 'endsAt must be a date.' };
  if (endsAt !== null && endsAt.getTime() <= startsAt.getTime())
    return { field: 'endsAt', message: 'endsAt must be after startsAt.' };
  return null;
}
