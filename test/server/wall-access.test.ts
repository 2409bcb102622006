import fs from 'node:fs';
import path from 'node:path';
import { parse, print, separateOperations } from 'graphql';
import { Client } from 'graphql-ws';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, collect, gql, startTestServer, subscribed, userWithSession, wsClient } from '../support/server';

/** The wall's own documents, as the web app sends them (one per operation, with its fragments). */
function wallDocuments(): Array<{ name: string; query: string }> {
  const files = ['web/src/features/incidents/incidents.graphql.ts', 'web/src/features/wall/wall.graphql.ts'];
  let source = '';
  for (const f of files) {
    for (const m of fs.readFileSync(path.resolve(__dirname, '../..', f), 'utf8').matchAll(/graphql\(`([\s\S]*?)`\)/g))
      source += `${m[1]}\n`;
  }
  return Object.entries(separateOperations(parse(source))).map(([name, doc]) => ({ name, query: print(doc) }));
}

const VARIABLES: Record<string, Record<string, unknown>> = {
  WallMetrics: { range: { from: '2026-11-01T00:00:00Z', to: '2026-12-31T00:00:00Z' }, bucket: 'WEEK' },
};

/** What only people with a console may see, seeded so a leak would show. */
const SECRETS = {
  payload: 'payload-secret-db-password-hunter2',
  address: 'https://hooks.example.com/contact-secret-7f3a',
  email: 'secret.person@example.com',
};

