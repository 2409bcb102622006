import mysql from 'mysql2/promise';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { ServerProcess, spawnServer } from '../support/processes';
import { gql } from '../support/server';
import { describeIf, mysqlAvailable } from '../support/services';

/**
 * SIGTERM in the middle of an alert burst: every alert answered 202 is in the database, no sender sees a 5xx other
 * than 503 with Retry-After (or a refused connection, which senders retry), and the process is gone within 10 s.
 */
describeIf(mysqlAvailable())('graceful shutdown during an alert burst', () => {
  let db: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase('mariadb');
    // As deployed: NODE_ENV=production (under jest it is "test", and Apollo's own signal handler hid itself there).
    server = await spawnServer({
      DATABASE_URL: db.databaseUrl!,
      VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
      NODE_ENV: 'production',
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('loses no accepted alert, sends no other 5xx and exits within 10 s', async () => {
    const svc = await gql(server.graphqlUrl, `mutation { createService(input: { name: "api" }) { id } }`);
    const key = (
      await gql(
        server.graphqlUrl,
        `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "pd", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
        { s: svc.data!.createService.id },
      )
    ).data!.createIntegration.key;
    const outcomes: Array<{ dedup: string; status: number; retryAfter: string | null }> = [];
    const post = async (dedup: string) => {
      try {
        const r = await fetch(`${server.url}/v2/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            routing_key: key,
            event_action: 'trigger',
            dedup_key: dedup,
            payload: { summary: dedup, source: 'probe', severity: 'warning' },
          }),
        });
        outcomes.push({ dedup, status: r.status, retryAfter: r.headers.get('retry-after') });
      } catch {
        outcomes.push({ dedup, status: 0, retryAfter: null }); // refused or reset: the sender retries
      }
    };
    // 20 senders, 15 alerts each; SIGTERM lands after the first hundred or so have been sent.
    let n = 0;
    let exitedAt = 0;
    const exited = new Promise<void>((resolve) =>
      server.child.once('exit', () => ((exitedAt = Date.now()), resolve())),
    );
    let signalledAt = 0;
    const senders = Array.from({ length: 20 }, async () => {
      for (let i = 0; i < 15; i++) {
        const dedup = `burst-${n++}`;
        if (n === 100) {
          signalledAt = Date.now();
          server.child.kill('SIGTERM');
        }
        await post(dedup);
      }
    });
    await Promise.all(senders);
    await exited;

    const conn = await mysql.createConnection({ uri: db.databaseUrl! });
    const [rows] = (await conn.query("SELECT dedupKey FROM alert WHERE dedupKey LIKE 'burst-%'")) as unknown as [
      Array<{ dedupKey: string }>,
    ];
    await conn.end();
    const present = new Set(rows.map((r) => r.dedupKey));
    const accepted = outcomes.filter((o) => o.status === 202);
    const lost = accepted.filter((o) => !present.has(o.dedup));
    const badFive = outcomes.filter((o) => o.status >= 500 && !(o.status === 503 && o.retryAfter));
    const shed = outcomes.filter((o) => o.status === 503).length;
    const refused = outcomes.filter((o) => o.status === 0).length;
    console.log(
      `SIGTERM during a burst of ${outcomes.length}: accepted ${accepted.length}, present ${present.size}, lost ${lost.length}, ` +
        `503+Retry-After ${shed}, refused connections ${refused}, other 5xx ${badFive.length}; exit ${exitedAt - signalledAt} ms after SIGTERM (code ${server.child.exitCode})`,
    );
    expect(lost).toEqual([]);
    expect(badFive).toEqual([]);
    expect(outcomes.filter((o) => ![0, 202, 503].includes(o.status))).toEqual([]);
    expect(exitedAt - signalledAt).toBeLessThan(10_000);
    expect(server.child.exitCode).toBe(0);
  }, 60_000);
});
