import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { ManualClock } from '@vigil/shared';
import { memoryReplayGuard, redisReplayGuard } from '../../server/src/alerts/replay-guard';
import { TestDatabase, TestDbKind, createTestDatabase } from '../support/databases';
import { freePort } from '../support/processes';
import { TestServer, gql, startTestServer } from '../support/server';
import { REDIS_URL, describeIf, mysqlAvailable, redisAvailable } from '../support/services';

const SECRET = 'grafana-shared-secret-0123';
const firing = fs.readFileSync(path.resolve(__dirname, '../fixtures/alerts/grafana-firing.json'), 'utf8');
const resolved = fs.readFileSync(path.resolve(__dirname, '../fixtures/alerts/grafana-resolved.json'), 'utf8');

/** Signs as Grafana does with a Timestamp Header configured: hex HMAC-SHA256 of `{unix seconds}:{raw body}`. */
function signed(body: string, at: Date, key: string, secret = SECRET): Record<string, string> {
  const ts = String(Math.floor(at.getTime() / 1000));
  return {
    authorization: `Bearer ${key}`,
    'x-grafana-alerting-timestamp': ts,
    'x-grafana-alerting-signature': crypto.createHmac('sha256', secret).update(`${ts}:${body}`).digest('hex'),
  };
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: any; retryAfter: string | null }> {
  const res = await fetch(`${url}/api/integrations/grafana`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
}

async function grafanaIntegration(server: TestServer): Promise<string> {
  const svc = await gql(
    server.graphqlUrl,
    `mutation { createService(input: { name: "search-${crypto.randomBytes(3).toString('hex')}" }) { id } }`,
  );
  const res = await gql(
    server.graphqlUrl,
    `mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { key } }`,
    { input: { serviceId: svc.data!.createService.id, name: 'grafana', kind: 'GRAFANA', hmacSecret: SECRET } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createIntegration.key;
}

const rows = async (server: TestServer) => {
  const q = async (table: string) =>
    Number((await server.app.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  return { incidents: await q('incident'), alerts: await q('alert'), events: await q('timeline_event') };
};
const alertStatus = async (server: TestServer) =>
  (await server.app.db.dataSource.query(`SELECT status FROM alert WHERE dedupKey = '57c6d9296de2ad39'`))[0]?.status ??
  null;

/** SQLite: one process, replay memory in memory. MariaDB: two replicas sharing the database and Redis. */
const setups: Array<[string, TestDbKind, boolean]> = [['SQLite, one server, memory', 'sqlite', false]];
if (mysqlAvailable() && redisAvailable()) setups.push(['MariaDB, two replicas sharing Redis', 'mariadb', true]);

describe.each(setups)('Grafana signatures on %s', (_label, kind, replicated) => {
  const clock = new ManualClock('2026-11-28T22:00:00.000Z');
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let key: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const redisUrl = replicated ? REDIS_URL : null;
    a = await startTestServer(kind, { clock, database: db, redisUrl });
    // Without Redis there is one server; "the other replica" is then the same one.
    b = replicated ? await startTestServer(kind, { clock, database: db, redisUrl }) : a;
    key = await grafanaIntegration(a);
  }, 120_000);
  afterAll(async () => {
    if (b !== a) await b?.stop();
    await a?.stop();
    await db?.drop();
  });

  it.each([
    [
      'without the timestamp header (signed over the body alone)',
      () => {
        const headers = signed(firing, clock.now(), key);
        delete headers['x-grafana-alerting-timestamp'];
        headers['x-grafana-alerting-signature'] = crypto.createHmac('sha256', SECRET).update(firing).digest('hex');
        return headers;
      },
      'timestamp',
      /Timestamp Header/,
    ],
    [
      'signed 5 minutes and 1 second ago',
      () => signed(firing, new Date(clock.now().getTime() - 301_000), key),
      'timestamp',
      /more than 5 minutes old/,
    ],
    [
      'signed 5 minutes and 1 second ahead',
      () => signed(firing, new Date(clock.now().getTime() + 301_000), key),
      'timestamp',
      /in the future/,
    ],
    [
      'with a malformed timestamp',
      () => ({ ...signed(firing, clock.now(), key), 'x-grafana-alerting-timestamp': '1e9' }),
      'timestamp',
      /Unix seconds/,
    ],
    [
      'signed with another secret',
      () => signed(firing, clock.now(), key, 'not-the-shared-secret'),
      'signature',
      /does not match/,
    ],
  ])('refuses a request %s with 401 naming the field, and writes nothing', async (_l, headers, field, message) => {
    const before = await rows(a);
    const res = await post(a.url, firing, headers());
    expect(res.status).toBe(401);
    expect(res.body.field).toBe(field);
    expect(res.body.message).toMatch(message);
    expect(await rows(a)).toEqual(before);
  });

  it('accepts a timestamp exactly 5 minutes off either way (the window is inclusive)', async () => {
    const body = JSON.stringify({ ...JSON.parse(firing), alerts: [] });
    expect((await post(a.url, body, signed(body, new Date(clock.now().getTime() - 300_000), key))).status).toBe(202);
    expect((await post(a.url, body, signed(body, new Date(clock.now().getTime() + 300_000), key))).status).toBe(202);
  });

  it('serves a signed request once: a replay inside the window, on any replica, is refused and changes nothing', async () => {
    const firingHeaders = signed(firing, clock.now(), key);
    expect((await post(a.url, firing, firingHeaders)).status).toBe(202);
    clock.advance(30_000);
    expect((await post(a.url, resolved, signed(resolved, clock.now(), key))).status).toBe(202);
    expect(await alertStatus(a)).toBe('RESOLVED');

    // The attacker captured the firing request and sends it again, to the other replica, a minute later.
    clock.advance(60_000);
    const before = await rows(a);
    for (const server of [b, a]) {
      const replay = await post(server.url, firing, firingHeaders);
      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({ field: 'signature', message: expect.stringMatching(/replay/) });
    }
    expect(await rows(a)).toEqual(before);
    expect(await alertStatus(a)).toBe('RESOLVED');

    // Once the window has passed the timestamp itself refuses it.
    clock.advance(5 * 60_000);
    expect((await post(b.url, firing, firingHeaders)).body.field).toBe('timestamp');
  });

  it('gives each replay only one chance when sent to all replicas at once', async () => {
    const body = JSON.stringify({ ...JSON.parse(firing), alerts: [] });
    const headers = signed(body, clock.now(), key);
    const answers = await Promise.all([a, b, a, b, a, b].map((s) => post(s.url, body, headers)));
    expect(answers.map((r) => r.status).sort()).toEqual([202, 401, 401, 401, 401, 401]);
  });
});

describe('the replay memory itself', () => {
  it('in memory: expires by the app clock, is bounded, and never forgets a live entry early', async () => {
    const clock = new ManualClock('2026-11-28T22:00:00.000Z');
    const guard = memoryReplayGuard(clock, 2);
    expect(await guard.claim('a', 1000)).toBe(true);
    expect(await guard.claim('a', 1000)).toBe(false);
    expect(await guard.claim('b', 5000)).toBe(true);
    // Full of live entries: refuse (the route answers 503, the sender retries) rather than forget one.
    await expect(guard.claim('c', 1000)).rejects.toThrow(/inside their window/);
    clock.advance(1000);
    expect(await guard.claim('c', 1000)).toBe(true);
    expect(await guard.claim('b', 1000)).toBe(false);
    await guard.release('b');
    expect(await guard.claim('b', 1000)).toBe(true);
  });

  describeIf(redisAvailable())('in Redis', () => {
    it('SET NX with the duration given; release forgets', async () => {
      const prefix = `vigil:test:replay:${crypto.randomBytes(4).toString('hex')}:`;
      const guard = redisReplayGuard(REDIS_URL, prefix);
      const redis = new Redis(REDIS_URL);
      try {
        expect(await guard.claim('k', 60_000)).toBe(true);
        expect(await guard.claim('k', 60_000)).toBe(false);
        const ttl = await redis.pttl(`${prefix}k`);
        expect(ttl).toBeGreaterThan(50_000);
        expect(ttl).toBeLessThanOrEqual(60_000);
        await guard.release('k');
        expect(await guard.claim('k', 60_000)).toBe(true);
        await guard.release('k');
      } finally {
        redis.disconnect();
        await guard.close();
      }
    });
  });
});

describeIf(redisAvailable())('Grafana signatures when Redis is down', () => {
  let redis: ChildProcess;
  let db: TestDatabase;
  let server: TestServer;
  let key: string;
  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const probe = new Redis(`redis://127.0.0.1:${port}`, { retryStrategy: (n) => (n > 100 ? null : 50) });
    await probe.ping();
    probe.disconnect();
    db = await createTestDatabase('sqlite');
    server = await startTestServer('sqlite', { database: db, redisUrl: `redis://127.0.0.1:${port}` });
    key = await grafanaIntegration(server);
  });
  afterAll(async () => {
    redis?.kill('SIGKILL');
    await server?.stop();
    await db?.drop();
  });

  it('answers 503 with Retry-After (the sender retries) and never accepts a signature unchecked', async () => {
    const exited = new Promise((r) => redis.once('exit', r));
    redis.kill('SIGKILL');
    await exited;
    const before = await rows(server);
    const res = await post(server.url, firing, signed(firing, server.app.clock.now(), key));
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe('5');
    expect(await rows(server)).toEqual(before);
  });
});
