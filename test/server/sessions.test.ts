import { HOUR, ManualClock } from '@vigil/shared';
import { TestDatabase, createTestDatabase, testDatabaseKinds } from '../support/databases';
import { ServerProcess, TEST_ADMIN_PASSWORD, spawnServer } from '../support/processes';
import { TestServer, gql, startTestServer } from '../support/server';
import { REDIS_URL, describeIf, mysqlAvailable, redisAvailable } from '../support/services';
import { closeCode, connected, cookieWsClient, raw, sessionCookieChange, signIn } from '../support/sessions';

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { name } }`;
const ME = `{ me { name } }`;
const SESSIONS = `{ mySessions { id createdAt lastSeenAt ip current } }`;
const REVOKE = `mutation($id: ID!) { revokeSession(id: $id) }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const PASSWORD = 'Tidal-Lantern-Quarry-19';

/**
 * Sessions end cleanly: a stale cookie (revoked or expired) is cleared by the server and never blocks signing in or
 * out; people see and end their own sessions; a password change ends every other session of that person, and the
 * WebSockets those sessions opened are closed.
 */
describe.each(testDatabaseKinds())('sessions on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock('2026-12-01T09:00:00Z');
  let n = 0;
  const person = async (role: 'VIEWER' | 'RESPONDER' | 'LEAD' | 'ADMIN' = 'RESPONDER') => {
    const email = `person${++n}@example.com`;
    await server.app.users.create({ name: `Person ${n}`, email, role, password: PASSWORD });
    return email;
  };
  const cookieHeader = (cookie: string) => ({ cookie });
  const sessionsOf = async (cookie: string) => {
    const r = await raw(server.graphqlUrl, SESSIONS, {}, cookieHeader(cookie));
    expect(r.errors).toBeUndefined();
    return r.data!.mySessions as Array<{
      id: string;
      current: boolean;
      ip: string | null;
      createdAt: string;
      lastSeenAt: string;
    }>;
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
  });
  afterAll(() => server?.dispose());

  it('an expired session cookie does not block sign-in: login works and replaces the cookie', async () => {
    const email = await person();
    const stale = await signIn(server.graphqlUrl, email, PASSWORD);
    clock.advance(13 * HOUR); // past the 12 h idle timeout
    const read = await raw(server.graphqlUrl, ME, {}, cookieHeader(stale));
    expect(read.status).not.toBe(401);
    expect(read.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(sessionCookieChange(read.res)).toEqual({ cookie: null, cleared: true });

    const wrong = await raw(server.graphqlUrl, LOGIN, { e: email, p: 'not the password' }, cookieHeader(stale));
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'password' });
    expect(sessionCookieChange(wrong.res)?.cleared).toBe(true);

    const login = await raw(server.graphqlUrl, LOGIN, { e: email, p: PASSWORD }, cookieHeader(stale));
    expect(login.errors).toBeUndefined();
    expect(login.data!.login.name).toMatch(/^Person/);
    const fresh = sessionCookieChange(login.res)!;
    expect(fresh.cleared).toBe(false);
    expect(login.res.headers.getSetCookie().filter((c) => c.startsWith('vigil_session='))).toHaveLength(1);
    expect(fresh.cookie).not.toBe(stale);
    expect((await raw(server.graphqlUrl, ME, {}, cookieHeader(fresh.cookie!))).data!.me.name).toMatch(/^Person/);
  });

  it('logout with a revoked session cookie: no 401, the cookie is cleared, and sign-in works next', async () => {
    const email = await person();
    const first = await signIn(server.graphqlUrl, email, PASSWORD);
    const other = await signIn(server.graphqlUrl, email, PASSWORD);
    const firstId = (await sessionsOf(first)).find((s) => s.current)!.id;
    expect((await raw(server.graphqlUrl, REVOKE, { id: firstId }, cookieHeader(other))).data).toEqual({
      revokeSession: true,
    });

    const out = await raw(server.graphqlUrl, `mutation { logout }`, {}, cookieHeader(first));
    expect(out.status).toBe(200);
    expect(sessionCookieChange(out.res)?.cleared).toBe(true);
    // The caller is signed out already: logout still succeeds (it is open to anyone; without a session it only clears).
    expect(out.errors).toBeUndefined();
    expect(out.data).toEqual({ logout: true });
    const again = await raw(server.graphqlUrl, LOGIN, { e: email, p: PASSWORD }, cookieHeader(first));
    expect(again.errors).toBeUndefined();
    // The other session was never touched.
    expect((await raw(server.graphqlUrl, ME, {}, cookieHeader(other))).data!.me).not.toBeNull();
  });

  it('mySessions lists only your active sessions, marks the current one, and revokeSession closes its WebSockets', async () => {
    const email = await person();
    const laptop = await signIn(server.graphqlUrl, email, PASSWORD);
    const phone = await signIn(server.graphqlUrl, email, PASSWORD);
    const someoneElse = await signIn(server.graphqlUrl, await person(), PASSWORD);
    const listed = await sessionsOf(laptop);
    expect(listed).toHaveLength(2);
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    expect(listed.every((s) => s.ip && s.createdAt && s.lastSeenAt)).toBe(true);
    const phoneId = (await sessionsOf(phone)).find((s) => s.current)!.id;
    expect(listed.find((s) => !s.current)!.id).toBe(phoneId);
    expect((await sessionsOf(someoneElse)).map((s) => s.id)).not.toContain(phoneId);

    const socket = cookieWsClient(server.wsUrl, phone);
    await connected(socket);
    const closed = closeCode(socket);
    expect((await raw(server.graphqlUrl, REVOKE, { id: phoneId }, cookieHeader(laptop))).errors).toBeUndefined();
    expect(await closed).toBe(4403);
    expect(sessionCookieChange((await raw(server.graphqlUrl, ME, {}, cookieHeader(phone))).res)?.cleared).toBe(true);
    expect((await sessionsOf(laptop)).map((s) => s.id)).not.toContain(phoneId);
  });

  it('revokeSession on your current session signs you out and clears the cookie', async () => {
    const cookie = await signIn(server.graphqlUrl, await person(), PASSWORD);
    const id = (await sessionsOf(cookie)).find((s) => s.current)!.id;
    const r = await raw(server.graphqlUrl, REVOKE, { id }, cookieHeader(cookie));
    expect(r.data).toEqual({ revokeSession: true });
    expect(sessionCookieChange(r.res)?.cleared).toBe(true);
  });

  it("nobody but an admin ends someone else's session; no token ends a session, a wall token cannot list them", async () => {
    const victim = await signIn(server.graphqlUrl, await person(), PASSWORD);
    const victimId = (await sessionsOf(victim)).find((s) => s.current)!.id;
    const intruder = await signIn(server.graphqlUrl, await person('RESPONDER'), PASSWORD);
    const refused = await raw(server.graphqlUrl, REVOKE, { id: victimId }, cookieHeader(intruder));
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await raw(server.graphqlUrl, ME, {}, cookieHeader(victim))).data!.me).not.toBeNull();

    // A wall token (a screen's URL) may neither see where its owner signs in nor sign them out; a script's token may
    // list but not end sessions.
    const leadEmail = await person('LEAD');
    const leadCookie = await signIn(server.graphqlUrl, leadEmail, PASSWORD);
    const leadSession = (await sessionsOf(leadCookie))[0].id;
    const ownerId = (await gql(server.graphqlUrl, `{ me { id } }`, {}, { cookie: leadCookie, authorization: '' })).data!
      .me.id;
    const wall = await server.app.auth.createToken(Number(ownerId), 'WALL', 'lobby');
    const script = await server.app.auth.createToken(Number(ownerId), 'PERSONAL', 'script');
    for (const secret of [wall.secret, script.secret]) {
      const r = await gql(server.graphqlUrl, REVOKE, { id: leadSession }, { authorization: `Bearer ${secret}` });
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(
      (await gql(server.graphqlUrl, SESSIONS, {}, { authorization: `Bearer ${wall.secret}` })).errors?.[0].extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await gql(server.graphqlUrl, SESSIONS, {}, { authorization: `Bearer ${script.secret}` })).data!.mySessions,
    ).toHaveLength(1);
    expect((await raw(server.graphqlUrl, ME, {}, cookieHeader(leadCookie))).data!.me).not.toBeNull();

    expect((await gql(server.graphqlUrl, SESSIONS, {}, { authorization: '' })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (await gql(server.graphqlUrl, `mutation { revokeSession(id: "1") }`, {}, { authorization: '' })).errors?.[0]
        .extensions?.code,
    ).toBe('UNAUTHENTICATED');
    const admin = await person('ADMIN');
    const adminCookie = await signIn(server.graphqlUrl, admin, PASSWORD);
    expect(
      (await raw(server.graphqlUrl, `mutation { revokeSession(id: "nope") }`, {}, cookieHeader(adminCookie)))
        .errors?.[0].extensions,
    ).toMatchObject({ code: 'VALIDATION', field: 'id' });
    expect((await raw(server.graphqlUrl, REVOKE, { id: victimId }, cookieHeader(adminCookie))).data).toEqual({
      revokeSession: true,
    });
    expect((await raw(server.graphqlUrl, ME, {}, cookieHeader(victim))).data?.me ?? null).toBeNull();
  });

  it("a password change ends the person's other sessions and closes their WebSockets; the current session stays", async () => {
    const email = await person();
    const here = await signIn(server.graphqlUrl, email, PASSWORD);
    const elsewhere = await signIn(server.graphqlUrl, email, PASSWORD);
    const bystander = await signIn(server.graphqlUrl, await person(), PASSWORD);
    const socket = cookieWsClient(server.wsUrl, elsewhere);
    await connected(socket);
    const closed = closeCode(socket);

    const changed = await raw(
      server.graphqlUrl,
      CHANGE,
      { c: PASSWORD, n: 'Marble-Otter-Kettle-2027' },
      cookieHeader(here),
    );
    expect(changed.errors).toBeUndefined();
    expect(await closed).toBe(4403);
    expect((await raw(server.graphqlUrl, ME, {}, cookieHeader(elsewhere))).data?.me ?? null).toBeNull();
    expect((await raw(server.graphqlUrl, ME, {}, cookieHeader(here))).data!.me).not.toBeNull();
    expect(await sessionsOf(here)).toHaveLength(1);
    expect((await raw(server.graphqlUrl, ME, {}, cookieHeader(bystander))).data!.me).not.toBeNull();
    await expect(signIn(server.graphqlUrl, email, PASSWORD)).rejects.toThrow(/UNAUTHENTICATED/);
    await signIn(server.graphqlUrl, email, 'Marble-Otter-Kettle-2027');
  });
});

