import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer, userWithToken } from '../support/server';

jest.setTimeout(60_000);

const POLICIES = `{ escalationPolicies { id name isDefault repeat team { id } levels { name targets { kind id } } } }`;
const UPDATE_POLICY = `mutation($id: ID!, $input: EscalationPolicyPatch!) { updateEscalationPolicy(id: $id, input: $input) { id name isDefault repeat } }`;
const CREATE_POLICY = `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`;
const DELETE_POLICY = `mutation($id: ID!) { deleteEscalationPolicy(id: $id) }`;
const ROLE = `mutation($t: ID!, $u: ID!, $r: Role) { setTeamMemberRole(teamId: $t, userId: $u, role: $r) { id } }`;
const MEMBER = `mutation($t: ID!, $u: ID!, $m: Boolean, $l: Boolean) { setTeamMember(teamId: $t, userId: $u, member: $m, isLead: $l) { id } }`;
const TEAMS = `{ teams { id members { user { id } isLead } memberRoles { user { id } role } } }`;
const SCHEDULES = `{ schedules { id name description rotations { id name shiftUnit shiftCount handoffTime timeZone startDate participants { id } } } }`;

type Caller = { id: number; headers: Record<string, string> };

/**
 * The access boundary between teams (issue 13): a lead of team A cannot change what routes team B's incidents,
 * the global default policy is an admin's, team roles are granted only up to the granter's own, and a partial
 * update changes only what it names.
 */
