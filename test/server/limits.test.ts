import { Client } from 'graphql-ws';
import { loadConfig } from '../../server/src/config';
import { startServer } from '../../server/src/server';
import { createTestDatabase } from '../support/databases';
import { TestServer, gql, startTestServer, userWithToken, wsClient } from '../support/server';
import { gqlById } from '../support/trusted';
import { captureLog } from '../support/logs';
import { TimelineEvent } from '../../server/src/model/timeline-event.entity';

/** A query nested `n` levels deep through a self-referencing path (introspection types nest forever). */
const nested = (n: number) => `{ __schema { types { ${'fields { type { '.repeat(n)} name ${'} } '.repeat(n)} } } }`;
const WIDE =
  'nodes { id title summary severity status source detectedAt acknowledgedAt resolvedAt timeline { id type message actorName actorKind at public } services { id name description createdAt } sla { acknowledge { state deadline remainingMs } resolve { state deadline remainingMs } } statusUpdate { nextUpdateDueAt overdue } policy { severity name impact response resolution notify } }';
/** Within the depth and alias limits, but asks for far too much at once. */
const costBomb = `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: incidents(page: { first: 200 }) { ${WIDE} }`).join(' ')} }`;
const aliases = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: severityPolicies { severity }`).join(' ')} }`;

async function wsErrors(
  client: Client,
  query: string,
): Promise<Array<{ message: string; extensions?: { code?: string } }>> {
  return new Promise((resolve, reject) => {
    client.subscribe(
      { query },
      {
        next: (r) => resolve((r.errors ?? []) as never),
        error: (e) => resolve((Array.isArray(e) ? e : [e]) as never),
        complete: () => resolve([]),
      },
    );
    setTimeout(() => reject(new Error('no answer')), 5000);
  });
}

describe('GraphQL limits, the same over HTTP and WebSocket', () => {
  let server: TestServer;
  let ws: Client;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    ws = wsClient(server.wsUrl);
  });
  afterAll(async () => {
    await ws?.dispose();
    await server?.dispose();
  });

  it.each([
    ['depth bomb', nested(12), /depth/i],
    ['alias bomb', aliases(40), /alias/i],
    ['token bomb', `{ ${'__typename '.repeat(3000)} }`, /token/i],
    ['cost bomb', costBomb, /cost/i],
  ])('rejects a %s over HTTP and over WebSocket', async (_label, query, pattern) => {
    const http = await gql(server.graphqlUrl, query);
    expect(http.data ?? null).toBeNull();
    expect(http.errors![0].message).toMatch(pattern);
    const overWs = await wsErrors(ws, query);
    expect(overWs.length).toBeGreaterThan(0);
    expect(overWs[0].message).toMatch(pattern);
  });

  it("returns an incident's newest history entries, never all of them, and counts what it may return", async () => {
    const id = Number(
      (await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "Flapping", severity: P3 }) { id } }`))
        .data!.declareIncident.id,
    );
    // A flapping alert writes a line per repeat: 700 of them.
    const at = new Date('2026-12-01T10:00:00Z').getTime();
    await server.app.db.dataSource.getRepository(TimelineEvent).insert(
      Array.from({ length: 700 }, (_, i) => ({
        incidentId: id,
        type: 'ALERT_REPEATED' as const,
        message: `repeat ${i}`,
        actorName: 'monitoring',
        actorKind: 'SYSTEM' as const,
        actorId: null,
        public: false,
        at: new Date(at + i * 1000),
      })),
    );
    const read = async (args: string) =>
      gql(server.graphqlUrl, `query($id: ID!) { incident(id: $id) { timeline${args} { id message } } }`, { id });
    const all = (await read('')).data!.incident.timeline;
    expect(all).toHaveLength(500);
    expect(all.at(-1).message).toBe('repeat 699');
    expect(all[0].message).toBe('repeat 200');
    const newest = (await read('(last: 3)')).data!.incident.timeline;
    expect(newest.map((e: { message: string }) => e.message)).toEqual(['repeat 697', 'repeat 698', 'repeat 699']);
    const tooMany = await read('(last: 5000)');
    expect(tooMany.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'last' });
    // Ten aliases of a long history cost what they may return, not what a short one would.
    const aliases = `query($id: ID!) { ${Array.from({ length: 10 }, (_, i) => `a${i}: incident(id: $id) { timeline(last: 2000) { id type message at actorName actorKind public data } }`).join(' ')} }`;
    const refused = await gql(server.graphqlUrl, aliases, { id });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'QUERY_COST_LIMIT' });
    // 10 × 2,000 lines × (7 fields + data, weighing 5).
    expect(refused.errors![0].extensions!.cost).toBeGreaterThanOrEqual(10 * 2000 * 12);
  });

  it('still answers a normal wall-sized query', async () => {
    const ok = await gql(
      server.graphqlUrl,
      `{ incidents(filter: { open: true }) { nodes { id title services { name } timeline { type } sla { acknowledge { state } } } } }`,
    );
    expect(ok.errors).toBeUndefined();
  });

  it('refuses a cross-site text/plain POST (CSRF) without running it', async () => {
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        origin: 'https://evil.example',
        authorization: `Bearer ${server.db.adminToken}`,
      },
      body: JSON.stringify({ query: 'mutation { declareIncident(input: { title: "csrf", severity: P0 }) { id } }' }),
    });
    expect(res.status).toBe(400);
    const list = await gql(server.graphqlUrl, `{ incidents { nodes { title } } }`);
    expect(list.data!.incidents.nodes.map((n: any) => n.title)).not.toContain('csrf');
  });

  it('refuses a request body over the limit with 413, no stack', async () => {
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.db.adminToken}` },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(400_000) } }),
    });
    expect(res.status).toBe(413);
    expect(await res.text()).not.toMatch(/at .*\.js/);
  });
});

describe('production mode and first start', () => {
  it('turns off introspection and field suggestions, prints a one-time admin password, honours VIGIL_BOOTSTRAP_TOKEN', async () => {
    const db = await createTestDatabase('sqlite');
    const log = captureLog();
    const server = await startServer(
      {
        ...loadConfig({
          PORT: '0',
          NODE_ENV: 'production',
          VIGIL_WEB_DIST: 'none',
          VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
          VIGIL_ADMIN_EMAIL: 'root@example.com',
        }),
        host: '127.0.0.1',
        sqlitePath: db.sqlitePath,
      },
      { logger: log.logger },
    );
    try {
      const auth = { authorization: `Bearer ${db.adminToken}` };
      const intro = await gql(server.graphqlUrl, `{ __schema { types { name } } }`, {}, auth);
      expect(intro.errors![0].message).toMatch(/introspection/i);
      const typo = await gql(server.graphqlUrl, `{ incidentz { nodes { id } } }`, {}, auth);
      expect(typo.errors![0].message).not.toMatch(/Did you mean/);
      const me = await gql(server.graphqlUrl, `{ me { email role } }`, {}, auth);
      expect(me.data!.me).toEqual({ email: 'root@example.com', role: 'ADMIN' });

      const printed = log
        .lines()
        .map((line) => String(line.msg))
        .join('\n')
        .match(/one-time password (\S+)/);
      expect(printed).not.toBeNull();
      // In production an anonymous caller signs in with the web app's trusted Login document, by id.
      const login = await gqlById(
        server.graphqlUrl,
        'Login',
        { email: 'root@example.com', password: printed![1] },
        { authorization: '' },
      );
      expect(login.data!.login.name).toEqual(expect.any(String));
      const raw = await gql(
        server.graphqlUrl,
        `mutation($p: String!) { login(email: "root@example.com", password: $p) { role } }`,
        { p: printed![1] },
        { authorization: '' },
      );
      expect(raw.errors![0].extensions!.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    } finally {
      await server.stop();
      await db.drop();
    }
  });
});

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { config: {} });
  });
  afterAll(() => server?.dispose());

  it('limits sign-in attempts per address and says when to retry', async () => {
    server.app.auth.limits.loginPerIp = { capacity: 3, perMinute: 3 };
    const attempt = () =>
      gql(
        server.graphqlUrl,
        `mutation { login(email: "nobody@example.com", password: "x") { id } }`,
        {},
        { authorization: '' },
      );
    for (let i = 0; i < 3; i++) expect((await attempt()).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const limited = await attempt();
    expect(limited.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('limits mutations per caller', async () => {
    server.app.auth.limits.mutationsPerActor = { capacity: 2, perMinute: 2 };
    const declare = () =>
      gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "rl", severity: P3 }) { id } }`);
    expect((await declare()).errors).toBeUndefined();
    expect((await declare()).errors).toBeUndefined();
    expect((await declare()).errors![0].extensions!.code).toBe('RATE_LIMITED');
  });

  it('limits the query cost a reader spends a minute, over HTTP, WebSocket and trusted documents alike', async () => {
    const READ = `{ incidents(page: { first: 20 }) { nodes { id title timeline { id message } } } }`;
    // A budget of one point refuses the first read and says what it costs.
    server.app.auth.limits.readCostPerActor = { capacity: 1, perMinute: 1 };
    const probe = await gql(server.graphqlUrl, READ);
    expect(probe.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const cost = Number(probe.errors![0].extensions!.cost);
    expect(cost).toBeGreaterThan(100);

    // Room for two and a half such reads: two run (one over HTTP, one over WebSocket), the third waits.
    server.app.auth.limits.readCostPerActor = { capacity: Math.floor(2.5 * cost), perMinute: Math.floor(2.5 * cost) };
    expect((await gql(server.graphqlUrl, READ)).errors).toBeUndefined();
    const ws = wsClient(server.wsUrl);
    try {
      expect(await wsErrors(ws, READ)).toEqual([]);
      const overWs = await wsErrors(ws, READ);
      expect(overWs[0].extensions).toMatchObject({ code: 'RATE_LIMITED', cost });
    } finally {
      await ws.dispose();
    }
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.db.adminToken}` },
      body: JSON.stringify({ query: READ }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0].message).toMatch(/VIGIL_READ_COST_PER_MINUTE/);
    expect(body.errors[0].extensions).not.toHaveProperty('http');
    // The web app's own documents (by id) count against the same budget.
    const trusted = await gqlById(server.graphqlUrl, 'WallTeams');
    expect(trusted.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    // Writes are counted apart (per mutation, authorize.ts): a reader out of budget can still acknowledge.
    server.app.auth.limits.mutationsPerActor = { capacity: 100, perMinute: 100 };
    expect(
      (await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "still", severity: P3 }) { id } }`))
        .errors,
    ).toBeUndefined();
    // Another caller has a budget of its own.
    const other = await userWithToken(server, 'Other Reader', 'VIEWER');
    expect((await gql(server.graphqlUrl, READ, {}, other.headers)).errors).toBeUndefined();
  });
});
