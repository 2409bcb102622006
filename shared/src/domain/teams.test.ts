import { DomainError } from './errors';
import { MUTATION_ROLES, Role, TEAM_SCOPED, assertTeamRole, authorizeMutation, strongerRole } from './permissions';
import {
  assertMayChangeDefaultPolicy,
  assertMayDeletePolicy,
  assertMayGrantTeamRole,
  assertTeamMembersOnly,
  compareMyTeamsFirst,
  isAfterCursor,
  teamFilterSet,
  teamRank,
} from './teams';

const outcome = (f: () => unknown): unknown => {
  try {
    return f();
  } catch (e) {
    const d = e as DomainError;
    return `${d.code}:${String(d.details?.needed ?? '')}`;
  }
};

describe('team-scoped roles', () => {
  it.each<[Role | null, Role[], string, unknown]>([
    // global role suffices: team roles are irrelevant
    ['LEAD', [], 'updateSchedule', 'GLOBAL'],
    ['ADMIN', ['VIEWER'], 'deleteEscalationPolicy', 'GLOBAL'],
    // a team LEAD role lets a global RESPONDER/VIEWER through to the team check
    ['RESPONDER', ['LEAD'], 'updateSchedule', 'TEAM'],
    ['VIEWER', ['VIEWER', 'LEAD'], 'addScheduleOverride', 'TEAM'],
    ['RESPONDER', ['ADMIN'], 'rotateIntegrationKey', 'TEAM'],
    // a team role that is not enough in any team
    ['RESPONDER', ['RESPONDER'], 'updateSchedule', 'FORBIDDEN:LEAD'],
    ['RESPONDER', [], 'updateSchedule', 'FORBIDDEN:LEAD'],
    // not team-scoped: team roles never count
    ['RESPONDER', ['LEAD'], 'createSchedule', 'FORBIDDEN:LEAD'],
    ['RESPONDER', ['ADMIN'], 'createUser', 'FORBIDDEN:ADMIN'],
    ['RESPONDER', ['LEAD'], 'setScheduleTeam', 'FORBIDDEN:LEAD'],
    // not signed in / not in the matrix
    [null, ['LEAD'], 'updateSchedule', 'UNAUTHENTICATED:'],
    ['RESPONDER', ['LEAD'], 'noSuchMutation', 'FORBIDDEN:'],
  ])('global %s, team roles %j, %s → %s', (role, teamRoles, mutation, expected) => {
    expect(outcome(() => authorizeMutation(role, teamRoles, mutation))).toBe(expected);
  });

  it.each<[Role, Role | null, Role, unknown]>([
    ['RESPONDER', 'LEAD', 'LEAD', undefined],
    ['RESPONDER', null, 'LEAD', 'FORBIDDEN:LEAD'],
    ['RESPONDER', 'RESPONDER', 'LEAD', 'FORBIDDEN:LEAD'],
    ['LEAD', null, 'LEAD', undefined],
    ['LEAD', 'VIEWER', 'LEAD', undefined],
    ['VIEWER', 'ADMIN', 'LEAD', undefined],
  ])('in the owning team: global %s, team role %s, needs %s → %s', (role, teamRole, needed, expected) => {
    expect(outcome(() => assertTeamRole(role, teamRole, needed, 'x'))).toBe(expected);
  });

  it('picks the stronger role', () => {
    expect(strongerRole(null, null)).toBeNull();
    expect(strongerRole('VIEWER', null)).toBe('VIEWER');
    expect(strongerRole(null, 'LEAD')).toBe('LEAD');
    expect(strongerRole('RESPONDER', 'LEAD')).toBe('LEAD');
    expect(strongerRole('ADMIN', 'LEAD')).toBe('ADMIN');
  });

  it('only scopes mutations that are in the matrix and need a role', () => {
    for (const m of TEAM_SCOPED) expect(['VIEWER', 'RESPONDER', 'LEAD']).toContain(MUTATION_ROLES[m]);
  });
});

describe('team filter', () => {
  it.each<[number[] | null, boolean | null, number[], number[] | null]>([
    [null, null, [1, 2], null],
    [null, false, [1, 2], null],
    [[3], null, [1], [3]],
    [null, true, [1, 2, 2], [1, 2]],
    [null, true, [], []],
    [[2, 3], true, [1, 2], [2]],
    [[3], true, [1, 2], []],
    [[], null, [1], []],
  ])('teamIds %j, mine %s, my teams %j → %j', (teamIds, mine, myTeams, expected) => {
    expect(teamFilterSet(teamIds, mine, myTeams)).toEqual(expected);
  });
});

