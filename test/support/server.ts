import crypto from 'node:crypto';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Clock } from '@vigil/shared';
import { Config, loadConfig } from '../../server/src/config';
import { RunningServer, startServer } from '../../server/src/server';
import { Logger, createLogger } from '../../server/src/observability/logger';
import { Session } from '../../server/src/model/auth.entity';
import { SESSION_COOKIE } from '../../server/src/access/credential';
import { hashSecret, newSecret } from '../../server/src/auth/secrets';
import { TEST_ADMIN_PASSWORD } from './processes';
import { TestDatabase, TestDbKind, createTestDatabase } from './databases';

export interface TestServer extends RunningServer {
  db: TestDatabase;
  /** Stops the server and drops its database. */
  dispose(): Promise<void>;
}

/** A real Vigil server on a free port over a fresh database. One per test file; always dispose it. */
export async function startTestServer(
  kind: TestDbKind,
  options: {
    redisUrl?: string | null;
    clock?: Clock;
    config?: Partial<Omit<Config, 'auth'>> & { auth?: Partial<Config['auth']> };
    database?: TestDatabase;
    /** Where the server's log lines go: silent unless a test captures them (support/logs.ts). */
    logger?: Logger;
  } = {},
): Promise<TestServer> {
  // A given database (a second replica, a restart) is reused as is and left for its owner to drop.
  const db = options.database ?? (await createTestDatabase(kind));
  const base = loadConfig({
    PORT: '0',
    VIGIL_LOG: 'silent',
    VIGIL_WEB_DIST: 'none',
    VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
    VIGIL_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    // Tests fire many mutations from one address; the rate-limit test sets its own limits.
    VIGIL_MUTATIONS_PER_MINUTE: '100000',
    VIGIL_MUTATIONS_PER_MINUTE_PER_IP: '100000',
    VIGIL_ANONYMOUS_MUTATIONS_PER_MINUTE_PER_IP: '100000',
    VIGIL_READ_COST_PER_MINUTE: '1000000000000',
    VIGIL_READ_COST_PER_MINUTE_PER_IP: '1000000000000',
    VIGIL_LOGINS_PER_MINUTE_PER_IP: '1000',
    VIGIL_LOGINS_PER_MINUTE_PER_ACCOUNT: '1000',
    // The tests' receivers listen on 127.0.0.1: the operator's allowlist lets the outbound guard reach them.
    VIGIL_OUTBOUND_ALLOW: '127.0.0.1',
  });
  const config: Config = {
    ...base,
    host: '127.0.0.1',
    databaseUrl: db.databaseUrl,
    sqlitePath: db.sqlitePath,
    redisUrl: options.redisUrl ?? null,
    // Replicas of one test share a database, hence these channels; concurrent test files must not hear each other.
    redisChannelPrefix: `vigil:test:${db.databaseUrl ?? db.sqlitePath}:`,
    ...options.config,
    // A partial auth block (one setting) keeps the tests' raised limits for the rest.
    auth: { ...base.auth, ...options.config?.auth },
  };
  const server = await startServer(config, { clock: options.clock, logger: options.logger ?? createLogger('silent') });
  registerToken(server.url, db.adminToken);
  return {
    ...server,
    db,
    async dispose() {
      await server.stop();
      if (!options.database) await db.drop();
    },
  };
}

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/** Admin tokens of the servers this test file started, by host:port, so tests act as the admin by default. */
const tokens = new Map<string, string>();

/** Makes `gql` and `wsClient` act with `token` on the server at `url` unless told otherwise. */
export function registerToken(url: string, token: string): void {
  tokens.set(new URL(url).host, token);
}

export function adminTokenFor(url: string): string | undefined {
  return tokens.get(new URL(url).host);
}

/**
 * A GraphQL request over real HTTP, as the server's admin unless `headers` names an `authorization` (an empty
 * one sends none: anonymous).
 */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResult<T>> {
  const token = adminTokenFor(url);
  const auth: Record<string, string> =
    'authorization' in headers ? {} : token ? { authorization: `Bearer ${token}` } : {};
  const sent = Object.fromEntries(Object.entries({ ...auth, ...headers }).filter(([, v]) => v !== ''));
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sent },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GqlResult['errors'] };
  return { status: res.status, data: body.data, errors: body.errors };
}

