import { Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { ROLES, Role, roleAtLeast, roleForMutation } from '@vigil/shared';
import { loadSchemaCalls, SchemaCalls } from '../support/schema-calls';
import { TestServer, collect, gql, settle, startTestServer, userWithToken, wsClient } from '../support/server';

type Who = Role | 'ANONYMOUS' | 'WALL';

/** What each mutation × caller must answer: refused when the role is too low, anything but a refusal otherwise. */
function expectedRefusal(mutation: string, who: Who): 'UNAUTHENTICATED' | 'FORBIDDEN' | null {
  const needed = roleForMutation(mutation);
  if (needed === 'PUBLIC') return null;
  if (who === 'ANONYMOUS') return 'UNAUTHENTICATED';
  const role: Role = who === 'WALL' ? 'VIEWER' : who;
  if (needed === null) return 'FORBIDDEN';
  return roleAtLeast(role, needed) ? null : 'FORBIDDEN';
}

describe('access control: the role × mutation matrix over HTTP and WebSocket', () => {
  let server: TestServer;
  let calls: SchemaCalls;
  const headers: Record<Who, Record<string, string>> = {} as never;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    calls = await loadSchemaCalls(server.graphqlUrl);
    for (const role of ROLES) headers[role] = (await userWithToken(server, `${role.toLowerCase()} person`, role)).headers;
    headers.ANONYMOUS = { authorization: '' };
    const wall = await gql(server.graphqlUrl, `mutation { createWallToken(name: "lobby") { secret } }`, {}, headers.LEAD);
    headers.WALL = { authorization: `Bearer ${wall.data!.createWallToken.secret}` };
  });
  afterAll(() => server?.dispose());

  it('covers every mutation in the schema', () => {
    expect(calls.mutations.length).toBeGreaterThan(10);
    for (const m of calls.mutations) expect(roleForMutation(m.name)).not.toBeNull();
  });

  it('over HTTP: each caller is refused exactly where the matrix says, with nothing written', async () => {
    const failures: string[] = [];
    for (const field of calls.mutations) {
      for (const who of ['ANONYMOUS', 'WALL', ...ROLES] as Who[]) {
        const { query, variables } = calls.call(field);
        const res = await gql(server.graphqlUrl, query, variables, headers[who]);
        const code = res.errors?.[0]?.extensions?.code ?? null;
        // A role refusal names the role needed; ownership refusals (someone else's token) do not.
        const roleRefusal = code === 'UNAUTHENTICATED' || (code === 'FORBIDDEN' && res.errors![0].extensions!.needed !== undefined);
        const refusal = expectedRefusal(field.name, who);
        if (refusal && code !== refusal) failures.push(`${field.name} as ${who}: expected ${refusal}, got ${code}`);
        if (!refusal && roleRefusal && field.name !== 'login') failures.push(`${field.name} as ${who}: refused with ${code}`);
        if (res.status >= 500 || code === 'INTERNAL_SERVER_ERROR') failures.push(`${field.name} as ${who}: ${res.status} ${JSON.stringify(res.errors)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('over WebSocket: a viewer and a wall token cannot mutate; a responder can', async () => {
    const run = async (who: Who, query: string) => {
      const client = wsClient(server.wsUrl, { authorization: headers[who].authorization });
      try {
        return await new Promise<{ errors?: Array<{ extensions?: { code?: string } }>; data?: unknown }>((resolve, reject) => {
          client.subscribe({ query }, { next: (r) => resolve(r as never), error: reject, complete: () => undefined });
        });
      } finally {
        await client.dispose();
      }
    };
    const declare = `mutation { declareIncident(input: { title: "via ws", severity: P3 }) { id } }`;
    expect((await run('VIEWER', declare)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await run('WALL', declare)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await run('RESPONDER', declare)).errors).toBeUndefined();
  });

  it('the audit log records who did what, from where, over which transport; only admins read it', async () => {
    await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "audited", severity: P3 }) { id } }`, {}, headers.RESPONDER);
    const log = await gql(server.graphqlUrl, `{ auditLog(filter: { action: "declareIncident" }, first: 50) { actorName actorKind action outcome ip transport args } }`, {}, headers.ADMIN);
    const entry = log.data!.auditLog.find((e: any) => e.args?.input?.title === 'audited');
    expect(entry).toMatchObject({ actorName: 'responder person (test)', actorKind: 'TOKEN', outcome: 'OK', transport: 'HTTP' });
    expect(entry.ip).toMatch(/127\.0\.0\.1/);
    const refused = log.data!.auditLog.find((e: any) => e.outcome === 'FORBIDDEN');
    expect(refused).toBeDefined();
    const asLead = await gql(server.graphqlUrl, `{ auditLog { id } }`, {}, headers.LEAD);
    expect(asLead.errors![0].extensions!.code).toBe('FORBIDDEN');
    const secrets = await gql(server.graphqlUrl, `{ auditLog(filter: { action: "createWallToken" }) { args } }`, {}, headers.ADMIN);
    expect(JSON.stringify(secrets.data)).not.toMatch(/vgl_/);
  });

  it('reads need a credential; a bad one is 401; public queries need none', async () => {
    const anon = await gql(server.graphqlUrl, `{ incidents { nodes { id } } }`, {}, headers.ANONYMOUS);
    expect(anon.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const bad = await gql(server.graphqlUrl, `{ incidents { nodes { id } } }`, {}, { authorization: 'Bearer vgl_personal_nope' });
    expect(bad.status).toBe(401);
    expect(bad.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const pub = await gql(server.graphqlUrl, `{ severityPolicies { severity } }`, {}, headers.ANONYMOUS);
    expect(pub.errors).toBeUndefined();
  });
});

describe('sessions, tokens and live revocation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(() => server?.dispose());

  it('signs in with a password: HttpOnly SameSite cookie, me, logout ends it', async () => {
    await server.app.users.create({ name: 'Cleo', email: 'cleo@example.com', role: 'RESPONDER', password: 'correct horse battery' });
    const wrong = await gql(server.graphqlUrl, `mutation { login(email: "cleo@example.com", password: "nope") { id } }`, {}, { authorization: '' });
    expect(wrong.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(email: "Cleo@example.com", password: "correct horse battery") { name role } }` }),
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/vigil_session=vgl_session_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = cookie.split(';')[0];
    const me = await gql(server.graphqlUrl, `{ me { name role } }`, {}, { authorization: '', cookie: session });
    expect(me.data!.me).toEqual({ name: 'Cleo', role: 'RESPONDER' });
    await gql(server.graphqlUrl, `mutation { logout }`, {}, { authorization: '', cookie: session });
    // The ended session signs nobody in: the request is anonymous (sessions.test.ts: and its cookie is cleared).
    const after = await gql(server.graphqlUrl, `{ me { name } }`, {}, { authorization: '', cookie: session });
    expect(after.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(after.data?.me ?? null).toBeNull();
  });

  it('rejects a WebSocket without a valid token (4403) and from a foreign Origin', async () => {
    const closeCode = (params: Record<string, unknown>) => new Promise<number>((resolve) => {
      const c = wsClient(server.wsUrl, params);
      c.on('closed', (e) => resolve((e as { code: number }).code));
    });
    expect(await closeCode({ authorization: '' })).toBe(4403);
    expect(await closeCode({ authorization: 'Bearer vgl_personal_forged' })).toBe(4403);
    const foreign = await new Promise<number>((resolve) => {
      const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws', { headers: { origin: 'https://evil.example' } });
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${server.db.adminToken}` } })));
      ws.on('close', (code) => resolve(code));
    });
    expect(foreign).toBe(4403);
  });

  it('a token revoked mid-subscription stops receiving: its socket is closed', async () => {
    const viewer = await userWithToken(server, 'Watcher', 'VIEWER');
    const client: Client = wsClient(server.wsUrl, { authorization: `Bearer ${viewer.token}` });
    const closed = new Promise<number>((resolve) => client.on('closed', (e) => resolve((e as { code: number }).code)));
    const sub = collect(client, `subscription { incidentChanged { id } }`);
    // graphql-ws has no "subscribed" acknowledgement: on a loaded machine, publish until the first event arrives.
    for (let i = 0; sub.items.length === 0 && i < 40; i++) {
      await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "before revoke", severity: P3 }) { id } }`);
      await settle(250);
    }
    await sub.next(1);
    const tokens = await gql(server.graphqlUrl, `{ apiTokens { id } }`, {}, viewer.headers);
    await gql(server.graphqlUrl, `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: tokens.data!.apiTokens[0].id }, viewer.headers);
    expect(await closed).toBe(4403);
    const after = await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "after revoke", severity: P3 }) { id } }`);
    await settle(200);
    expect(sub.items.map((i) => i.incidentChanged.id)).not.toContain(after.data!.declareIncident.id);
    const again = await gql(server.graphqlUrl, `{ me { name } }`, {}, viewer.headers);
    expect(again.status).toBe(401);
    await client.dispose();
  });
});
