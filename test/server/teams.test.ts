import { ManualClock, TEAM_SCOPED, compareMyTeamsFirst } from '@vigil/shared';
import { RESOURCE_TEAM } from '../../server/src/teams/team-scope';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, sessionFor, startTestServer, userWithSession, userWithToken } from '../support/server';

const UPDATE_SCHEDULE = `mutation($id: ID!, $name: String!) { updateSchedule(id: $id, input: { name: $name }) { id name } }`;
const DELETE_SCHEDULE = `mutation($id: ID!) { deleteSchedule(id: $id) }`;
const SET_SCHEDULE_TEAM = `mutation($id: ID!, $t: ID) { setScheduleTeam(id: $id, teamId: $t) { id team { id name } } }`;
const SET_SERVICE_TEAM = `mutation($id: ID!, $t: ID) { setServiceTeam(id: $id, teamId: $t) { id team { id } } }`;
const SET_POLICY_TEAM = `mutation($id: ID!, $t: ID) { setEscalationPolicyTeam(id: $id, teamId: $t) { id team { id } } }`;
const MEMBER = `mutation($t: ID!, $u: ID!) { setTeamMember(teamId: $t, userId: $u) { id } }`;
const MEMBER_ROLE = `mutation($t: ID!, $u: ID!, $r: Role) { setTeamMemberRole(teamId: $t, userId: $u, role: $r) { id memberRoles { user { id } role } } }`;
const LIST = `query($f: IncidentFilter, $p: PageInput) { incidents(filter: $f, page: $p) { nodes { id detectedAt services { name } } pageInfo { endCursor hasNextPage } } }`;

it('every team-scoped mutation knows how to find its owning team', () => {
  expect(Object.keys(RESOURCE_TEAM).sort()).toEqual([...TEAM_SCOPED].sort());
});