/** A graphql-ws client over a real WebSocket, as the server's admin unless `connectionParams` has an `authorization`. */
export function wsClient(
  wsUrl: string,
  connectionParams: Record<string, unknown> = {},
  cookie?: string,
  headers: Record<string, string> = {},
): Client {
  const token = adminTokenFor(wsUrl.replace(/^ws/, 'http'));
  const params =
    'authorization' in connectionParams || !token
      ? connectionParams
      : { ...connectionParams, authorization: `Bearer ${token}` };
  // A browser's session: the cookie travels on the upgrade request, as a browser would send it (so do a proxy's
  // headers).
  const upgrade = { ...(cookie === undefined ? {} : { cookie }), ...headers };
  const impl = !Object.keys(upgrade).length
    ? WebSocket
    : class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: upgrade });
        }
      };
  const client = createClient({
    url: wsUrl,
    webSocketImpl: impl,
    connectionParams: params,
    retryAttempts: 0,
    lazy: false,
    // The id of each operation, so `subscribed` can ask the server whether it has registered it.
    generateID: () => {
      const id = crypto.randomUUID();
      lastOperationId.set(client, id);
      return id;
    },
  });
  return client;
}

/** The id of the operation each `wsClient` started last (read by `collect` right after it subscribes). */
const lastOperationId = new WeakMap<Client, string>();

/** Creates a person with a role and returns a personal API token for them (via the server's own services). */
export async function userWithToken(
  server: RunningServer,
  name: string,
  role: 'VIEWER' | 'RESPONDER' | 'LEAD' | 'ADMIN',
): Promise<{ id: number; token: string; headers: Record<string, string> }> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${Math.random().toString(36).slice(2, 8)}@example.com`;
  const user = await server.app.users.create({ name, email, role });
  const { secret } = await server.app.auth.createToken(user.id, 'PERSONAL', 'test');
  return { id: user.id, token: secret, headers: { authorization: `Bearer ${secret}` } };
}

/**
 * Creates a person with a role and signs them in: a browser session made through the server's own database, returned
 * as the Cookie header a browser would send (credential-managing mutations need a session, not a token).
 */
export async function userWithSession(
  server: RunningServer,
  name: string,
  role: 'VIEWER' | 'RESPONDER' | 'LEAD' | 'ADMIN',
): Promise<{ id: number; sessionId: number; headers: Record<string, string> }> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${Math.random().toString(36).slice(2, 8)}@example.com`;
  const user = await server.app.users.create({ name, email, role });
  return { id: user.id, ...(await sessionFor(server, user.id)) };
}

