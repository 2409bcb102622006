import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer, userWithToken } from '../support/server';

const ROLES = `query($id: ID!) { incident(id: $id) { roles { role since user { id name } } timeline { type message actorName data } } }`;
const ASSIGN = `mutation($i: ID!, $r: IncidentRole!, $u: ID!) { assignIncidentRole(incidentId: $i, role: $r, userId: $u) { id roles { role user { name } } } }`;
const HAND_OVER = `mutation($i: ID!, $r: IncidentRole!, $u: ID!) { handOverIncidentRole(incidentId: $i, role: $r, userId: $u) { id roles { role user { name } } } }`;
const STEP_DOWN = `mutation($i: ID!, $r: IncidentRole!) { stepDownIncidentRole(incidentId: $i, role: $r) { id roles { role user { name } } } }`;

type Person = { id: number; headers: Record<string, string> };

describe.each(testDatabaseKinds())('incident roles on %s', (kind) => {
  let server: TestServer;
  let ana: Person;
  let ben: Person;
  let cat: Person;
  let lee: Person;
  let vic: Person;

  const declare = async (severity: string, title: string): Promise<string> => {
    const r = await gql(
      server.graphqlUrl,
      `mutation($s: Severity!, $t: String!) { declareIncident(input: { title: $t, severity: $s, source: USER_REPORT }) { id } }`,
      { s: severity, t: title },
    );
    expect(r.errors).toBeUndefined();
    return r.data!.declareIncident.id;
  };
  const commanderId = async (id: string) => (await server.app.incidents.get(Number(id))).commanderId;
  const state = async (id: string) => (await gql(server.graphqlUrl, ROLES, { id })).data!.incident;

  beforeAll(async () => {
    server = await startTestServer(kind);
    ana = await userWithToken(server, 'Ana', 'RESPONDER');
    ben = await userWithToken(server, 'Ben', 'RESPONDER');
    cat = await userWithToken(server, 'Cat', 'RESPONDER');
    lee = await userWithToken(server, 'Lee', 'LEAD');
    vic = await userWithToken(server, 'Vic', 'VIEWER');
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('assign, hand over and step down, each on the timeline, with the commander kept on the incident', async () => {
    const id = await declare('P2', 'Checkout slow');
    const a = await gql(server.graphqlUrl, ASSIGN, { i: id, r: 'COMMANDER', u: String(ana.id) }, ana.headers);
    expect(a.errors).toBeUndefined();
    expect(await commanderId(id)).toBe(ana.id);
    await gql(server.graphqlUrl, ASSIGN, { i: id, r: 'SCRIBE', u: String(cat.id) }, ana.headers);
    await gql(server.graphqlUrl, ASSIGN, { i: id, r: 'COMMUNICATIONS', u: String(ben.id) }, ana.headers);

    const handed = await gql(server.graphqlUrl, HAND_OVER, { i: id, r: 'COMMANDER', u: String(ben.id) }, ana.headers);
    expect(handed.errors).toBeUndefined();
    expect(handed.data!.handOverIncidentRole.roles).toEqual([
      { role: 'COMMANDER', user: { name: 'Ben' } },
      { role: 'SCRIBE', user: { name: 'Cat' } },
      { role: 'COMMUNICATIONS', user: { name: 'Ben' } },
    ]);
    expect(await commanderId(id)).toBe(ben.id);

    const down = await gql(server.graphqlUrl, STEP_DOWN, { i: id, r: 'COMMANDER' }, ben.headers);
    expect(down.errors).toBeUndefined();
    expect(await commanderId(id)).toBeNull();
    const after = await state(id);
    expect(after.roles.map((r: { role: string }) => r.role)).toEqual(['SCRIBE', 'COMMUNICATIONS']);
    const lines = after.timeline.filter((e: { type: string }) => e.type.startsWith('ROLE_'));
    expect(
      lines.map((e: { type: string; message: string; actorName: string }) => [e.type, e.message, e.actorName]),
    ).toEqual([
      ['ROLE_ASSIGNED', 'Ana is now the incident commander', 'Ana (test)'],
      ['ROLE_ASSIGNED', 'Cat is now the scribe', 'Ana (test)'],
      ['ROLE_ASSIGNED', 'Ben is now the communications liaison', 'Ana (test)'],
      ['ROLE_HANDED_OVER', 'Ana handed the incident commander role to Ben', 'Ana (test)'],
      ['ROLE_STEPPED_DOWN', 'Ben stepped down as incident commander; the role is vacant', 'Ben (test)'],
    ]);
    expect(lines[3].data).toMatchObject({ role: 'COMMANDER', userId: ben.id, previousUserId: ana.id });
  });

  it('hand-over through the permission matrix: viewers never, other responders not, leads always', async () => {
    const id = await declare('P1', 'Payments failing');
    await gql(server.graphqlUrl, ASSIGN, { i: id, r: 'COMMANDER', u: String(ana.id) }, ana.headers);
    const before = (await state(id)).timeline.length;

    const byViewer = await gql(server.graphqlUrl, HAND_OVER, { i: id, r: 'COMMANDER', u: String(vic.id) }, vic.headers);
    expect(byViewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const byOther = await gql(server.graphqlUrl, HAND_OVER, { i: id, r: 'COMMANDER', u: String(cat.id) }, cat.headers);
    expect(byOther.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'role' });
    const assignTaken = await gql(server.graphqlUrl, ASSIGN, { i: id, r: 'COMMANDER', u: String(cat.id) }, cat.headers);
    expect(assignTaken.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', field: 'role' });
    const p1StepDown = await gql(server.graphqlUrl, STEP_DOWN, { i: id, r: 'COMMANDER' }, ana.headers);
    expect(p1StepDown.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', field: 'role' });
    const toUnknown = await gql(server.graphqlUrl, HAND_OVER, { i: id, r: 'COMMANDER', u: '999999' }, ana.headers);
    expect(toUnknown.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'userId' });
    const badId = await gql(server.graphqlUrl, HAND_OVER, { i: 'x', r: 'COMMANDER', u: String(cat.id) }, ana.headers);
    expect(badId.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'incidentId' });
    const missing = await gql(server.graphqlUrl, ASSIGN, { i: '999999', r: 'SCRIBE', u: String(cat.id) }, ana.headers);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'incidentId' });
    // Rejected requests wrote nothing.
    expect((await state(id)).timeline.length).toBe(before);
    expect(await commanderId(id)).toBe(ana.id);

    const byLead = await gql(server.graphqlUrl, HAND_OVER, { i: id, r: 'COMMANDER', u: String(cat.id) }, lee.headers);
    expect(byLead.errors).toBeUndefined();
    expect(await commanderId(id)).toBe(cat.id);
    const last = (await state(id)).timeline.pop();
    expect(last).toMatchObject({
      type: 'ROLE_HANDED_OVER',
      actorName: 'Lee (test)',
      message: 'Ana handed the incident commander role to Cat',
    });
  });

  it('a viewer is never made a role holder nor handed the incident: they could not act on its reminders or page', async () => {
    const id = await declare('P1', 'Viewer as commander');
    const asCommander = await gql(server.graphqlUrl, ASSIGN, { i: id, r: 'COMMANDER', u: String(vic.id) });
    expect(asCommander.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'userId' });
    expect(asCommander.errors?.[0].message).toMatch(/Vic \(VIEWER\), who cannot answer a page/);
    const handed = await gql(
      server.graphqlUrl,
      `mutation($i: ID!, $u: ID!) { reassignIncident(id: $i, input: { userId: $u }) { id } }`,
      { i: id, u: String(vic.id) },
      ana.headers,
    );
    expect(handed.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'userId' });
    const after = await state(id);
    expect(after.roles).toEqual([]);
    expect(
      after.timeline.filter((e: { type: string }) => e.type === 'REASSIGNED' || e.type === 'ROLE_ASSIGNED'),
    ).toEqual([]);
  });

  it('concurrent hand-overs of one role leave exactly one holder', async () => {
    const id = await declare('P2', 'Race');
    await gql(server.graphqlUrl, ASSIGN, { i: id, r: 'SCRIBE', u: String(ana.id) }, ana.headers);
    const results = await Promise.all(
      [ben, cat].map((p) => gql(server.graphqlUrl, HAND_OVER, { i: id, r: 'SCRIBE', u: String(p.id) }, ana.headers)),
    );
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    const roles = (await state(id)).roles;
    expect(roles).toHaveLength(1);
    expect(results.find((r) => r.errors)?.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
