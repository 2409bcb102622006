import bcrypt from 'bcryptjs';
import { loadConfig } from '../../server/src/config';
import { User } from '../../server/src/users/user.entity';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer } from '../support/server';
import { raw, signIn } from '../support/sessions';

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const PASSWORD = 'Tidal-Lantern-Quarry-19';

/**
 * Passwords: argon2id with no truncation, old bcrypt hashes upgraded at the next sign-in.
 */
describe.each(testDatabaseKinds())('passwords and sign-in on %s', (kind) => {
  let server: TestServer;
  let n = 0;
  const person = async (password: string | null = PASSWORD) => {
    const email = `pw${++n}@example.com`;
    const user = await server.app.users.create({ name: `Pw ${n}`, email, role: 'RESPONDER', password });
    return { email, id: user.id };
  };
  const hashOf = async (id: number) => (await server.app.db.dataSource.getRepository(User).findOneByOrFail({ id })).passwordHash;

  beforeAll(async () => {
    // Sign-in attempts "from" other addresses come through a proxy that the server trusts, as in production.
    server = await startTestServer(kind, { config: { auth: loadConfig({ PORT: '0', VIGIL_TRUST_PROXY: '1', VIGIL_LOGINS_PER_MINUTE_PER_IP: '1000', VIGIL_LOGINS_PER_MINUTE_PER_ACCOUNT: '1000' }).auth } });
  });
  afterAll(() => server?.dispose());

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
});
