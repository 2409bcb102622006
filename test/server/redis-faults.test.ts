import mysql from 'mysql2/promise';
import { Client } from 'graphql-ws';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { ServerProcess, spawnServer } from '../support/processes';
import { collect, gql, wsClient } from '../support/server';
import { describeIf, mysqlAvailable } from '../support/services';
import { ThrowawayRedis, startThrowawayRedis } from '../support/throwaway';

const OUTAGE_MS = 15_000;

/** Waits until `check` is true, polling every 50 ms; returns the time it took, or throws after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

/**
 * Redis dies for 15 s under a steady alert stream on two replicas (MariaDB, and a Redis of the test's own): no
 * process exits, no alert is lost, each replica keeps serving its own subscribers, and when Redis returns every
 * subscriber is told to resync and cross-replica delivery resumes.
 */
describeIf(mysqlAvailable())('a Redis outage under an alert stream on two replicas', () => {
  let db: TestDatabase;
  let redis: ThrowawayRedis;
  let replicas: ServerProcess[];
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('mariadb');
    redis = await startThrowawayRedis();
    const env = { DATABASE_URL: db.databaseUrl!, REDIS_URL: redis.url, VIGIL_BOOTSTRAP_TOKEN: db.adminToken };
    replicas = await Promise.all([spawnServer(env), spawnServer(env)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(
      clients.map(async (c) => {
        await c.dispose();
      }),
    );
    await Promise.all((replicas ?? []).map((r) => r.stop()));
    await redis?.stop();
    await db?.drop();
  });

  it('survives with 0 exits and 0 lost alerts, serves local subscribers, then resyncs and fans out again', async () => {
    const [a, b] = replicas;
    const svc = await gql(a.graphqlUrl, `mutation { createService(input: { name: "api" }) { id } }`);
    const key = (
      await gql(
        a.graphqlUrl,
        `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "pd", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
        { s: svc.data!.createService.id },
      )
    ).data!.createIntegration.key;

    // A subscriber on each replica: incidents and the resync signal.
    const watch = (r: ServerProcess) => {
      const client = wsClient(r.wsUrl);
      clients.push(client);
      return {
        incidents: collect(client, 'subscription { incidentChanged { id title } }'),
        resync: collect(client, 'subscription { resync { at reason } }'),
      };
    };
    const onA = watch(a);
    const onB = watch(b);
    const seen = (w: ReturnType<typeof watch>, title: string) =>
      w.incidents.items.some((i) => i.incidentChanged.title === title);
    const declare = (r: ServerProcess, title: string) =>
      gql(r.graphqlUrl, `mutation($t: String!) { declareIncident(input: { title: $t, severity: P3 }) { id } }`, {
        t: title,
      });
    // Both subscriptions are live once a declaration on A reaches B (graphql-ws has no "subscribed" acknowledgement).
    for (let i = 0; !onB.incidents.items.length && i < 50; i++) {
      await declare(a, `warm-up ${i}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    // A steady stream: one alert every 50 ms, alternating replicas, each with its own dedup key.
    const accepted = new Set<string>();
    const refused: number[] = [];
    let sent = 0;
    let streaming = true;
    const answers: Array<Promise<unknown>> = [];
    const stream = (async () => {
      while (streaming) {
        const dedup = `stream-${sent}`;
        const target = replicas[sent++ % 2];
        const body = JSON.stringify({
          routing_key: key,
          event_action: 'trigger',
          dedup_key: dedup,
          payload: { summary: dedup, source: 'probe', severity: 'warning' },
        });
        const request = fetch(`${target.url}/v2/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
          .then((r) => (r.status === 202 ? accepted.add(dedup) : refused.push(r.status)))
          .catch(() => refused.push(0));
        answers.push(request);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    await new Promise((r) => setTimeout(r, 1_000));
    await redis.kill();
    const killedAt = Date.now();
    // A subscription that is new on B while Redis is away (B listened to no timeline yet): its SUBSCRIBE cannot reach
    // Redis, and must still be made when Redis returns.
    const lateClient = wsClient(b.wsUrl);
    clients.push(lateClient);
    const lateTimeline = collect(lateClient, 'subscription { timelineEventAdded { message } }');
    // While Redis is away each replica still tells its own subscribers.
    await declare(a, 'during the outage, on A');
    await until(() => seen(onA, 'during the outage, on A'), 2_000, "A's own subscriber to hear A's incident");
    await new Promise((r) => setTimeout(r, OUTAGE_MS - (Date.now() - killedAt)));
    await redis.start();
    const back = Date.now();
    const resyncA = await until(() => onA.resync.items.length > 0, 15_000, 'a resync on A');
    const resyncB = await until(() => onB.resync.items.length > 0, 15_000, 'a resync on B');
    // Fan-out again: a declaration on A reaches B's subscriber.
    let fanoutMs = -1;
    for (let i = 0; fanoutMs < 0 && i < 20; i++) {
      const title = `after the outage ${i}`;
      const t0 = Date.now();
      await declare(a, title);
      try {
        await until(() => seen(onB, title), 2_000, 'cross-replica delivery');
        fanoutMs = Date.now() - t0;
      } catch {
        // B's subscriber connection is still coming back: try again
      }
    }
    const recovered = Date.now() - back;
    await until(
      () => lateTimeline.items.some((e) => String(e.timelineEventAdded.message).includes('after the outage')),
      5_000,
      "the subscription made during the outage to hear A's declaration",
    );
    streaming = false;
    await stream;
    await Promise.all(answers); // the last requests' answers

    const conn = await mysql.createConnection({ uri: db.databaseUrl! });
    const [rows] = (await conn.query("SELECT dedupKey FROM alert WHERE dedupKey LIKE 'stream-%'")) as unknown as [
      Array<{ dedupKey: string }>,
    ];
    await conn.end();
    const present = new Set(rows.map((r) => r.dedupKey));
    const lost = [...accepted].filter((k) => !present.has(k));
    const exits = replicas.filter((r) => r.child.exitCode !== null).length;
    console.log(
      `Redis outage ${OUTAGE_MS / 1000} s under ${sent} alerts: accepted ${accepted.size}, present ${present.size}, lost ${lost.length}, ` +
        `refused ${refused.length}, process exits ${exits}; resync after ${resyncA} / ${resyncB} ms, fan-out back ${recovered} ms after Redis (one delivery ${fanoutMs} ms)`,
    );
    expect(exits).toBe(0);
    expect(lost).toEqual([]);
    expect(refused).toEqual([]);
    expect(fanoutMs).toBeGreaterThanOrEqual(0);
    expect(fanoutMs).toBeLessThan(2_000);
    for (const r of replicas) {
      const ready = (await (await fetch(`${r.url}/readyz`)).json()) as { redis?: string };
      expect(ready.redis).toBe('connected');
    }
  }, 90_000);
});