describeIf(mysqlAvailable() && redisAvailable())('ending a session across two processes', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase('mariadb');
    const env = { DATABASE_URL: db.databaseUrl!, REDIS_URL, VIGIL_BOOTSTRAP_TOKEN: db.adminToken };
    a = await spawnServer(env);
    b = await spawnServer(env);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('a session ended on one replica has its WebSocket on the other closed', async () => {
    // People who sign in are made from a session (a token may not give anyone a password).
    const admin = await signIn(a.graphqlUrl, 'admin@localhost', TEST_ADMIN_PASSWORD);
    const created = await raw(
      a.graphqlUrl,
      `mutation { createUser(input: { name: "Rene", email: "rene@example.com", role: VIEWER, password: "${PASSWORD}" }) { id } }`,
      {},
      { cookie: admin },
    );
    expect(created.errors).toBeUndefined();
    const onB = await signIn(b.graphqlUrl, 'rene@example.com', PASSWORD);
    const onA = await signIn(a.graphqlUrl, 'rene@example.com', PASSWORD);
    const socket = cookieWsClient(b.wsUrl, onB);
    await connected(socket);
    const closed = closeCode(socket);
    const target = (await raw(b.graphqlUrl, SESSIONS, {}, { cookie: onB })).data!.mySessions.find(
      (x: { current: boolean }) => x.current,
    ).id;
    expect((await raw(a.graphqlUrl, REVOKE, { id: target }, { cookie: onA })).errors).toBeUndefined();
    expect(await closed).toBe(4403);
  });
});
