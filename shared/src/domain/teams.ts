/**
 * Team rules that need no database: which teams an incident filter means, and the "my teams first" ordering
 * (an incident is "mine" when one of its services is owned by one of the caller's teams).
 */

/**
 * The set of team ids an incident filter restricts to, or null for "no team restriction". `teamIds` and
 * `mine` combine like every other filter field: both given means the listed teams that are also the caller's.
 * An empty result means "match nothing" (a filter never widens to everything by accident).
 */
export function teamFilterSet(teamIds: readonly number[] | null | undefined, mine: boolean | null | undefined, myTeamIds: readonly number[]): number[] | null {
  const listed = teamIds === null || teamIds === undefined ? null : [...new Set(teamIds)];
  if (mine !== true) return listed;
  const mineSet = [...new Set(myTeamIds)];
  return listed === null ? mineSet : listed.filter((id) => mineSet.includes(id));
}

/** 0 for an incident owned (through a service) by one of my teams, 1 otherwise: sorted ascending, mine come first. */
export function teamRank(incidentTeamIds: readonly (number | null)[], myTeamIds: readonly number[]): 0 | 1 {
  return incidentTeamIds.some((t) => t !== null && myTeamIds.includes(t)) ? 0 : 1;
}

export interface RankedIncident {
  rank: 0 | 1;
  detectedAt: Date;
  id: number;
}

/** The list order with myTeamsFirst: my teams' incidents first, then newest detection first, then highest id. */
export function compareMyTeamsFirst(a: RankedIncident, b: RankedIncident): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  const t = b.detectedAt.getTime() - a.detectedAt.getTime();
  return t !== 0 ? t : b.id - a.id;
}

/** Whether `row` comes strictly after `cursor` in the myTeamsFirst order (keyset pagination). */
export function isAfterCursor(row: RankedIncident, cursor: RankedIncident): boolean {
  return compareMyTeamsFirst(row, cursor) > 0;
}
