import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TeamPaging, setUpPaging, setUpTeamPaging } from '../support/paging';
import { TestServer, gql, startTestServer, userWithToken } from '../support/server';

jest.setTimeout(60_000);

const LADDER = `query($id: ID!) { incident(id: $id) { primaryService { name } escalation { policyName pages { level paged { name } } } } }`;
const SET_SERVICE = `mutation($id: ID!, $p: ID) { setServiceEscalationPolicy(id: $id, policyId: $p) { id escalationPolicy { name } } }`;
const SET_TEAM = `mutation($id: ID!, $p: ID) { setTeamEscalationPolicy(teamId: $id, policyId: $p) { id escalationPolicy { name } } }`;

describe.each(testDatabaseKinds())('routing per service on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock('2026-04-14T08:00:00.000Z');
  let bravo: TeamPaging;
  let charlie: TeamPaging;
  let routingKey: string;

  const ok = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables, headers);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const declare = async (services: string[]) =>
    (
      await ok(`mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`, {
        input: { title: `Outage of ${services.join(', ') || 'nothing named'}`, severity: 'P2', services },
      })
    ).declareIncident.id as string;
  const ladder = async (id: string) => (await ok(LADDER, { id })).incident;
  const pagedNames = async (id: string) =>
    (await ladder(id)).escalation.pages.flatMap((p: { paged: Array<{ name: string }> }) => p.paged.map((x) => x.name));
  const pageRows = async (id: string): Promise<string[]> =>
    (
      await server.app.db.dataSource.query(
        `SELECT DISTINCT targetName FROM notification WHERE incidentId = ${Number(id)} AND kind = 'PAGE' ORDER BY targetName`,
      )
    ).map((r: { targetName: string }) => r.targetName);

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    // Team A's path (Ana on call, Lee its lead) is the global default, as on an instance that had only one policy.
    await setUpPaging(server);
    bravo = await setUpTeamPaging(server, 'Bravo');
    charlie = await setUpTeamPaging(server, 'Charlie');
    await ok(SET_TEAM, { id: bravo.teamId, p: bravo.policyId });
    const made = await ok(
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "bravo-prometheus", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
      { s: bravo.serviceId },
    );
    routingKey = made.createIntegration.key;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("team B's alert pages team B's on-call, never team A's", async () => {
    const res = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: 'bravo-latency',
        payload: { summary: 'Bravo latency p99 4s', source: 'bravo-1', severity: 'error' },
      }),
    });
    expect(res.status).toBe(202);
    const [{ id }] = await server.app.db.dataSource.query(
      `SELECT incidentId AS id FROM alert WHERE dedupKey = 'bravo-latency'`,
    );
    const state = await ladder(String(id));
    expect(state.primaryService).toEqual({ name: bravo.serviceName });
    expect(state.escalation.policyName).toMatch(/^Bravo path/);
    expect(await pagedNames(String(id))).toEqual(['Bravo Oncall']);
    expect(await pageRows(String(id))).toEqual(['Bravo Oncall']);
  });

  it("the primary service's own policy wins over its team's; without either the default pages; the first service named is primary", async () => {
    // Bravo's service routed to Charlie's path explicitly: the service's choice beats its team's.
    expect(
      (await ok(SET_SERVICE, { id: bravo.serviceId, p: charlie.policyId })).setServiceEscalationPolicy.escalationPolicy
        .name,
    ).toMatch(/^Charlie path/);
    expect(await pagedNames(await declare([bravo.serviceName]))).toEqual(['Charlie Oncall']);
    // Cleared: back to the team's policy.
    expect(
      (await ok(SET_SERVICE, { id: bravo.serviceId, p: null })).setServiceEscalationPolicy.escalationPolicy,
    ).toBeNull();
    expect(await pagedNames(await declare([bravo.serviceName]))).toEqual(['Bravo Oncall']);
    // Charlie's team names no policy and its service none: the global default (team A's path).
    expect(await pagedNames(await declare([charlie.serviceName]))).toEqual(['Ana Oncall']);
    expect(await pagedNames(await declare([]))).toEqual(['Ana Oncall']);
    // Several services: the first one named decides.
    const bravoFirst = await declare([bravo.serviceName, charlie.serviceName]);
    expect([(await ladder(bravoFirst)).primaryService.name, await pagedNames(bravoFirst)]).toEqual([
      bravo.serviceName,
      ['Bravo Oncall'],
    ]);
    const charlieFirst = await declare([charlie.serviceName, bravo.serviceName]);
    expect([(await ladder(charlieFirst)).primaryService.name, await pagedNames(charlieFirst)]).toEqual([
      charlie.serviceName,
      ['Ana Oncall'],
    ]);
    expect(await pageRows(bravoFirst)).toEqual(['Bravo Oncall']);
  });

  it('a deleted policy falls back along the route (service → team → default)', async () => {
    const spare = await ok(
      `mutation { createEscalationPolicy(input: { name: "Spare", levels: [{ name: "Bravo lead", targets: [{ kind: USER, id: "${bravo.lead}" }] }] }) { id } }`,
    );
    await ok(SET_SERVICE, { id: bravo.serviceId, p: spare.createEscalationPolicy.id });
    expect(await pagedNames(await declare([bravo.serviceName]))).toEqual(['Bravo Lead']);
    await ok(`mutation($id: ID!) { deleteEscalationPolicy(id: $id) }`, { id: spare.createEscalationPolicy.id });
    const services = (await ok(`{ services { name escalationPolicy { name } } }`)).services;
    expect(services.find((s: { name: string }) => s.name === bravo.serviceName).escalationPolicy).toBeNull();
    expect(await pagedNames(await declare([bravo.serviceName]))).toEqual(['Bravo Oncall']);
  });

  it('only a lead routes; unknown ids are NOT_FOUND naming the field; a refusal changes nothing', async () => {
    const responder = await userWithToken(server, 'Rita Responder', 'RESPONDER');
    const lead = await userWithToken(server, 'Lou Lead', 'LEAD');
    const { secret: wall } = await server.app.auth.createToken(lead.id, 'WALL', 'lobby');
    const before = await server.app.db.dataSource.query('SELECT id, escalationPolicyId FROM service ORDER BY id');
    const cases: Array<[string, Record<string, unknown>, Record<string, string>, string, string | undefined]> = [
      [SET_SERVICE, { id: bravo.serviceId, p: charlie.policyId }, responder.headers, 'FORBIDDEN', undefined],
      [SET_TEAM, { id: bravo.teamId, p: charlie.policyId }, responder.headers, 'FORBIDDEN', undefined],
      [
        SET_SERVICE,
        { id: bravo.serviceId, p: charlie.policyId },
        { authorization: `Bearer ${wall}` },
        'FORBIDDEN',
        undefined,
      ],
      [SET_SERVICE, { id: bravo.serviceId, p: charlie.policyId }, { authorization: '' }, 'UNAUTHENTICATED', undefined],
      [SET_SERVICE, { id: bravo.serviceId, p: '999999' }, lead.headers, 'NOT_FOUND', 'policyId'],
      [SET_SERVICE, { id: '999999', p: charlie.policyId }, lead.headers, 'NOT_FOUND', 'id'],
      [SET_TEAM, { id: '999999', p: charlie.policyId }, lead.headers, 'NOT_FOUND', 'teamId'],
      [SET_TEAM, { id: bravo.teamId, p: 'x' }, lead.headers, 'VALIDATION', 'policyId'],
    ];
    for (const [query, variables, headers, code, field] of cases) {
      const r = await gql(server.graphqlUrl, query, variables, headers);
      expect([r.status, r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field]).toEqual([200, code, field]);
    }
    expect(await server.app.db.dataSource.query('SELECT id, escalationPolicyId FROM service ORDER BY id')).toEqual(
      before,
    );
    // A lead's personal token may route (it manages no credential).
    const routed = await gql(server.graphqlUrl, SET_TEAM, { id: charlie.teamId, p: charlie.policyId }, lead.headers);
    expect(routed.data!.setTeamEscalationPolicy.escalationPolicy.name).toMatch(/^Charlie path/);
    expect(await pagedNames(await declare([charlie.serviceName]))).toEqual(['Charlie Oncall']);
  });
});