describe.each(testDatabaseKinds())('a wall token is a device: it reads what a wall shows on %s', (kind) => {
  let server: TestServer;
  let wall: Record<string, string>;
  let teamWall: Record<string, string>;
  const ids: Record<string, string> = {};
  const clients: Client[] = [];

  const ok = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables, headers);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    const admin = (await userWithSession(server, 'Wall admin', 'ADMIN')).headers;
    ids.teamA = (await ok(`mutation { createTeam(name: "Payments") { id } }`)).createTeam.id;
    ids.teamB = (await ok(`mutation { createTeam(name: "Search") { id } }`)).createTeam.id;
    for (const [name, team] of [
      ['checkout', ids.teamA],
      ['search', ids.teamB],
    ]) {
      ids[name] = (
        await ok(`mutation($n: String!) { createService(input: { name: $n }) { id } }`, { n: name })
      ).createService.id;
      await ok(`mutation($id: ID!, $t: ID) { setServiceTeam(id: $id, teamId: $t) { id } }`, { id: ids[name], t: team });
    }
    // An alert with a payload, a person with an email and a webhook contact method, a page to them.
    const { key } = (
      await ok(
        `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "pd", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
        { s: ids.search },
      )
    ).createIntegration;
    const sent = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: key,
        event_action: 'trigger',
        dedup_key: 'leak',
        payload: {
          summary: 'search down',
          source: 'db1',
          severity: 'critical',
          custom_details: { dsn: SECRETS.payload },
        },
      }),
    });
    expect(sent.status).toBe(202);
    const person = (
      await ok(
        `mutation($e: String!) { createUser(input: { name: "Secret Person", email: $e, role: RESPONDER }) { id } }`,
        { e: SECRETS.email },
      )
    ).createUser.id;
    await ok(
      `mutation($u: ID!, $a: String!) { addContactMethod(userId: $u, kind: WEBHOOK, address: $a) { id } }`,
      { u: person, a: SECRETS.address },
      admin,
    );
    ids.payments = (
      await ok(
        `mutation($s: String!) { declareIncident(input: { title: "card payments failing", severity: P1, services: [$s] }) { id } }`,
        { s: 'checkout' },
      )
    ).declareIncident.id;
    const made = async (teamId: string | null) =>
      (await ok(`mutation($t: ID) { createWallToken(name: "lobby", teamId: $t) { secret } }`, { t: teamId }, admin))
        .createWallToken.secret;
    wall = { authorization: `Bearer ${await made(null)}` };
    teamWall = { authorization: `Bearer ${await made(ids.teamA)}` };
  });

  afterAll(async () => {
    await Promise.all(
      clients.map(async (c) => {
        await c.dispose();
      }),
    );
    await server?.dispose();
  });

  it("runs every one of the wall's own documents over HTTP, and none of them carries a secret", async () => {
    const docs = wallDocuments();
    expect(docs.length).toBeGreaterThan(8);
    for (const doc of docs.filter((d) => !/^subscription\b/m.test(d.query))) {
      const res = await gql(server.graphqlUrl, doc.query, VARIABLES[doc.name] ?? {}, wall);
      expect({ doc: doc.name, errors: res.errors }).toEqual({ doc: doc.name, errors: undefined });
      for (const secret of Object.values(SECRETS)) expect(JSON.stringify(res.data)).not.toContain(secret);
    }
  });

  const FORBIDDEN_READS: Array<[string, string]> = [
    ['alert payloads', `{ incidents { nodes { id alerts { details } } } }`],
    [
      'notification addresses and errors',
      `{ incidents { nodes { notifications { address lastError deliveryAttempts { error } } } } }`,
    ],
    ['people and their contact methods', `{ users { email contactMethods { address } } }`],
    ['the audit log', `{ auditLog { args } }`],
    ['integrations', `query($s: ID!) { integrations(serviceId: $s) { id } }`],
    ['one incident by id', `query($id: ID!) { incident(id: $id) { title } }`],
    ['introspection', `{ __schema { types { name } } }`],
  ];

  it.each(FORBIDDEN_READS)('refuses %s over HTTP and WebSocket, naming the field', async (_what, query) => {
    const variables = { s: ids.search, id: ids.payments };
    const http = await gql(server.graphqlUrl, query, variables, wall);
    expect(http.status).toBe(403);
    expect(http.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'WALL_FIELDS' });
    expect(JSON.stringify(http)).not.toMatch(new RegExp(Object.values(SECRETS).join('|').replace(/[.]/g, '\\.')));
    const client = wsClient(server.wsUrl, wall);
    clients.push(client);
    const ws = await new Promise<unknown>((resolve) => {
      client.subscribe({ query, variables }, { next: resolve, error: resolve, complete: () => undefined });
    });
    expect(JSON.stringify(ws)).toContain('WALL_FIELDS');
    expect(JSON.stringify(ws)).not.toContain(SECRETS.payload);
  });

  it("a viewer sees nobody's contact addresses but their own; an admin sees them all", async () => {
    const viewer = await userWithSession(server, 'Curious viewer', 'VIEWER');
    const query = `{ users { email contactMethods { address } } }`;
    const asViewer = await gql(server.graphqlUrl, query, {}, viewer.headers);
    expect(asViewer.errors).toBeUndefined();
    expect(JSON.stringify(asViewer.data)).not.toContain(SECRETS.address);
    const asAdmin = await gql(
      server.graphqlUrl,
      query,
      {},
      (await userWithSession(server, 'Admin reader', 'ADMIN')).headers,
    );
    expect(JSON.stringify(asAdmin.data)).toContain(SECRETS.address);
  });

  it('the post-mortem Markdown export is not for walls', async () => {
    const res = await fetch(`${server.url}/api/postmortems/1/markdown`, { headers: wall });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'FORBIDDEN', error: expect.stringMatching(/wall token/) });
  });

  it("a team's wall token sees only its team's incidents, whatever filter it sends", async () => {
    const open = `query($t: [ID!]) { incidents(filter: { open: true, teamIds: $t }) { nodes { title } } }`;
    const titles = async (headers: Record<string, string>, t: string[] | null) =>
      (await ok(open, { t }, headers)).incidents.nodes.map((n: { title: string }) => n.title).sort();
    expect(await titles(wall, null)).toEqual(['card payments failing', 'search down']);
    expect(await titles(teamWall, null)).toEqual(['card payments failing']);
    expect(await titles(teamWall, [ids.teamB])).toEqual([]);
  });

  it("a team's wall token hears only its team's incidents and timeline over WebSocket", async () => {
    const client = wsClient(server.wsUrl, teamWall);
    clients.push(client);
    const incidents = collect(client, `subscription { incidentChanged { title } }`);
    const ticker = collect(client, `subscription { timelineEventAdded { message incidentId } }`);
    await subscribed(server, incidents, ticker);
    const declare = (title: string, service: string) =>
      ok(
        `mutation($t: String!, $s: String!) { declareIncident(input: { title: $t, severity: P3, services: [$s] }) { id } }`,
        { t: title, s: service },
      );
    await declare('search slow', 'search');
    // Team A's marker, declared after team B's incident: events arrive in order, so B's would come before it.
    const marker = String((await declare('payments marker', 'checkout')).declareIncident.id);
    await incidents.until((items) => items.some((i) => i.incidentChanged.title === 'payments marker'));
    expect(incidents.items.map((i) => i.incidentChanged.title)).toContain('payments marker');
    await ticker.until((items) => items.some((e) => String(e.timelineEventAdded.incidentId) === marker));
    expect(incidents.items.map((i) => i.incidentChanged.title).filter((t) => !t.startsWith('payments'))).toEqual([]);
    const searchIds = (
      await ok(`{ incidents(filter: { teamIds: ["${ids.teamB}"] }) { nodes { id } } }`)
    ).incidents.nodes.map((n: { id: string }) => n.id);
    expect(ticker.items.filter((e) => searchIds.includes(String(e.timelineEventAdded.incidentId)))).toEqual([]);
  });
});