describe.each(testDatabaseKinds())('teams on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock(new Date('2026-11-29T00:00:00.000Z'));
  let rita: { id: number; headers: Record<string, string> };
  let ids: Record<string, string>;

  const ok = async (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => {
    const r = await gql(server.graphqlUrl, query, variables, headers);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const scheduleName = async (id: string): Promise<string> =>
    (await ok(`{ schedules { id name } }`)).schedules.find((s: { id: string }) => s.id === id).name;

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    rita = await userWithToken(server, 'Rita', 'RESPONDER');
    const d = await ok(`mutation {
      a: createTeam(name: "Payments") { id } b: createTeam(name: "Search") { id }
      sa: createSchedule(input: { name: "payments-primary" }) { id } sb: createSchedule(input: { name: "search-primary" }) { id }
      pay: createService(input: { name: "payments-api" }) { id } srch: createService(input: { name: "search-api" }) { id }
      none: createService(input: { name: "status-site" }) { id }
    }`);
    ids = {
      teamA: d.a.id,
      teamB: d.b.id,
      schedA: d.sa.id,
      schedB: d.sb.id,
      payments: d.pay.id,
      search: d.srch.id,
      none: d.none.id,
    };
    await ok(SET_SCHEDULE_TEAM, { id: ids.schedA, t: ids.teamA });
    await ok(SET_SCHEDULE_TEAM, { id: ids.schedB, t: ids.teamB });
    await ok(SET_SERVICE_TEAM, { id: ids.payments, t: ids.teamA });
    await ok(SET_SERVICE_TEAM, { id: ids.search, t: ids.teamB });
    await ok(MEMBER, { t: ids.teamA, u: rita.id });
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('sets and clears ownership, and shows it from both sides', async () => {
    const team = await ok(
      `query { teams { id name services { name } schedules { name } escalationPolicies { name } } }`,
    );
    const a = team.teams.find((t: { id: string }) => t.id === ids.teamA);
    expect(a).toMatchObject({
      services: [{ name: 'payments-api' }],
      schedules: [{ name: 'payments-primary' }],
      escalationPolicies: [],
    });

    const policy = await ok(
      `mutation($s: ID!) { createEscalationPolicy(input: { name: "payments", levels: [{ name: "on call", targets: [{ kind: SCHEDULE, id: $s }] }] }) { id team { id } } }`,
      { s: ids.schedA },
    );
    expect(policy.createEscalationPolicy.team).toBeNull();
    const pid = policy.createEscalationPolicy.id;
    expect((await ok(SET_POLICY_TEAM, { id: pid, t: ids.teamA })).setEscalationPolicyTeam.team).toEqual({
      id: ids.teamA,
    });
    expect((await ok(SET_POLICY_TEAM, { id: pid, t: null })).setEscalationPolicyTeam.team).toBeNull();
    expect(
      (await ok(`{ escalationPolicies { id team { id } } }`)).escalationPolicies.find(
        (p: { id: string }) => p.id === pid,
      ).team,
    ).toBeNull();

    const missing = await gql(server.graphqlUrl, SET_SERVICE_TEAM, { id: ids.none, t: '999999' });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'teamId' });
    expect(
      (await ok(`{ services { id team { id } } }`)).services.find((s: { id: string }) => s.id === ids.none).team,
    ).toBeNull();
  });

  it("a team LEAD role lets a global RESPONDER change their team's schedule and not another team's", async () => {
    // Without a team role Rita is refused like any responder.
    const before = await gql(server.graphqlUrl, UPDATE_SCHEDULE, { id: ids.schedA, name: 'renamed' }, rita.headers);
    expect(before.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });

    const role = await ok(MEMBER_ROLE, { t: ids.teamA, u: rita.id, r: 'LEAD' });
    expect(role.setTeamMemberRole.memberRoles).toEqual([{ user: { id: String(rita.id) }, role: 'LEAD' }]);

    await ok(UPDATE_SCHEDULE, { id: ids.schedA, name: 'payments-renamed' }, rita.headers);
    expect(await scheduleName(ids.schedA)).toBe('payments-renamed');

    const other = await gql(server.graphqlUrl, UPDATE_SCHEDULE, { id: ids.schedB, name: 'hijacked' }, rita.headers);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    expect(await scheduleName(ids.schedB)).toBe('search-primary');
    const gone = await gql(server.graphqlUrl, DELETE_SCHEDULE, { id: ids.schedB }, rita.headers);
    expect(gone.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    expect(await scheduleName(ids.schedB)).toBe('search-primary');

    // Team roles never reach mutations that are not team-scoped, nor ownership itself.
    const create = await gql(
      server.graphqlUrl,
      `mutation { createSchedule(input: { name: "rogue" }) { id } }`,
      {},
      rita.headers,
    );
    expect(create.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    const steal = await gql(server.graphqlUrl, SET_SCHEDULE_TEAM, { id: ids.schedB, t: ids.teamA }, rita.headers);
    expect(steal.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    expect(
      (await ok(`{ schedules { id team { id } } }`)).schedules.find((s: { id: string }) => s.id === ids.schedB).team,
    ).toEqual({ id: ids.teamB });

    // Clearing the ownership takes the team role's reach away.
    await ok(SET_SCHEDULE_TEAM, { id: ids.schedA, t: null });
    const cleared = await gql(server.graphqlUrl, UPDATE_SCHEDULE, { id: ids.schedA, name: 'again' }, rita.headers);
    expect(cleared.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    expect(await scheduleName(ids.schedA)).toBe('payments-renamed');
    await ok(SET_SCHEDULE_TEAM, { id: ids.schedA, t: ids.teamA });

    // Removing the role (not the membership) does too.
    await ok(MEMBER_ROLE, { t: ids.teamA, u: rita.id, r: null });
    const removed = await gql(server.graphqlUrl, UPDATE_SCHEDULE, { id: ids.schedA, name: 'again' }, rita.headers);
    expect(removed.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    expect(await scheduleName(ids.schedA)).toBe('payments-renamed');
  });

  it('a team role reaches rotations (through their schedule) and integrations (through their service), not wall tokens', async () => {
    await ok(MEMBER_ROLE, { t: ids.teamA, u: rita.id, r: 'LEAD' });
    const rotation = `mutation($s: ID!) { addRotation(scheduleId: $s, input: { name: "weekly", shiftUnit: WEEKLY, handoffTime: "09:00", timeZone: "UTC", startDate: "2026-11-30", participantIds: ["${rita.id}"] }) { id } }`;
    const mine = await gql(server.graphqlUrl, rotation, { s: ids.schedA }, rita.headers);
    const theirs = await gql(server.graphqlUrl, rotation, { s: ids.schedB }, rita.headers);
    expect(theirs.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    expect(mine.errors).toBeUndefined();
    const rid = mine.data!.addRotation.id;
    expect(
      (await gql(server.graphqlUrl, `mutation($id: ID!) { removeRotation(id: $id) }`, { id: rid }, rita.headers))
        .errors,
    ).toBeUndefined();
    const rotations = (await ok(`{ schedules { id rotations { id } } }`)).schedules.find(
      (s: { id: string }) => s.id === ids.schedB,
    ).rotations;
    expect(rotations).toEqual([]);

    const integration = `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "pd", kind: PAGERDUTY_EVENTS_V2 }) { key } }`;
    expect((await gql(server.graphqlUrl, integration, { s: ids.payments }, rita.headers)).errors).toBeUndefined();
    const refused = await gql(server.graphqlUrl, integration, { s: ids.search }, rita.headers);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    expect((await ok(`query($s: ID!) { integrations(serviceId: $s) { id } }`, { s: ids.search })).integrations).toEqual(
      [],
    );

    const { secret } = await server.app.auth.createToken(rita.id, 'WALL', 'wall', 1);
    const wall = await gql(
      server.graphqlUrl,
      UPDATE_SCHEDULE,
      { id: ids.schedA, name: 'from the wall' },
      { authorization: `Bearer ${secret}` },
    );
    // A wall token is read-only whatever its owner's team role.
    expect(wall.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'READ_ONLY' });
    await ok(MEMBER_ROLE, { t: ids.teamA, u: rita.id, r: null });
  });

  it("a team's wall: a team lead makes one for their team only; the wall token reads its team", async () => {
    const WALL = `mutation($n: String!, $t: ID) { createWallToken(name: $n, teamId: $t) { secret token { id team { id name } } } }`;
    // Making a wall token is credential management: from a signed-in session, never a token.
    const ritaSession = (await sessionFor(server, rita.id)).headers;
    expect(
      (await gql(server.graphqlUrl, WALL, { n: 'by token', t: ids.teamA }, rita.headers)).errors?.[0].extensions,
    ).toMatchObject({ code: 'FORBIDDEN', rule: 'SESSION_ONLY' });
    const tokens = async () => (await ok(`{ apiTokens { id } }`, {}, rita.headers)).apiTokens.length;
    const before = await tokens();
    // A global RESPONDER with no team role may not; nor for a team they do not lead; nor for a team that does not exist.
    expect(
      (await gql(server.graphqlUrl, WALL, { n: 'payments wall', t: ids.teamA }, ritaSession)).errors?.[0].extensions,
    ).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    await ok(MEMBER_ROLE, { t: ids.teamA, u: rita.id, r: 'LEAD' });
    expect(
      (await gql(server.graphqlUrl, WALL, { n: 'search wall', t: ids.teamB }, ritaSession)).errors?.[0].extensions,
    ).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    expect(
      (await gql(server.graphqlUrl, WALL, { n: 'no team', t: null }, ritaSession)).errors?.[0].extensions,
    ).toMatchObject({ code: 'FORBIDDEN', needed: 'LEAD' });
    expect(await tokens()).toBe(before);
    const missing = await gql(
      server.graphqlUrl,
      WALL,
      { n: 'ghost wall', t: '999999' },
      (await userWithSession(server, 'Wall admin', 'ADMIN')).headers,
    );
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'teamId' });

    const made = (await ok(WALL, { n: 'payments wall', t: ids.teamA }, ritaSession)).createWallToken;
    expect(made.token.team).toEqual({ id: ids.teamA, name: 'Payments' });
    expect(await tokens()).toBe(before + 1);
    const asWall = { authorization: `Bearer ${made.secret}` };
    expect((await ok(`{ currentToken { kind team { name } } }`, {}, asWall)).currentToken).toEqual({
      kind: 'WALL',
      team: { name: 'Payments' },
    });
    // A wall stays read-only, team or not; a person's session or token has no wall team.
    expect(
      (await gql(server.graphqlUrl, UPDATE_SCHEDULE, { id: ids.schedA, name: 'from the wall' }, asWall)).errors?.[0]
        .extensions,
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect((await ok(`{ currentToken { kind team { id } } }`, {}, rita.headers)).currentToken).toEqual({
      kind: 'PERSONAL',
      team: null,
    });
    await ok(MEMBER_ROLE, { t: ids.teamA, u: rita.id, r: null });
  });

  it('a team role for someone not in the team is refused', async () => {
    const outsider = await userWithToken(server, 'Otto', 'RESPONDER');
    const r = await gql(server.graphqlUrl, MEMBER_ROLE, { t: ids.teamB, u: outsider.id, r: 'LEAD' });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'userId' });
    expect(
      (await ok(`{ teams { id memberRoles { user { id } } } }`)).teams.find((t: { id: string }) => t.id === ids.teamB)
        .memberRoles,
    ).toEqual([]);
  });

  it('filters incidents by team and puts my teams first, with me { teams }', async () => {
    const me = await ok(`{ me { teams { id name } } }`, {}, rita.headers);
    expect(me.me.teams).toEqual([{ id: ids.teamA, name: 'Payments' }]);

    const declare = async (title: string, services: string[]): Promise<string> => {
      clock.advance(60_000);
      return (
        await ok(`mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`, {
          i: { title, severity: 'P3', services },
        })
      ).declareIncident.id;
    };
    const p1 = await declare('pay 1', ['payments-api']);
    const s1 = await declare('search 1', ['search-api']);
    const both = await declare('both', ['search-api', 'payments-api']);
    const n1 = await declare('no team', ['status-site']);
    const p2 = await declare('pay 2', ['payments-api']);
    const s2 = await declare('search 2', ['search-api']);
    const created = new Set([p1, s1, both, n1, p2, s2]);
    const listed = async (filter: Record<string, unknown>, headers = rita.headers, first = 200): Promise<string[]> =>
      (await ok(LIST, { f: filter, p: { first } }, headers)).incidents.nodes
        .map((n: { id: string }) => n.id)
        .filter((id: string) => created.has(id));

    expect(await listed({ teamIds: [ids.teamB] })).toEqual([s2, both, s1]);
    expect(await listed({ teamIds: [ids.teamA, ids.teamB] })).toEqual([s2, p2, both, s1, p1]);
    expect(await listed({ mine: true })).toEqual([p2, both, p1]);
    expect(await listed({ mine: true, teamIds: [ids.teamB] })).toEqual([]);
    expect(await listed({ mine: true })).toEqual(await listed({ teamIds: [ids.teamA] }));
    const bad = await gql(server.graphqlUrl, LIST, { f: { teamIds: ['x'] } }, rita.headers);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'teamIds' });

    // The order is the domain rule's order, and paging through it in twos gives the same list.
    const everything = (await ok(LIST, { f: { myTeamsFirst: true }, p: { first: 200 } }, rita.headers)).incidents
      .nodes as Array<{ id: string; detectedAt: string; services: Array<{ name: string }> }>;
    const ranked = everything.map((n) => ({
      rank: n.services.some((s) => s.name === 'payments-api') ? (0 as const) : (1 as const),
      detectedAt: new Date(n.detectedAt),
      id: Number(n.id),
    }));
    expect(ranked.map((r) => String(r.id))).toEqual([...ranked].sort(compareMyTeamsFirst).map((r) => String(r.id)));
    expect(everything.map((n) => n.id).filter((id) => created.has(id))).toEqual([p2, both, p1, s2, n1, s1]);

    const paged: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: { nodes: Array<{ id: string }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } = (
        await ok(LIST, { f: { myTeamsFirst: true }, p: { first: 2, after } }, rita.headers)
      ).incidents;
      paged.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(everything.map((n) => n.id));

    // A plain cursor is not a myTeamsFirst cursor; the admin, in no team, gets plain newest-first order.
    const plain = (await ok(LIST, { p: { first: 1 } }, rita.headers)).incidents.pageInfo.endCursor;
    const mixed = await gql(
      server.graphqlUrl,
      LIST,
      { f: { myTeamsFirst: true }, p: { first: 1, after: plain } },
      rita.headers,
    );
    expect(mixed.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'after' });
    const admin = (await ok(LIST, { f: { myTeamsFirst: true }, p: { first: 200 } })).incidents.nodes
      .map((n: { id: string }) => n.id)
      .filter((id: string) => created.has(id));
    expect(admin).toEqual([s2, p2, n1, both, s1, p1]);
  });
});