/** Signs in over HTTP with `login` and returns the session cookie as request headers (no token). */
export async function signIn(graphqlUrl: string, email: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`,
      variables: { e: email, p: password },
    }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return { authorization: '', cookie };
}

/**
 * Signs a new person in over the API alone (for servers in other processes): the first admin signs in with the
 * test password (VIGIL_ADMIN_PASSWORD), creates the person with a random password from that session (a token may
 * not), then the person signs in. Returns their Cookie header as request headers.
 */
export async function signedInVia(
  graphqlUrl: string,
  role: 'VIEWER' | 'RESPONDER' | 'LEAD' | 'ADMIN' = 'ADMIN',
): Promise<{ id: string; headers: Record<string, string> }> {
  const admin = await signIn(graphqlUrl, 'admin@localhost', TEST_ADMIN_PASSWORD);
  const email = `signed.in.${crypto.randomBytes(4).toString('hex')}@example.com`;
  const password = crypto.randomBytes(18).toString('base64url');
  const made = await gql(
    graphqlUrl,
    `mutation($e: String!, $p: String!, $r: Role!) { createUser(input: { name: "Signed In", email: $e, role: $r, password: $p }) { id } }`,
    { e: email, p: password, r: role },
    admin,
  );
  if (!made.data) throw new Error(`createUser failed: ${JSON.stringify(made.errors)}`);
  return { id: made.data.createUser.id, headers: await signIn(graphqlUrl, email, password) };
}

/** A new signed-in session for an existing person, as request headers (an empty authorization: the cookie counts). */
export async function sessionFor(
  server: RunningServer,
  userId: number,
): Promise<{ sessionId: number; headers: Record<string, string> }> {
  const secret = newSecret('session');
  const now = server.app.clock.now();
  const result = await server.app.db.dataSource.getRepository(Session).insert({
    userId,
    tokenHash: hashSecret(secret),
    createdAt: now,
    lastSeenAt: now,
    revokedAt: null,
    ip: '127.0.0.1',
  });
  return {
    sessionId: Number(result.identifiers[0].id),
    headers: { authorization: '', cookie: `${SESSION_COOKIE}=${encodeURIComponent(secret)}` },
  };
}

/** Subscribes and collects every payload; `next(n)` waits until n have arrived (or fails after a timeout). */
export function collect<T = Record<string, any>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const items: T[] = [];
  const errors: unknown[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) errors.push(v.errors);
        if (v.data) items.push(v.data);
        wake?.();
      },
      error: (e) => {
        errors.push(e);
        wake?.();
      },
      complete: () => undefined,
    },
  );
  /** Waits until `done(items)` holds (or fails after a timeout, or at the first error). */
  async function until(done: (items: T[]) => boolean, timeoutMs = 15_000): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done(items)) {
      if (errors.length) throw new Error(`subscription error: ${JSON.stringify(errors)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for events, got ${items.length}: ${JSON.stringify(items)}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, Math.min(left, 200));
      });
    }
    return items;
  }
  return {
    items,
    errors,
    unsubscribe,
    until,
    /** The graphql-ws operation id (known for clients made by `wsClient`). */
    operationId: lastOperationId.get(client),
    async next(count: number, timeoutMs = 15_000): Promise<T[]> {
      await until((got) => got.length >= count, timeoutMs);
      return items.slice(0, count);
    },
  };
}

/**
 * Waits until the server has registered each of these subscriptions: from then on each hears every event published.
 * graphql-ws sends no "subscribed" acknowledgement, so this asks the server itself (RunningServer.isSubscribed).
 */
export async function subscribed(
  server: RunningServer,
  ...subs: Array<{ operationId?: string; errors: unknown[] }>
): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (const sub of subs) {
    const id = sub.operationId;
    if (id === undefined) throw new Error('subscribed() needs a subscription collected on a wsClient');
    while (!server.isSubscribed(id)) {
      if (sub.errors.length) throw new Error(`subscription error: ${JSON.stringify(sub.errors)}`);
      if (Date.now() > deadline) throw new Error(`the server never registered subscription ${id}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** Polls `condition` until it holds (or fails after a timeout naming `what`): for a state reached by other processes. */
export async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * For servers in other processes, which cannot be asked `isSubscribed`: sends probes (`probe()`, e.g. a mutation on
 * another replica) until each subscription has heard one (`isProbe`), so the whole path to it, Redis included, is
 * open. Probe events stay in `items`; callers leave them out of their assertions.
 */
export async function heardProbe<T>(
  subs: Array<{ items: T[]; errors: unknown[] }>,
  probe: () => Promise<unknown>,
  isProbe: (item: T) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const heard = () => subs.every((s) => s.items.some(isProbe));
  while (!heard()) {
    if (Date.now() > deadline) throw new Error('no probe reached every subscriber');
    await probe();
    // Wait for this probe before sending another (events arrive in milliseconds when the path is open).
    await waitUntil('a probe', () => heard() || subs.some((s) => s.errors.length > 0), 500).catch(() => undefined);
    const failed = subs.find((s) => s.errors.length);
    if (failed) throw new Error(`subscription error: ${JSON.stringify(failed.errors)}`);
  }
}
