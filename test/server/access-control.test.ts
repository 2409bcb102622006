import { Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { CredentialKind, ROLES, Role, credentialDecision, roleAtLeast, roleForMutation } from '@vigil/shared';
import { sqliteRowCounter } from '../support/databases';
import { loadSchemaCalls, SchemaCalls } from '../support/schema-calls';
import {
  TestServer,
  collect,
  gql,
  sessionFor,
  startTestServer,
  subscribed,
  userWithSession,
  userWithToken,
  waitUntil,
  wsClient,
} from '../support/server';

/**
 * Every kind of caller: anonymous, a wall token (global and a team's), a personal API token of each role and a
 * signed-in session of each role. The credential kind is the matrix's second dimension (credentials.ts).
 */
type Who = 'ANONYMOUS' | 'WALL' | 'TEAM_WALL' | `TOKEN_${Role}` | `SESSION_${Role}`;
const WHO: readonly Who[] = [
  'ANONYMOUS',
  'WALL',
  'TEAM_WALL',
  ...ROLES.map((r) => `TOKEN_${r}` as const),
  ...ROLES.map((r) => `SESSION_${r}` as const),
];

function kindOf(who: Who): CredentialKind {
  if (who === 'ANONYMOUS') return 'ANONYMOUS';
  if (who === 'WALL' || who === 'TEAM_WALL') return 'WALL_TOKEN';
  return who.startsWith('TOKEN_') ? 'PERSONAL_TOKEN' : 'SESSION';
}

/** What each mutation × caller must answer: refused when the credential kind or the role falls short, else not refused. */
function expectedRefusal(
  mutation: string,
  who: Who,
  args: Record<string, unknown>,
): { code: 'UNAUTHENTICATED' | 'FORBIDDEN'; rule?: string } | null {
  const needed = roleForMutation(mutation);
  const kind = kindOf(who);
  if (kind === 'WALL_TOKEN') return { code: 'FORBIDDEN', rule: 'READ_ONLY' };
  if (needed === 'PUBLIC') return null;
  if (kind === 'ANONYMOUS') return { code: 'UNAUTHENTICATED' };
  if (credentialDecision(kind, 'mutation', mutation, args) === 'SESSION_ONLY')
    return { code: 'FORBIDDEN', rule: 'SESSION_ONLY' };
  const role = who.replace(/^(TOKEN|SESSION)_/, '') as Role;
  if (needed === null) return { code: 'FORBIDDEN' };
  return roleAtLeast(role, needed) ? null : { code: 'FORBIDDEN' };
}

describe('access control: the credential kind × role × mutation matrix over HTTP and WebSocket', () => {
  let server: TestServer;
  let calls: SchemaCalls;
  const headers = {} as Record<Who, Record<string, string>>;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    calls = await loadSchemaCalls(server.graphqlUrl);
    for (const role of ROLES) {
      const person = await userWithToken(server, `${role.toLowerCase()} person`, role);
      headers[`TOKEN_${role}`] = person.headers;
      headers[`SESSION_${role}`] = (await sessionFor(server, person.id)).headers;
    }
    headers.ANONYMOUS = { authorization: '' };
    const wall = await gql(
      server.graphqlUrl,
      `mutation { createWallToken(name: "lobby") { secret } }`,
      {},
      headers.SESSION_LEAD,
    );
    headers.WALL = { authorization: `Bearer ${wall.data!.createWallToken.secret}` };
    const team = await gql(
      server.graphqlUrl,
      `mutation { createTeam(name: "Lobby team") { id } }`,
      {},
      headers.SESSION_ADMIN,
    );
    const teamWall = await gql(
      server.graphqlUrl,
      `mutation($t: ID) { createWallToken(name: "team lobby", teamId: $t) { secret } }`,
      { t: team.data!.createTeam.id },
      headers.SESSION_ADMIN,
    );
    headers.TEAM_WALL = { authorization: `Bearer ${teamWall.data!.createWallToken.secret}` };
  });
  afterAll(() => server?.dispose());

  it('covers every mutation in the schema', () => {
    expect(calls.mutations.length).toBeGreaterThan(10);
    for (const m of calls.mutations) expect(roleForMutation(m.name)).not.toBeNull();
  });

  it('over HTTP: each caller is refused exactly where the matrix says; a wall token writes nothing', async () => {
    const failures: string[] = [];
    // The audit log records refusals by design; nothing else may change when a wall token is refused.
    const count = await sqliteRowCounter(server.app.db.dataSource, ['audit_log', 'migrations']);
    // logout ends the session it is called with: last, so the other calls still have theirs.
    const mutations = [...calls.mutations].sort((x, y) => Number(x.name === 'logout') - Number(y.name === 'logout'));
    // Walls first, over every mutation, while nothing else has happened yet: no timer of an earlier call (a page due,
    // an escalation) can write during a wall's call and be taken for it.
    const passes = [WHO.filter((w) => kindOf(w) === 'WALL_TOKEN'), WHO.filter((w) => kindOf(w) !== 'WALL_TOKEN')];
    for (const pass of passes)
      for (const field of mutations) {
        for (const who of pass) {
          const { query, variables } = calls.call(field);
          const before = kindOf(who) === 'WALL_TOKEN' ? await count() : null;
          const res = await gql(server.graphqlUrl, query, variables, headers[who]);
          const ext = res.errors?.[0]?.extensions;
          const code = ext?.code ?? null;
          // A role or credential refusal names what was needed; ownership refusals (someone else's token) do not.
          const refusedForAccess =
            code === 'UNAUTHENTICATED' ||
            (code === 'FORBIDDEN' && (ext!.needed !== undefined || ext!.rule !== undefined));
          const expected = expectedRefusal(field.name, who, variables);
          if (expected && (code !== expected.code || (expected.rule && ext?.rule !== expected.rule))) {
            failures.push(
              `${field.name} as ${who}: expected ${expected.code} ${expected.rule ?? ''}, got ${code} ${ext?.rule ?? ''}`,
            );
          }
          if (!expected && refusedForAccess && field.name !== 'login')
            failures.push(`${field.name} as ${who}: refused with ${code} ${ext?.rule ?? ''}`);
          if (res.status >= 500 || code === 'INTERNAL_SERVER_ERROR')
            failures.push(`${field.name} as ${who}: ${res.status} ${JSON.stringify(res.errors)}`);
          if (before && JSON.stringify(await count()) !== JSON.stringify(before))
            failures.push(`${field.name} as ${who}: wrote data`);
        }
      }
    expect(failures).toEqual([]);
  }, 240_000);

  it('over WebSocket: walls (global and team) and a personal token on credential mutations are refused; a session may', async () => {
    const run = async (who: Who, query: string) => {
      const client = wsClient(server.wsUrl, { authorization: headers[who].authorization }, headers[who].cookie);
      try {
        return await new Promise<{ errors?: Array<{ extensions?: { code?: string; rule?: string } }>; data?: unknown }>(
          (resolve, reject) => {
            client.subscribe({ query }, { next: (r) => resolve(r as never), error: reject, complete: () => undefined });
          },
        );
      } finally {
        await client.dispose();
      }
    };
    const declare = `mutation { declareIncident(input: { title: "via ws", severity: P3 }) { id } }`;
    const mint = `mutation { createPersonalToken(name: "from ws") { secret } }`;
    expect((await run('WALL', declare)).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'READ_ONLY' });
    expect((await run('TEAM_WALL', declare)).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'READ_ONLY',
    });
    expect((await run('WALL', mint)).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'READ_ONLY' });
    expect((await run('TOKEN_ADMIN', mint)).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'SESSION_ONLY',
    });
    // An admin token may not mint itself a way to sign in: a new person with a password needs a session.
    const withPassword = `mutation { createUser(input: { name: "Shadow admin", email: "shadow@example.com", role: ADMIN, password: "Quiet-Lantern-Harbor-77" }) { id } }`;
    expect((await run('TOKEN_ADMIN', withPassword)).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'SESSION_ONLY',
    });
    expect((await server.app.users.list()).some((u) => u.email === 'shadow@example.com')).toBe(false);
    expect(
      (
        await run(
          'TOKEN_ADMIN',
          `mutation { createUser(input: { name: "Paged only", email: "paged@example.com", role: RESPONDER }) { id } }`,
        )
      ).errors,
    ).toBeUndefined();
    expect((await run('TOKEN_VIEWER', declare)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await run('TOKEN_RESPONDER', declare)).errors).toBeUndefined();
    // The HTTP matrix ended every session with logout: a fresh one.
    headers.SESSION_VIEWER = (await userWithSession(server, 'ws viewer', 'VIEWER')).headers;
    expect((await run('SESSION_VIEWER', mint)).errors).toBeUndefined();
  });

  it('the audit log records who did what, from where, over which transport; only admins read it', async () => {
    await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "audited", severity: P3 }) { id } }`,
      {},
      headers.TOKEN_RESPONDER,
    );
    const log = await gql(
      server.graphqlUrl,
      `{ auditLog(filter: { action: "declareIncident" }, first: 50) { actorName actorKind action outcome ip transport args } }`,
      {},
      headers.TOKEN_ADMIN,
    );
    const entry = log.data!.auditLog.find((e: any) => e.args?.input?.title === 'audited');
    expect(entry).toMatchObject({
      actorName: 'responder person (test)',
      actorKind: 'TOKEN',
      outcome: 'OK',
      transport: 'HTTP',
    });
    expect(entry.ip).toMatch(/127\.0\.0\.1/);
    const refused = log.data!.auditLog.find((e: any) => e.outcome === 'FORBIDDEN');
    expect(refused).toBeDefined();
    const asLead = await gql(server.graphqlUrl, `{ auditLog { id } }`, {}, headers.TOKEN_LEAD);
    expect(asLead.errors![0].extensions!.code).toBe('FORBIDDEN');
    const secrets = await gql(
      server.graphqlUrl,
      `{ auditLog(filter: { action: "createWallToken" }) { args } }`,
      {},
      headers.TOKEN_ADMIN,
    );
    expect(JSON.stringify(secrets.data)).not.toMatch(/vgl_/);
  });

  it('reads need a credential; a bad one is 401; public queries need none', async () => {
    const anon = await gql(server.graphqlUrl, `{ incidents { nodes { id } } }`, {}, headers.ANONYMOUS);
    expect(anon.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const bad = await gql(
      server.graphqlUrl,
      `{ incidents { nodes { id } } }`,
      {},
      { authorization: 'Bearer vgl_personal_nope' },
    );
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
    await server.app.users.create({
      name: 'Cleo',
      email: 'cleo@example.com',
      role: 'RESPONDER',
      password: 'correct horse battery',
    });
    const wrong = await gql(
      server.graphqlUrl,
      `mutation { login(email: "cleo@example.com", password: "nope") { id } }`,
      {},
      { authorization: '' },
    );
    expect(wrong.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { login(email: "Cleo@example.com", password: "correct horse battery") { name role } }`,
      }),
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

  it('a session cookie that is not even valid percent-encoding is a stale cookie: cleared, never a 500', async () => {
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'vigil_session=%' },
      body: JSON.stringify({ query: '{ severityPolicies { severity } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join()).toMatch(/vigil_session=;/);
    const md = await fetch(`${server.url}/api/postmortems/1/markdown`, {
      headers: { cookie: 'vigil_session=%E0%A4%A' },
    });
    expect(md.status).toBe(401);
  });

  it('refuses a WebSocket message larger than an HTTP body may be (256 KB), before anyone signs in', async () => {
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws');
      ws.on('open', () =>
        ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(300 * 1024) } })),
      );
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(1009);
  });

  it('bounds the operations one socket may hold open, so one wall cannot slow everyone', async () => {
    const client = wsClient(server.wsUrl);
    try {
      const subs = Array.from({ length: 51 }, () => collect(client, 'subscription { incidentChanged { id } }'));
      const deadline = Date.now() + 10_000;
      while (!subs.some((s) => s.errors.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // Opened all at once, a few may be refused a little early (the count is of operations already open), never late.
      const refused = subs.filter((s) => JSON.stringify(s.errors).includes('RATE_LIMITED'));
      expect(refused.length).toBeGreaterThan(0);
      expect(subs.length - refused.length).toBeLessThanOrEqual(50);
      for (const s of subs) s.unsubscribe();
    } finally {
      await client.dispose();
    }
  });

  it('rejects a WebSocket without a valid token (4403) and from a foreign Origin', async () => {
    const closeCode = (params: Record<string, unknown>) =>
      new Promise<number>((resolve) => {
        const c = wsClient(server.wsUrl, params);
        c.on('closed', (e) => resolve((e as { code: number }).code));
      });
    expect(await closeCode({ authorization: '' })).toBe(4403);
    expect(await closeCode({ authorization: 'Bearer vgl_personal_forged' })).toBe(4403);
    const foreign = await new Promise<number>((resolve) => {
      const ws = new WebSocket(server.wsUrl, 'graphql-transport-ws', { headers: { origin: 'https://evil.example' } });
      ws.on('open', () =>
        ws.send(
          JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${server.db.adminToken}` } }),
        ),
      );
      ws.on('close', (code) => resolve(code));
    });
    expect(foreign).toBe(4403);
  });

  it('a token revoked mid-subscription stops receiving: its socket is closed', async () => {
    const viewer = await userWithToken(server, 'Watcher', 'VIEWER');
    const client: Client = wsClient(server.wsUrl, { authorization: `Bearer ${viewer.token}` });
    const closed = new Promise<number>((resolve) => client.on('closed', (e) => resolve((e as { code: number }).code)));
    const sub = collect(client, `subscription { incidentChanged { id } }`);
    await subscribed(server, sub);
    await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "before revoke", severity: P3 }) { id } }`,
    );
    await sub.next(1);
    const tokens = await gql(server.graphqlUrl, `{ apiTokens { id } }`, {}, viewer.headers);
    await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`,
      { id: tokens.data!.apiTokens[0].id },
      (await sessionFor(server, viewer.id)).headers,
    );
    expect(await closed).toBe(4403);
    // The server has dropped the subscription too, not only the socket: nothing published from now on is sent for it.
    await waitUntil('the server to drop the revoked subscription', () => !server.isSubscribed(sub.operationId!));
    const after = await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "after revoke", severity: P3 }) { id } }`,
    );
    expect(sub.items.map((i) => i.incidentChanged.id)).not.toContain(after.data!.declareIncident.id);
    const again = await gql(server.graphqlUrl, `{ me { name } }`, {}, viewer.headers);
    expect(again.status).toBe(401);
    await client.dispose();
  });
});
