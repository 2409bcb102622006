import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { quietNotify } from '../support/notify-config';
import { setUpPaging } from '../support/paging';
import { PAGING_DOCUMENTS } from '../support/personal-paging';
import { HttpReceiver, ReceivedRequest, startHttpReceiver } from '../support/receivers';
import { TestServer, gql, sessionFor, startTestServer, userWithSession } from '../support/server';

jest.setTimeout(90_000);

const { addContactMethod: ADD, verifyContactMethod: VERIFY } = PAGING_DOCUMENTS;
const RESEND = `mutation($id: ID!) { resendVerificationCode(id: $id) { id verified } }`;
const DECLARE = `mutation($t: String!) { declareIncident(input: { title: $t, severity: P1 }) { id } }`;

/**
 * Issue 18: a webhook an admin adds for someone else was verified at once, so pages for that person went to an
 * endpoint they never confirmed. Now it gets a code POSTed to it, and only the person can enter the code.
 */
describe.each(testDatabaseKinds())('contact methods added on someone else’s behalf on %s', (kind) => {
  let server: TestServer;
  let hooks: HttpReceiver;
  const clock = new ManualClock('2026-12-03T03:00:00.000Z');
  let people: Record<string, number>;
  const as: Record<string, Record<string, string>> = {};

  const codeAt = (path: string): string => {
    const sent = hooks.requests.filter((r) => r.path === path && r.body?.type === 'verification');
    return String(sent.at(-1)?.body.code);
  };
  const pagesAt = (path: string): ReceivedRequest[] =>
    hooks.requests.filter((r) => r.path === path && r.body?.type !== 'verification');
  const methodsOf = (userId: number) =>
    server.app.db.dataSource.query<Array<{ id: number; address: string; verifiedAt: unknown }>>(
      `SELECT id, address, verifiedAt FROM contact_method WHERE userId = ${userId} ORDER BY id`,
    );

  beforeAll(async () => {
    hooks = await startHttpReceiver();
    server = await startTestServer(kind, { clock, config: { notify: quietNotify() } });
    // Ana is on call (paged first); Lee leads her team; Em is another responder.
    people = await setUpPaging(server);
    as.ana = (await sessionFor(server, people.ana)).headers;
    as.lee = (await sessionFor(server, people.lee)).headers;
    as.em = (await sessionFor(server, people.em)).headers;
    as.admin = (await userWithSession(server, 'Ada Admin', 'ADMIN')).headers;
    as.lead = (await userWithSession(server, 'Lou Lead', 'LEAD')).headers;
    const token = async (userId: number) =>
      `Bearer ${(await server.app.auth.createToken(userId, 'PERSONAL', 'test')).secret}`;
    as.anaToken = { authorization: await token(people.ana) };
    const adminId = Number((await gql(server.graphqlUrl, `{ me { id } }`, {}, as.admin)).data!.me.id);
    as.adminToken = { authorization: await token(adminId) };
    const wall = await gql(server.graphqlUrl, `mutation { createWallToken(name: "lobby") { secret } }`, {}, as.admin);
    as.wall = { authorization: `Bearer ${wall.data!.createWallToken.secret}` };
  });

  afterAll(async () => {
    await server?.dispose();
    await hooks?.close();
  });

  it('an admin’s webhook for Ana waits for the code POSTed to it; only Ana can enter it, and only then is she paged there', async () => {
    const added = await gql(
      server.graphqlUrl,
      ADD,
      { u: String(people.ana), k: 'WEBHOOK', a: `${hooks.url}/by-admin` },
      as.admin,
    );
    expect(added.errors).toBeUndefined();
    const method = added.data!.addContactMethod;
    expect(method).toMatchObject({ verified: false, verificationNote: expect.stringMatching(/sent to the webhook/) });
    const code = codeAt('/by-admin');
    expect(code).toMatch(/^\d{6}$/);

    // The admin may hold the endpoint and read the code; entering it is still Ana's alone.
    const byAdmin = await gql(server.graphqlUrl, VERIFY, { id: method.id, c: code }, as.admin);
    expect(byAdmin.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });

    // Until Ana enters it, a page for her does not go there.
    expect((await gql(server.graphqlUrl, DECLARE, { t: 'Before Ana confirmed' })).errors).toBeUndefined();
    await server.app.notifications.runOnce();
    expect(pagesAt('/by-admin')).toEqual([]);

    const byAna = await gql(server.graphqlUrl, VERIFY, { id: method.id, c: code }, as.ana);
    expect(byAna.data?.verifyContactMethod).toEqual({ id: method.id, verified: true });
    expect((await gql(server.graphqlUrl, DECLARE, { t: 'After Ana confirmed' })).errors).toBeUndefined();
    await server.app.notifications.runOnce();
    expect(pagesAt('/by-admin').map((r) => r.body.title)).toEqual(['After Ana confirmed']);
  });

  it('a webhook Ana adds herself is hers at once, as before', async () => {
    const mine = await gql(
      server.graphqlUrl,
      ADD,
      { u: String(people.ana), k: 'WEBHOOK', a: `${hooks.url}/mine` },
      as.ana,
    );
    expect(mine.data?.addContactMethod).toMatchObject({ verified: true });
    expect(hooks.requests.filter((r) => r.path === '/mine')).toEqual([]);
  });

  it('no other credential adds, verifies or re-sends codes for Ana’s methods', async () => {
    const pending = (
      await gql(server.graphqlUrl, ADD, { u: String(people.ana), k: 'WEBHOOK', a: `${hooks.url}/pending` }, as.admin)
    ).data!.addContactMethod;
    const code = codeAt('/pending');
    const before = await methodsOf(people.ana);

    const adders: Array<[string, string]> = [
      ['lee', 'FORBIDDEN'], // her team lead
      ['lead', 'FORBIDDEN'], // a LEAD by role
      ['em', 'FORBIDDEN'], // another responder
      ['anaToken', 'FORBIDDEN'], // her own personal token: contact methods need a session
      ['adminToken', 'FORBIDDEN'], // an admin's personal token
      ['wall', 'FORBIDDEN'], // a wall token
    ];
    for (const [who, want] of adders) {
      const r = await gql(
        server.graphqlUrl,
        ADD,
        { u: String(people.ana), k: 'WEBHOOK', a: `${hooks.url}/${who}` },
        as[who],
      );
      expect([who, r.errors?.[0].extensions?.code]).toEqual([who, want]);
    }
    for (const who of ['admin', 'lee', 'lead', 'em', 'anaToken', 'adminToken', 'wall']) {
      const v = await gql(server.graphqlUrl, VERIFY, { id: pending.id, c: code }, as[who]);
      expect([who, v.data?.verifyContactMethod ?? null]).toEqual([who, null]);
      const s = await gql(server.graphqlUrl, RESEND, { id: pending.id }, as[who]);
      expect([who, s.data?.resendVerificationCode ?? null]).toEqual([who, null]);
    }
    // Nothing was added or verified, and no code went anywhere but the one endpoint, once.
    expect(await methodsOf(people.ana)).toEqual(before);
    expect(hooks.requests.filter((r) => r.path === '/pending')).toHaveLength(1);
    expect(hooks.requests.filter((r) => adders.some(([who]) => r.path === `/${who}`))).toEqual([]);
  });
});