describe('my teams first', () => {
  const now = new Date('2026-11-29T00:00:00.000Z');
  const at = (s: number): Date => new Date(now.getTime() - s * 1000);

  it.each<[(number | null)[], number[], 0 | 1]>([
    [[1], [1], 0],
    [[null, 2], [1, 2], 0],
    [[null], [1], 1],
    [[], [1], 1],
    [[3], [], 1],
  ])('incident teams %j, mine %j → rank %s', (incidentTeams, myTeams, rank) => {
    expect(teamRank(incidentTeams, myTeams)).toBe(rank);
  });

  it('orders mine first, then newest, then highest id (ties to the second)', () => {
    const rows = [
      { rank: 1 as const, detectedAt: at(0), id: 5 },
      { rank: 0 as const, detectedAt: at(100), id: 1 },
      { rank: 0 as const, detectedAt: at(1), id: 2 },
      { rank: 0 as const, detectedAt: at(1), id: 3 },
      { rank: 1 as const, detectedAt: at(1), id: 4 },
    ];
    expect([...rows].sort(compareMyTeamsFirst).map((r) => r.id)).toEqual([3, 2, 1, 5, 4]);
  });

  it('pages strictly after the cursor', () => {
    const cursor = { rank: 0 as const, detectedAt: at(1), id: 2 };
    expect(isAfterCursor({ rank: 0, detectedAt: at(1), id: 2 }, cursor)).toBe(false);
    expect(isAfterCursor({ rank: 0, detectedAt: at(1), id: 1 }, cursor)).toBe(true);
    expect(isAfterCursor({ rank: 0, detectedAt: at(0), id: 9 }, cursor)).toBe(false);
    expect(isAfterCursor({ rank: 1, detectedAt: at(0), id: 9 }, cursor)).toBe(true);
  });
});

const refusal = (f: () => unknown): unknown => {
  try {
    f();
    return 'OK';
  } catch (e) {
    const d = e as DomainError;
    return `${d.code}:${d.field}:${String(d.details?.needed)}`;
  }
};

describe('the default escalation policy', () => {
  it.each<[Role, boolean, boolean | null | undefined, string]>([
    // naming no change, or the value it has, changes nothing: anyone who may edit the policy may send it
    ['LEAD', true, undefined, 'OK'],
    ['LEAD', true, null, 'OK'],
    ['LEAD', true, true, 'OK'],
    ['RESPONDER', false, false, 'OK'],
    // setting or clearing it routes every team's incidents: admins only
    ['LEAD', false, true, 'FORBIDDEN:isDefault:ADMIN'],
    ['LEAD', true, false, 'FORBIDDEN:isDefault:ADMIN'],
    ['RESPONDER', false, true, 'FORBIDDEN:isDefault:ADMIN'],
    ['ADMIN', false, true, 'OK'],
    ['ADMIN', true, false, 'OK'],
  ])('%s, default now %s, asks %s → %s', (role, now, requested, expected) => {
    expect(refusal(() => assertMayChangeDefaultPolicy(role, now, requested))).toBe(expected);
  });

  it.each<[Role, boolean, string]>([
    ['LEAD', false, 'OK'],
    ['LEAD', true, 'FORBIDDEN:id:ADMIN'],
    ['RESPONDER', true, 'FORBIDDEN:id:ADMIN'],
    ['ADMIN', true, 'OK'],
  ])('%s deletes a policy (default: %s) → %s', (role, isDefault, expected) => {
    expect(refusal(() => assertMayDeletePolicy(role, isDefault))).toBe(expected);
  });
});

describe('granting team roles', () => {
  it.each<[Role, Role | null, Role | null, string]>([
    ['LEAD', null, 'LEAD', 'OK'],
    ['LEAD', null, 'RESPONDER', 'OK'],
    ['LEAD', 'LEAD', null, 'OK'],
    ['LEAD', 'ADMIN', 'ADMIN', 'OK'],
    // above the caller's own role, either way
    ['LEAD', null, 'ADMIN', 'FORBIDDEN:role:ADMIN'],
    ['LEAD', 'LEAD', 'ADMIN', 'FORBIDDEN:role:ADMIN'],
    ['LEAD', 'ADMIN', 'LEAD', 'FORBIDDEN:role:ADMIN'],
    ['LEAD', 'ADMIN', null, 'FORBIDDEN:role:ADMIN'],
    ['RESPONDER', null, 'LEAD', 'FORBIDDEN:role:LEAD'],
    ['ADMIN', null, 'ADMIN', 'OK'],
    ['ADMIN', 'ADMIN', null, 'OK'],
  ])('%s changes %s → %s: %s', (role, current, next, expected) => {
    expect(refusal(() => assertMayGrantTeamRole(role, current, next))).toBe(expected);
  });
});

describe('a team role puts only team members on call in its schedules', () => {
  const rita = { id: 1, name: 'Rita' };
  const otto = { id: 2, name: 'Otto' };
  const max = { id: 3, name: 'Max' };
  it.each<[string, Array<{ id: number; name: string }>, number[], unknown]>([
    ['every person a member', [rita, otto], [1, 2, 5], 'ok'],
    ['nobody named', [], [], 'ok'],
    ['one outsider', [rita, otto], [1], 'FORBIDDEN:LEAD'],
    ['a team with no members', [rita], [], 'FORBIDDEN:LEAD'],
  ])('%s: %s', (_, people, members, expected) => {
    const result = outcome(() => assertTeamMembersOnly('participantIds', people, members, 'Payments'));
    expect(result ?? 'ok').toBe(expected);
  });

  it('the refusal names the field, each outsider once, the team and the rule', () => {
    try {
      assertTeamMembersOnly('participantIds', [rita, otto, max, otto], [1], 'Payments');
      throw new Error('not refused');
    } catch (e) {
      const err = e as DomainError;
      expect(err.field).toBe('participantIds');
      expect(err.message).toBe(
        "participantIds: Otto (user 2), Max (user 3) are not members of team Payments. A team role may put only the team's members on its schedules; add them to the team first, or ask someone with the global LEAD role.",
      );
      expect(err.details).toEqual({ rule: 'TEAM_SCHEDULE_MEMBERS_ONLY', needed: 'LEAD', notMembers: [2, 3] });
    }
  });
});
