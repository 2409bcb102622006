import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { SERVER_ENTRY, ServerProcess, spawnServer } from '../support/processes';
import { gql } from '../support/server';
import { describeIf, mysqlAvailable } from '../support/services';

// Needs the built server (`npm run build -w @vigil/shared && npm run build -w @vigil/server`).
const built = fs.existsSync(SERVER_ENTRY);
if (!built) console.warn(`SKIPPING the two-process alert test: ${SERVER_ENTRY} is missing (build the server first).`);

describeIf(built && mysqlAvailable())('alert dedup across two server processes on one MariaDB', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase('mariadb');
    a = await spawnServer({ DATABASE_URL: db.databaseUrl! });
    b = await spawnServer({ DATABASE_URL: db.databaseUrl! });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('100 concurrent identical triggers split across both processes make exactly one incident', async () => {
    const svc = await gql(a.graphqlUrl, `mutation { createService(input: { name: "payments" }) { id } }`);
    expect(svc.errors).toBeUndefined();
    const created = await gql(
      a.graphqlUrl,
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "pd", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
      { s: svc.data!.createService.id },
    );
    expect(created.errors).toBeUndefined();
    const key = created.data!.createIntegration.key;
    const body = JSON.stringify({
      routing_key: key,
      event_action: 'trigger',
      dedup_key: 'two-process',
      payload: { summary: 'Payments failing', source: 'pay-1', severity: 'critical' },
    });
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${(i % 2 ? a : b).url}/v2/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).then((r) => r.status),
      ),
    );
    expect(replies).toEqual(Array(100).fill(202));

    const conn = await mysql.createConnection({ uri: db.databaseUrl! });
    try {
      const [incidents] = await conn.query('SELECT COUNT(*) AS n FROM incident');
      const [alerts] = await conn.query(
        "SELECT COUNT(*) AS n, SUM(triggerCount) AS t, SUM(openMarker) AS o FROM alert WHERE dedupKey = 'two-process'",
      );
      expect(Number((incidents as Array<{ n: number }>)[0].n)).toBe(1);
      const row = (alerts as Array<{ n: number; t: number; o: number }>)[0];
      expect([Number(row.n), Number(row.t), Number(row.o)]).toEqual([1, 100, 1]);
    } finally {
      await conn.end();
    }
  }, 60_000);
});
