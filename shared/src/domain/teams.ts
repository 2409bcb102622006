import { DomainError, ErrorCode } from './errors';
import { Role, roleAtLeast, strongerRole } from './permissions';

/**
 * Team rules that need no database: which teams an incident filter means, and the "my teams first" ordering
 * (an incident is "mine" when one of its services is owned by one of the caller's teams), and what a role may
 * change beyond one team: the default escalation policy and team roles.
 */

/**
 * The set of team ids an incident filter restricts to, or null for "no team restriction". `teamIds` and
 * `mine` combine like every other filter field: both given means the listed teams that are also the caller's.
 * An empty result means "match nothing" (a filter never widens to everything by accident).
 */
export function teamFilterSet(
  teamIds: readonly number[] | null | undefined,
  mine: boolean | null | undefined,
  myTeamIds: readonly number[],
): number[] | null {
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

/**
 * Only an admin makes a policy the default or stops it being one: the default policy routes every team's
 * incidents. `requested` undefined or null names no change; naming the value it already has changes nothing.
 */
export function assertMayChangeDefaultPolicy(
  role: Role,
  isDefaultNow: boolean,
  requested: boolean | null | undefined,
): void {
  if (requested === undefined || requested === null || requested === isDefaultNow) return;
  if (roleAtLeast(role, 'ADMIN')) return;
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    `Only an admin may ${requested ? 'make a policy the default' : 'clear the default policy'}: it routes every team's incidents; you are ${role}.`,
    'isDefault',
    { needed: 'ADMIN', role },
  );
}

/** Deleting the default policy clears the default: an admin only, like clearing it. */
export function assertMayDeletePolicy(role: Role, isDefault: boolean): void {
  if (!isDefault || roleAtLeast(role, 'ADMIN')) return;
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    `Only an admin may delete the default policy: it routes every team's incidents; you are ${role}.`,
    'id',
    { needed: 'ADMIN', role },
  );
}

/**
 * A lead grants team roles up to their own; team ADMIN only an admin grants or takes away. Both the member's
 * current team role and the new one (null: none, or removal from the team) must be within the caller's role.
 */
export function assertMayGrantTeamRole(role: Role, current: Role | null, next: Role | null): void {
  if (current === next) return;
  const highest = strongerRole(current, next);
  if (highest === null || roleAtLeast(role, highest)) return;
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    `Changing a team role ${current ?? 'none'} → ${next ?? 'none'} needs the ${highest} role; you are ${role}.`,
    'role',
    { needed: highest, role },
  );
}

/**
 * Whom a team role (not the global role) may put on call in its team's schedule: the team's members only. A team
 * lead runs the team's on-call; putting someone from elsewhere on it pages them for this team, which needs the
 * global LEAD role (or making them a member first). Throws FORBIDDEN naming the field, the people and the rule.
 */
export function assertTeamMembersOnly(
  field: string,
  people: ReadonlyArray<{ id: number; name: string }>,
  memberIds: readonly number[],
  teamName: string,
): void {
  const outside = people.filter((p, i) => !memberIds.includes(p.id) && people.findIndex((q) => q.id === p.id) === i);
  if (!outside.length) return;
  const names = outside.map((p) => `${p.name} (user ${p.id})`).join(', ');
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    `${field}: ${names} ${outside.length === 1 ? 'is not a member' : 'are not members'} of team ${teamName}. A team ` +
      `role may put only the team's members on its schedules; add them to the team first, or ask someone with the ` +
      `global LEAD role.`,
    field,
    { rule: 'TEAM_SCHEDULE_MEMBERS_ONLY', needed: 'LEAD', notMembers: outside.map((p) => p.id) },
  );
}
