import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import { loadConfig } from '../../server/src/config';
import { User } from '../../server/src/model/user.entity';
import { TestDatabase, createTestDatabase, testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer, userWithSession } from '../support/server';
import { raw, signIn } from '../support/sessions';

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const PASSWORD = 'Tidal-Lantern-Quarry-19';

/**
 * Passwords: argon2id with no truncation, old bcrypt hashes upgraded at the next sign-in, weak ones refused with the
 * reason, and a sign-in limit that an attacker cannot turn against the account's owner.
 */
describe.each(testDatabaseKinds())('passwords and sign-in on %s', (kind) => {
  let db: TestDatabase;
  let server: TestServer;
  let n = 0;
  const person = async (password: string | null = PASSWORD) => {
    const email = `pw${++n}@example.com`;
    const user = await server.app.users.create({ name: `Pw ${n}`, email, role: 'RESPONDER', password });
    return { email, id: user.id };
  };
  const hashOf = async (id: number) =>
    (await server.app.db.dataSource.getRepository(User).findOneByOrFail({ id })).passwordHash;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    // Sign-in attempts "from" other addresses come through a proxy that the server trusts, as in production.
    const { auth } = loadConfig({
      PORT: '0',
      VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
      VIGIL_TRUST_PROXY: '1',
      VIGIL_LOGINS_PER_MINUTE_PER_IP: '1000',
      VIGIL_LOGINS_PER_MINUTE_PER_ACCOUNT: '1000',
    });
    server = await startTestServer(kind, { database: db, config: { auth } });
  });
  afterAll(async () => {
    await server?.dispose();
    await db?.drop();
  });

  it('a bcrypt hash from before is upgraded to argon2id at the next successful sign-in, and the old hash is gone', async () => {
    const { email, id } = await person(null);
    const legacy = await bcrypt.hash(PASSWORD, 10);
    await server.app.db.dataSource.getRepository(User).update({ id }, { passwordHash: legacy });
    const wrong = await raw(server.graphqlUrl, LOGIN, { e: email, p: 'Tidal-Lantern-Quarry-18' });
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await hashOf(id)).toBe(legacy);

    await signIn(server.graphqlUrl, email, PASSWORD);
    const upgraded = await hashOf(id);
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(upgraded).not.toBe(legacy);
    expect(await bcrypt.compare(PASSWORD, upgraded!).catch(() => false)).toBe(false);
    await signIn(server.graphqlUrl, email, PASSWORD);
    expect(await hashOf(id)).toBe(upgraded);
  });

  it('new passwords are hashed with argon2id', async () => {
    const { id } = await person();
    expect(await hashOf(id)).toMatch(/^\$argon2id\$/);
  });

  it('refuses weak new passwords with the reason, naming newPassword, and changes nothing', async () => {
    const { email, id } = await person();
    const cookie = await signIn(server.graphqlUrl, email, PASSWORD);
    const before = await hashOf(id);
    const cases: Array<[string, RegExp]> = [
      ['password1234', /commonly used password/i],
      ['aaaaaaaaaaaaaaaa', /repeated characters/i],
      ['abcabcabcabcabc', /repeated/i],
      [email, /email/i],
      [`${email}2026`, /email/i],
      ['short-1', /at least 12 characters/i],
      ['x'.repeat(201), /at most 200 characters/i],
    ];
    for (const [weak, why] of cases) {
      const r = await raw(server.graphqlUrl, CHANGE, { c: PASSWORD, n: weak }, { cookie });
      expect({ weak, extensions: r.errors?.[0].extensions }).toMatchObject({
        weak,
        extensions: { code: 'VALIDATION', field: 'newPassword' },
      });
      expect(r.errors![0].message).toMatch(why);
    }
    expect(await hashOf(id)).toBe(before);
    await signIn(server.graphqlUrl, email, PASSWORD);
  });

  it('takes a long random password (its estimate is bounded: server/src/auth/password-strength.test.ts)', async () => {
    const { email } = await person();
    const cookie = await signIn(server.graphqlUrl, email, PASSWORD);
    const long = crypto.randomBytes(150).toString('base64').slice(0, 200);
    expect((await raw(server.graphqlUrl, CHANGE, { c: PASSWORD, n: long }, { cookie })).errors).toBeUndefined();
    await signIn(server.graphqlUrl, email, long);
  });

  it('refuses a weak password for a new person too (field password)', async () => {
    // From an admin's session: a token may not give anyone a password at all.
    const admin = (await userWithSession(server, 'Password admin', 'ADMIN')).headers;
    const r = await gql(
      server.graphqlUrl,
      `mutation { createUser(input: { name: "Weak", email: "weak@example.com", role: VIEWER, password: "password1234" }) { id } }`,
      {},
      admin,
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'password' });
    expect(r.errors![0].message).toMatch(/commonly used password/i);
    expect(await server.app.db.dataSource.getRepository(User).existsBy({ email: 'weak@example.com' })).toBe(false);
  });

  it('needs the current password to change it', async () => {
    const { email } = await person();
    const cookie = await signIn(server.graphqlUrl, email, PASSWORD);
    const r = await raw(
      server.graphqlUrl,
      CHANGE,
      { c: 'Tidal-Lantern-Quarry-20', n: 'Marble-Otter-Kettle-2027' },
      { cookie },
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'currentPassword' });
  });

  it('does not truncate long passwords: two sharing their first 72 bytes are different passwords', async () => {
    const { email } = await person();
    const prefix = 'Seventy-two bytes is where bcrypt stopped reading; this one goes on past ';
    expect(Buffer.byteLength(prefix)).toBeGreaterThanOrEqual(72);
    const long = `${prefix}the harbour lights`;
    const sibling = `${prefix}the mountain road`;
    const cookie = await signIn(server.graphqlUrl, email, PASSWORD);
    expect((await raw(server.graphqlUrl, CHANGE, { c: PASSWORD, n: long }, { cookie })).errors).toBeUndefined();
    const r = await raw(server.graphqlUrl, LOGIN, { e: email, p: sibling });
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await signIn(server.graphqlUrl, email, long);
  });

  it("an attacker cannot choose their own address by writing X-Forwarded-For: only the proxy's entry counts", async () => {
    const { email } = await person();
    server.app.auth.limits.loginPerAccountAddress = { capacity: 3, perMinute: 3 };
    const codes: string[] = [];
    // Behind one proxy, which appends the address it saw (198.51.100.44); the client forges the rest, new each time.
    for (let i = 0; i < 5; i++) {
      const r = await raw(
        server.graphqlUrl,
        LOGIN,
        { e: email, p: `forged-${i}` },
        { 'x-forwarded-for': `10.9.${i}.1, 198.51.100.44` },
      );
      codes.push(r.errors![0].extensions!.code);
    }
    expect(codes.slice(3)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  it("an attacker hammering one account from one address slows down, is limited, and does not stop the owner's sign-in from another address", async () => {
    const { email } = await person();
    server.app.auth.limits.loginPerAccountAddress = { capacity: 5, perMinute: 5 };
    const attacker = { 'x-forwarded-for': '203.0.113.9' };
    const took: number[] = [];
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const started = Date.now();
      const r = await raw(server.graphqlUrl, LOGIN, { e: email, p: `guess-number-${i}` }, attacker);
      took.push(Date.now() - started);
      codes.push(r.errors![0].extensions!.code);
    }
    expect(codes).toEqual([
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    // The owner, elsewhere, signs in at once...
    await signIn(server.graphqlUrl, email, PASSWORD, { 'x-forwarded-for': '198.51.100.7' });
    // ...while even the right password from the attacker's address is limited there.
    expect((await raw(server.graphqlUrl, LOGIN, { e: email, p: PASSWORD }, attacker)).errors![0].extensions!.code).toBe(
      'RATE_LIMITED',
    );
    // Progressive delay: after three failures from that address, each next attempt waits longer before it is checked.
    expect(took[3]).toBeGreaterThanOrEqual(500);
    expect(took[4]).toBeGreaterThanOrEqual(1000);
  });
});
