import { Client } from 'graphql-ws';
import { ManualClock } from '@vigil/shared';
import { Session } from '../../server/src/model/auth.entity';
import { loadConfig } from '../../server/src/config';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { ServerProcess, spawnServer } from '../support/processes';
import { TestServer, collect, gql, signedInVia, startTestServer, userWithSession, wsClient } from '../support/server';
import { describeIf, mysqlAvailable } from '../support/services';
import { ThrowawayRedis, startThrowawayRedis } from '../support/throwaway';

/** Resolves with the close code when the client's socket closes. */
const closedWith = (client: Client) =>
  new Promise<number>((resolve) => client.on('closed', (e) => resolve((e as { code: number }).code)));

/** Waits until `client` has a live subscription: graphql-ws has no "subscribed" acknowledgement, so ask a query on it. */
async function roundTrip(client: Client): Promise<{ errors?: Array<{ extensions?: Record<string, unknown> }> }> {
  return new Promise((resolve, reject) => {
    client.subscribe(
      { query: '{ me { name } }' },
      { next: (r) => resolve(r as never), error: reject, complete: () => undefined },
    );
  });
}

/**
 * Two spawned replicas on a fresh MariaDB database and a Redis of the test's own, re-checking open sockets every
 * `recheckMs`; started before the describe's tests and stopped after them.
 */
function twoReplicas(recheckMs: string): {
  db: TestDatabase;
  redis: ThrowawayRedis;
  a: ServerProcess;
  b: ServerProcess;
} {
  const pair = {} as { db: TestDatabase; redis: ThrowawayRedis; a: ServerProcess; b: ServerProcess };
  beforeAll(async () => {
    pair.db = await createTestDatabase('mariadb');
    pair.redis = await startThrowawayRedis();
    const env = {
      DATABASE_URL: pair.db.databaseUrl!,
      REDIS_URL: pair.redis.url,
      VIGIL_BOOTSTRAP_TOKEN: pair.db.adminToken,
      VIGIL_WS_RECHECK_MS: recheckMs,
    };
    pair.a = await spawnServer(env);
    pair.b = await spawnServer(env);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([pair.a?.stop(), pair.b?.stop()]);
    await pair.redis?.stop();
    await pair.db?.drop();
  });
  return pair;
}

/**
 * Revocation holds on every replica, always: two OS processes on MariaDB and a Redis of the test's own, which the
 * test kills. A token revoked on one replica while Redis is down is cut off on the other by its periodic re-check.
 */
describeIf(mysqlAvailable())('revocation while Redis is down, across two processes', () => {
  const pair = twoReplicas('1000');

  it('closes the socket on the other replica within seconds, refuses its next operation, and neither process dies', async () => {
    const { a, b, redis } = pair;
    const me = await signedInVia(a.graphqlUrl, 'RESPONDER');
    const made = await gql(
      a.graphqlUrl,
      `mutation { createPersonalToken(name: "script") { token { id } secret } }`,
      {},
      me.headers,
    );
    const {
      token: { id },
      secret,
    } = made.data!.createPersonalToken;
    const client = wsClient(b.wsUrl, { authorization: `Bearer ${secret}` });
    const closed = closedWith(client);
    expect((await roundTrip(client)).errors).toBeUndefined();

    await redis.kill();
    const revoked = await gql(
      a.graphqlUrl,
      `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`,
      { id },
      me.headers,
    );
    expect(revoked.errors).toBeUndefined();
    const revokedAt = Date.now();
    // No pub/sub message can arrive: only replica b's own re-check can close it (every 1 s here, 5 s by default).
    const code = await Promise.race([
      closed,
      new Promise<string>((r) =>
        setTimeout(() => r(`still open after 10 s; replica b said:\n${b.output().slice(-4000)}`), 10_000),
      ),
    ]);
    expect(code).toBe(4403);
    const took = Date.now() - revokedAt;
    console.log(`revocation with Redis down: socket on the other replica closed after ${took} ms`);
    expect(took).toBeLessThan(5_000);

    // A new connection with the revoked token is refused at once, and a request too, on both replicas.
    const again = wsClient(b.wsUrl, { authorization: `Bearer ${secret}` });
    expect(await closedWith(again)).toBe(4403);
    for (const url of [a.graphqlUrl, b.graphqlUrl])
      expect((await gql(url, '{ me { name } }', {}, { authorization: `Bearer ${secret}` })).status).toBe(401);
    // The revoking replica published into a dead Redis: logged, not crashed.
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
    expect((await fetch(`${a.url}/healthz`)).ok).toBe(true);
    await redis.start();
  }, 60_000);
});

