import crypto from 'node:crypto';
import { RunningServer } from '../../server/src/server';

/**
 * Creates a person with a role and signs them in through the `login` mutation: the headers carry only the
 * session cookie (no token), as a browser's would. Credential-managing mutations need a session, not a token.
 */
export async function userWithSession(server: RunningServer, name: string, role: 'VIEWER' | 'RESPONDER' | 'LEAD' | 'ADMIN'): Promise<{ id: number; headers: Record<string, string> }> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${crypto.randomBytes(3).toString('hex')}@example.com`;
  const password = crypto.randomBytes(12).toString('base64url');
  const user = await server.app.users.create({ name, email, role, password });
  const res = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }', variables: { e: email, p: password } }),
  });
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return { id: user.id, headers: { authorization: '', cookie: cookie.split(';')[0] } };
}