describe.each(testDatabaseKinds())('team scope on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock(new Date('2026-11-29T00:00:00.000Z'));
  let rita: Caller; // global RESPONDER, LEAD of team A (Payments)
  let lena: Caller; // global LEAD
  let otto: Caller;
  const ids: Record<string, string> = {};

  const call = (query: string, variables: Record<string, unknown> = {}, as?: Caller) =>
    gql(server.graphqlUrl, query, variables, as?.headers);
  const ok = async (query: string, variables: Record<string, unknown> = {}, as?: Caller) => {
    const r = await call(query, variables, as);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const refused = async (
    query: string,
    variables: Record<string, unknown>,
    as: Caller | undefined,
    extensions: Record<string, unknown>,
  ) => {
    const r = await call(query, variables, as);
    expect(r.errors?.[0]?.extensions).toMatchObject(extensions);
  };
  const level = (name: string, schedule: string) => ({ name, targets: [{ kind: 'SCHEDULE', id: schedule }] });
  const policies = async () => (await ok(POLICIES)).escalationPolicies;
  const defaultPolicy = async () =>
    (await policies()).filter((p: { isDefault: boolean }) => p.isDefault).map((p: { id: string }) => p.id);

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    rita = await userWithToken(server, 'Rita', 'RESPONDER');
    lena = await userWithToken(server, 'Lena', 'LEAD');
    otto = await userWithToken(server, 'Otto', 'RESPONDER');
    const d = await ok(`mutation {
      a: createTeam(name: "Payments") { id } b: createTeam(name: "Search") { id }
      sa: createSchedule(input: { name: "payments-primary" }) { id }
      sa2: createSchedule(input: { name: "payments-secondary" }) { id }
      sa3: createSchedule(input: { name: "payments-spare" }) { id }
      sb: createSchedule(input: { name: "search-primary", description: "Search's pager" }) { id }
    }`);
    Object.assign(ids, { teamA: d.a.id, teamB: d.b.id, sa: d.sa.id, sa2: d.sa2.id, sa3: d.sa3.id, sb: d.sb.id });
    for (const s of ['sa', 'sa2', 'sa3'])
      await ok(`mutation($id: ID!, $t: ID) { setScheduleTeam(id: $id, teamId: $t) { id } }`, {
        id: ids[s],
        t: ids.teamA,
      });
    await ok(`mutation($id: ID!, $t: ID) { setScheduleTeam(id: $id, teamId: $t) { id } }`, {
      id: ids.sb,
      t: ids.teamB,
    });
    // Search's policy is the global default and also pages Payments' secondary schedule at level 2.
    ids.pB = (
      await ok(CREATE_POLICY, {
        input: {
          name: 'search',
          isDefault: true,
          repeat: 1,
          levels: [level('on call', ids.sb), level('payments backup', ids.sa2)],
        },
      })
    ).createEscalationPolicy.id;
    ids.pA = (
      await ok(CREATE_POLICY, {
        input: { name: 'payments', levels: [level('on call', ids.sa), level('spare', ids.sa3)] },
      })
    ).createEscalationPolicy.id;
    await ok(`mutation($id: ID!, $t: ID) { setEscalationPolicyTeam(id: $id, teamId: $t) { id } }`, {
      id: ids.pB,
      t: ids.teamB,
    });
    await ok(`mutation($id: ID!, $t: ID) { setEscalationPolicyTeam(id: $id, teamId: $t) { id } }`, {
      id: ids.pA,
      t: ids.teamA,
    });
    await ok(MEMBER, { t: ids.teamA, u: rita.id });
    await ok(ROLE, { t: ids.teamA, u: rita.id, r: 'LEAD' });
  });
  afterAll(async () => server?.dispose());

  it("a team A lead cannot make their policy the default (it would clear team B's): FORBIDDEN naming isDefault, nothing written", async () => {
    const before = await policies();
    const mine = before.find((p: { id: string }) => p.id === ids.pA);
    // The attack as it worked before: the whole policy sent back with isDefault flipped.
    const full = {
      name: mine.name,
      isDefault: true,
      levels: mine.levels.map((l: { name: string; targets: Array<{ id: string }> }) => level(l.name, l.targets[0].id)),
    };
    await refused(UPDATE_POLICY, { id: ids.pA, input: full }, rita, {
      code: 'FORBIDDEN',
      field: 'isDefault',
      needed: 'ADMIN',
    });
    await refused(UPDATE_POLICY, { id: ids.pA, input: { isDefault: true } }, rita, {
      code: 'FORBIDDEN',
      field: 'isDefault',
    });
    expect(await policies()).toEqual(before);
    expect(await defaultPolicy()).toEqual([ids.pB]);
    // Their own, non-default policy they may edit.
    await ok(UPDATE_POLICY, { id: ids.pA, input: { name: 'payments path' } }, rita);
    await ok(UPDATE_POLICY, { id: ids.pA, input: { name: 'payments' } }, rita);
  });

  it('only an admin sets or clears the global default; a global lead is refused too, with nothing written', async () => {
    const before = await policies();
    await refused(CREATE_POLICY, { input: { name: 'lena', isDefault: true, levels: [level('x', ids.sb)] } }, lena, {
      code: 'FORBIDDEN',
      field: 'isDefault',
      needed: 'ADMIN',
    });
    await refused(
      `mutation($s: ID!, $t: ID!, $u: ID!) { createProcedureEscalationPolicy(input: { name: "lena2", isDefault: true, onCallScheduleIds: [$s], teamIds: [$t], engineeringManagerUserIds: [$u], ctoUserIds: [$u] }) { id } }`,
      { s: ids.sb, t: ids.teamB, u: String(lena.id) },
      lena,
      { code: 'FORBIDDEN', field: 'isDefault' },
    );
    await refused(UPDATE_POLICY, { id: ids.pA, input: { isDefault: true } }, lena, {
      code: 'FORBIDDEN',
      field: 'isDefault',
    });
    await refused(UPDATE_POLICY, { id: ids.pB, input: { isDefault: false } }, lena, {
      code: 'FORBIDDEN',
      field: 'isDefault',
    });
    // Deleting the default clears it just the same.
    await refused(DELETE_POLICY, { id: ids.pB }, lena, { code: 'FORBIDDEN', field: 'id', needed: 'ADMIN' });
    expect(await policies()).toEqual(before);
    // Naming the value it already has changes nothing and is allowed; a lead may still create non-default policies.
    await ok(UPDATE_POLICY, { id: ids.pB, input: { isDefault: true } }, lena);
    const made = (
      await ok(CREATE_POLICY, { input: { name: 'lena', isDefault: false, levels: [level('x', ids.sb)] } }, lena)
    ).createEscalationPolicy.id;
    await ok(DELETE_POLICY, { id: made }, lena);

    // The admin moves the default: one default at a time, the old one cleared in the same change.
    expect((await ok(UPDATE_POLICY, { id: ids.pA, input: { isDefault: true } })).updateEscalationPolicy.isDefault).toBe(
      true,
    );
    expect(await defaultPolicy()).toEqual([ids.pA]);
    await ok(UPDATE_POLICY, { id: ids.pB, input: { isDefault: true } });
    expect(await defaultPolicy()).toEqual([ids.pB]);
  });

  it('the default policy routes every team: a team lead may not edit or delete it even when their team owns it', async () => {
    await ok(UPDATE_POLICY, { id: ids.pA, input: { isDefault: true } });
    const before = await policies();
    await refused(UPDATE_POLICY, { id: ids.pA, input: { name: 'renamed', levels: [level('only me', ids.sa)] } }, rita, {
      code: 'FORBIDDEN',
      field: 'id',
    });
    await refused(DELETE_POLICY, { id: ids.pA }, rita, { code: 'FORBIDDEN' });
    expect(await policies()).toEqual(before);
    // A global lead may edit its levels (not its default flag).
    await ok(UPDATE_POLICY, { id: ids.pA, input: { repeat: 1 } }, lena);
    await ok(UPDATE_POLICY, { id: ids.pA, input: { repeat: 0 } }, lena);
    await ok(UPDATE_POLICY, { id: ids.pB, input: { isDefault: true } });
  });

  it("a team A lead cannot delete their schedule while team B's policy pages it; their own on-call they still run", async () => {
    await refused(`mutation($id: ID!) { deleteSchedule(id: $id) }`, { id: ids.sa2 }, rita, {
      code: 'FORBIDDEN',
      field: 'id',
    });
    expect((await ok(SCHEDULES)).schedules.map((s: { id: string }) => s.id)).toContain(ids.sa2);
    await ok(
      `mutation($s: ID!, $u: ID!) { addScheduleOverride(scheduleId: $s, input: { kind: ADD, userId: $u, startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-12-02T00:00:00Z" }) { id } }`,
      { s: ids.sa2, u: String(rita.id) },
      rita,
    );
    // A schedule only their own (non-default) policy uses is theirs to delete.
    await ok(`mutation($id: ID!) { deleteSchedule(id: $id) }`, { id: ids.sa3 }, rita);
  });

  it("a team lead puts only the team's members on its schedules: FORBIDDEN naming the field, nothing written; a global lead may", async () => {
    const nina = await userWithToken(server, 'Nina', 'RESPONDER');
    const ADD_ROTATION = `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: { name: "weekly", shiftUnit: WEEKLY, handoffTime: "10:00", timeZone: "Europe/Berlin", startDate: "2026-11-30", participantIds: $p }) { id } }`;
    const OVERRIDE = `mutation($s: ID!, $k: OverrideKind!, $u: ID!, $r: ID) { addScheduleOverride(scheduleId: $s, input: { kind: $k, userId: $u, replacedUserId: $r, startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-12-02T00:00:00Z" }) { id } }`;
    const state = async () =>
      (
        await ok(
          `query($id: ID!) { schedule(id: $id) { rotations { name participants { id } } overrides { kind } } }`,
          { id: ids.sa },
        )
      ).schedule;
    const before = await state();

    const r = await call(ADD_ROTATION, { s: ids.sa, p: [String(rita.id), String(nina.id)] }, rita);
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      field: 'participantIds',
      rule: 'TEAM_SCHEDULE_MEMBERS_ONLY',
      notMembers: [nina.id],
    });
    expect(r.errors?.[0]?.message).toContain('Nina');
    await refused(OVERRIDE, { s: ids.sa, k: 'ADD', u: String(nina.id) }, rita, {
      code: 'FORBIDDEN',
      field: 'userId',
      rule: 'TEAM_SCHEDULE_MEMBERS_ONLY',
    });
    await refused(OVERRIDE, { s: ids.sa, k: 'REPLACE', u: String(nina.id), r: String(rita.id) }, rita, {
      code: 'FORBIDDEN',
      field: 'userId',
    });
    expect(await state()).toEqual(before);

    // Their own members they schedule as ever; a rotation of members cannot be widened to an outsider later.
    const rid = (await ok(ADD_ROTATION, { s: ids.sa, p: [String(rita.id)] }, rita)).addRotation.id;
    await refused(
      `mutation($id: ID!, $p: [ID!]) { updateRotation(id: $id, input: { participantIds: $p }) { id } }`,
      { id: rid, p: [String(rita.id), String(nina.id)] },
      rita,
      { code: 'FORBIDDEN', field: 'participantIds', rule: 'TEAM_SCHEDULE_MEMBERS_ONLY' },
    );
    await ok(
      `mutation($id: ID!) { updateRotation(id: $id, input: { name: "weekly rota" }) { id } }`,
      { id: rid },
      rita,
    );
    await ok(OVERRIDE, { s: ids.sa, k: 'REMOVE', u: String(nina.id) }, rita);

    // Someone with the global LEAD role (or an admin) may put anyone on call.
    await ok(ADD_ROTATION, { s: ids.sa, p: [String(nina.id)] }, lena);
    await ok(OVERRIDE, { s: ids.sa, k: 'ADD', u: String(nina.id) });
  });

  it('team roles: a lead grants up to their own; only an admin grants or takes away team ADMIN', async () => {
    await ok(MEMBER, { t: ids.teamA, u: otto.id });
    const roles = async () => (await ok(TEAMS)).teams.find((t: { id: string }) => t.id === ids.teamA).memberRoles;
    const ottoRole = async () =>
      (await roles()).find((r: { user: { id: string } }) => r.user.id === String(otto.id))?.role;

    await refused(ROLE, { t: ids.teamA, u: otto.id, r: 'ADMIN' }, lena, {
      code: 'FORBIDDEN',
      field: 'role',
      needed: 'ADMIN',
    });
    expect(await ottoRole()).toBeNull();
    await ok(ROLE, { t: ids.teamA, u: otto.id, r: 'LEAD' }, lena);
    expect(await ottoRole()).toBe('LEAD');
    // A team role is not a licence to grant roles: setTeamMemberRole needs the global LEAD role.
    await refused(ROLE, { t: ids.teamA, u: otto.id, r: 'RESPONDER' }, rita, { code: 'FORBIDDEN', needed: 'LEAD' });

    await ok(ROLE, { t: ids.teamA, u: otto.id, r: 'ADMIN' });
    await refused(ROLE, { t: ids.teamA, u: otto.id, r: 'LEAD' }, lena, {
      code: 'FORBIDDEN',
      field: 'role',
      needed: 'ADMIN',
    });
    await refused(ROLE, { t: ids.teamA, u: otto.id, r: null }, lena, {
      code: 'FORBIDDEN',
      field: 'role',
      needed: 'ADMIN',
    });
    // Removing the member would take the team ADMIN role away just the same.
    await refused(MEMBER, { t: ids.teamA, u: otto.id, m: false }, lena, {
      code: 'FORBIDDEN',
      field: 'role',
      needed: 'ADMIN',
    });
    expect(await ottoRole()).toBe('ADMIN');
    await ok(ROLE, { t: ids.teamA, u: otto.id, r: null });
    await ok(MEMBER, { t: ids.teamA, u: otto.id, m: false }, lena);
  });

  it('a partial update changes only what it names: policy, schedule, rotation, team member', async () => {
    // A global lead renames the default policy, sending levels but not isDefault or repeat.
    const pB = (await policies()).find((p: { id: string }) => p.id === ids.pB);
    const levels = [level('on call', ids.sb), level('payments backup', ids.sa2)];
    await ok(UPDATE_POLICY, { id: ids.pB, input: { name: 'search path', levels } }, lena);
    expect((await policies()).find((p: { id: string }) => p.id === ids.pB)).toEqual({ ...pB, name: 'search path' });
    await ok(UPDATE_POLICY, { id: ids.pB, input: { name: null, repeat: null, isDefault: null } }, lena);
    expect((await policies()).find((p: { id: string }) => p.id === ids.pB)).toEqual({ ...pB, name: 'search path' });

    // A schedule's description survives a rename; null clears it.
    const schedule = async () => (await ok(SCHEDULES)).schedules.find((s: { id: string }) => s.id === ids.sb);
    await ok(
      `mutation($id: ID!) { updateSchedule(id: $id, input: { name: "search-oncall" }) { id } }`,
      { id: ids.sb },
      lena,
    );
    expect(await schedule()).toMatchObject({ name: 'search-oncall', description: "Search's pager" });
    await ok(
      `mutation($id: ID!) { updateSchedule(id: $id, input: { description: null }) { id } }`,
      { id: ids.sb },
      lena,
    );
    expect(await schedule()).toMatchObject({ name: 'search-oncall', description: null });

    // A rotation keeps every setting it is not told to change; the merged rotation is validated as a whole.
    const rid = (
      await ok(
        `mutation($s: ID!, $u: ID!) { addRotation(scheduleId: $s, input: { name: "halves", shiftUnit: HOURLY, shiftCount: 12, handoffTime: "08:30", timeZone: "Europe/Berlin", startDate: "2026-11-30", participantIds: [$u] }) { id } }`,
        { s: ids.sb, u: String(otto.id) },
        lena,
      )
    ).addRotation.id;
    const rotation = async () => (await schedule()).rotations.find((r: { id: string }) => r.id === rid);
    const was = await rotation();
    await ok(`mutation($id: ID!) { updateRotation(id: $id, input: { name: "12h" }) { id } }`, { id: rid }, lena);
    expect(await rotation()).toEqual({ ...was, name: '12h' });
    await ok(
      `mutation($id: ID!, $u: [ID!]) { updateRotation(id: $id, input: { participantIds: $u }) { id } }`,
      { id: rid, u: [String(rita.id), String(otto.id)] },
      lena,
    );
    expect(await rotation()).toEqual({
      ...was,
      name: '12h',
      participants: [{ id: String(rita.id) }, { id: String(otto.id) }],
    });
    await refused(
      `mutation($id: ID!) { updateRotation(id: $id, input: { handoffTime: "8am" }) { id } }`,
      { id: rid },
      lena,
      { code: 'VALIDATION', field: 'handoffTime' },
    );
    expect((await rotation()).handoffTime).toBe('08:30');

    // setTeamMember without isLead keeps the lead flag (level 2 of team B's escalation pages its leads).
    await ok(MEMBER, { t: ids.teamB, u: lena.id, l: true });
    await ok(MEMBER, { t: ids.teamB, u: lena.id });
    const members = (await ok(TEAMS)).teams.find((t: { id: string }) => t.id === ids.teamB).members;
    expect(members).toEqual([{ user: { id: String(lena.id) }, isLead: true }]);
  });
});