/** With the periodic re-check far away, Redis coming back is what makes a replica re-check every socket at once. */
describeIf(mysqlAvailable())('revocation missed during a Redis outage is caught when Redis returns', () => {
  const pair = twoReplicas('300000');

  it('closes the revoked socket within seconds of the reconnect', async () => {
    const { a, b, redis } = pair;
    const me = await signedInVia(a.graphqlUrl, 'VIEWER');
    const made = await gql(
      a.graphqlUrl,
      `mutation { createPersonalToken(name: "script") { token { id } secret } }`,
      {},
      me.headers,
    );
    const {
      token: { id },
      secret,
    } = made.data!.createPersonalToken;
    const client = wsClient(b.wsUrl, { authorization: `Bearer ${secret}` });
    let closedAt = 0;
    const closed = closedWith(client).then((code) => ((closedAt = Date.now()), code));
    expect((await roundTrip(client)).errors).toBeUndefined();
    await redis.kill();
    expect(
      (await gql(a.graphqlUrl, `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id }, me.headers))
        .errors,
    ).toBeUndefined();
    // Still open: nothing told replica b, and its next periodic check is minutes away.
    expect(closedAt).toBe(0);
    await redis.start();
    const back = Date.now();
    expect(await closed).toBe(4403);
    console.log(`revocation missed during the outage: socket closed ${closedAt - back} ms after Redis returned`);
    expect(closedAt - back).toBeLessThan(10_000);
  }, 60_000);
});

/** Expiry and idle time are checked while a socket stays open, on the app's clock. */
describe('sessions that end while their socket is open', () => {
  let server: TestServer;
  const clock = new ManualClock('2026-12-03T09:00:00Z');

  beforeAll(async () => {
    server = await startTestServer('sqlite', {
      clock,
      config: { auth: { ...loadConfig({}).auth, socketRecheckMs: 200, credentialReuseMs: 0 } },
    });
  });
  afterAll(() => server?.dispose());

  it('keeps re-checking after sweeps that found no socket: a revocation written behind its back closes the socket', async () => {
    // Several empty sweeps first (every 200 ms): a sweep that found nothing once disabled every later one.
    await new Promise((r) => setTimeout(r, 1_000));
    const person = await userWithSession(server, 'Quiet', 'VIEWER');
    const client = wsClient(server.wsUrl, { authorization: '' }, person.headers.cookie);
    const closed = closedWith(client);
    expect((await roundTrip(client)).errors).toBeUndefined();
    // Revoked in the database only, as another replica would with Redis down: no message reaches this one.
    await server.app.db.dataSource.getRepository(Session).update({ id: person.sessionId }, { revokedAt: clock.now() });
    expect(await closed).toBe(4403);
  });

  it('closes a listening socket when its session idles out', async () => {
    const person = await userWithSession(server, 'Night owl', 'VIEWER');
    const client = wsClient(server.wsUrl, { authorization: '' }, person.headers.cookie);
    const closed = closedWith(client);
    collect(client, 'subscription { incidentChanged { id } }');
    expect((await roundTrip(client)).errors).toBeUndefined();
    // Listening is not activity: past the idle timeout (12 h) with nothing sent, the session is over.
    clock.advance(12 * 3_600_000 + 1_000);
    expect(await closed).toBe(4403);
  });
});
