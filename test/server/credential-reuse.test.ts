import { ManualClock } from '@vigil/shared';
import { TestDatabase, createTestDatabase, testDatabaseKinds } from '../support/databases';
import { ServerProcess, spawnServer } from '../support/processes';
import { TestServer, gql, sessionFor, signedInVia, startTestServer, userWithToken, waitUntil } from '../support/server';
import { REDIS_URL, describeIf, mysqlAvailable, redisAvailable } from '../support/services';

const ME = `{ me { name role } }`;

/** Sends `ME` `n` times at once, so the credential check is made once and then reused. */
async function hammer(url: string, headers: Record<string, string>, n = 20): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, async () => (await gql(url, ME, {}, headers)).status));
}

describe.each(testDatabaseKinds())('reused credential checks never outlive a revocation on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock('2026-11-29T10:00:00Z');

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
  });
  afterAll(() => server?.dispose());

  it('a token revoked while in heavy use is refused on the very next request', async () => {
    const viewer = await userWithToken(server, 'Busy', 'VIEWER');
    expect(new Set(await hammer(server.graphqlUrl, viewer.headers))).toEqual(new Set([200]));
    const tokens = await gql(server.graphqlUrl, `{ apiTokens { id } }`, {}, viewer.headers);
    // Revoking a token is credential management: its owner does it from a signed-in session.
    const session = await sessionFor(server, viewer.id);
    const revoked = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`,
      { id: tokens.data!.apiTokens[0].id },
      session.headers,
    );
    expect(revoked.errors).toBeUndefined();
    expect(new Set(await hammer(server.graphqlUrl, viewer.headers))).toEqual(new Set([401]));
  });

  it('a demotion takes effect at once: the old token is refused, not served with its old role', async () => {
    const lead = await userWithToken(server, 'Demoted', 'LEAD');
    expect((await gql(server.graphqlUrl, ME, {}, lead.headers)).data!.me.role).toBe('LEAD');
    const demoted = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { updateUser(id: $id, input: { role: VIEWER }) { role } }`,
      { id: String(lead.id) },
    );
    expect(demoted.errors).toBeUndefined();
    expect((await gql(server.graphqlUrl, ME, {}, lead.headers)).status).toBe(401);
  });

  it('expiry is checked against the clock at every reuse', async () => {
    const user = await server.app.users.create({ name: 'Short', email: `short.${kind}@example.com`, role: 'VIEWER' });
    const { secret } = await server.app.auth.createToken(user.id, 'PERSONAL', 'one day', 1);
    const headers = { authorization: `Bearer ${secret}` };
    expect((await gql(server.graphqlUrl, ME, {}, headers)).status).toBe(200);
    clock.advance(24 * 3600_000 + 1);
    expect((await gql(server.graphqlUrl, ME, {}, headers)).status).toBe(401);
  });
});

describeIf(mysqlAvailable() && redisAvailable())('reused credential checks across two processes', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase('mariadb');
    // A reuse window far longer than the test: only the pub/sub revocation can make replica b forget.
    const env = {
      DATABASE_URL: db.databaseUrl!,
      REDIS_URL,
      VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
      VIGIL_CREDENTIAL_REUSE_MS: '10000',
    };
    a = await spawnServer(env);
    b = await spawnServer(env);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('a token revoked on one replica is refused by the other as soon as the revocation reaches it', async () => {
    const me = await signedInVia(a.graphqlUrl);
    const created = await gql(
      a.graphqlUrl,
      `mutation { createPersonalToken(name: "reused") { token { id } secret } }`,
      {},
      me.headers,
    );
    expect(created.errors).toBeUndefined();
    const {
      token: { id },
      secret,
    } = created.data!.createPersonalToken;
    const headers = { authorization: `Bearer ${secret}` };
    expect(new Set(await hammer(b.graphqlUrl, headers))).toEqual(new Set([200]));
    expect(
      (await gql(a.graphqlUrl, `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id }, me.headers)).errors,
    ).toBeUndefined();
    // Well inside the 10 s reuse window: only the pub/sub revocation can have made the other replica forget. It
    // usually arrives in milliseconds; a loaded machine may take longer, so poll for up to 5 s.
    let status = 200;
    await waitUntil(
      'replica b to refuse the revoked token',
      async () => (status = (await gql(b.graphqlUrl, ME, {}, headers)).status) === 401,
      5_000,
      100,
    ).catch(() => undefined);
    expect(status).toBe(401);
  });
});
