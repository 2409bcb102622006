import mysql from 'mysql2/promise';
import { loadConfig } from '../../server/src/config';
import { GqlResult, TestServer, gql, startTestServer } from '../support/server';
import { describeIf, mysqlAvailable } from '../support/services';

/**
 * Reads and writes on their own connections (db/data-source.ts): GraphQL reads hold only the read pool, whose
 * statements the database stops after VIGIL_READ_TIMEOUT_MS; alert ingestion keeps the write pool. SQLite has one
 * connection and one writer: there is nothing to split (README "Limits").
 */
describeIf(mysqlAvailable())('the read pool on MariaDB', () => {
  let server: TestServer;
  let key: string;
  const READ_TIMEOUT_MS = 1500;

  beforeAll(async () => {
    const base = loadConfig({});
    server = await startTestServer('mariadb', {
      config: {
        database: { ...base.database, writeConnections: 4, readConnections: 2, readTimeoutMs: READ_TIMEOUT_MS },
      },
    });
    const service = await gql(server.graphqlUrl, 'mutation { createService(input: { name: "checkout" }) { id } }');
    const integration = await gql(
      server.graphqlUrl,
      'mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "prom", kind: PAGERDUTY_EVENTS_V2 }) { key } }',
      { s: service.data!.createService.id },
    );
    key = integration.data!.createIntegration.key;
  });
  afterAll(() => server?.dispose());

  /** Connections of this test's database waiting on a table lock, as the database itself reports them. */
  async function waitingOnLock(admin: mysql.Connection): Promise<number> {
    const [rows] = await admin.query(
      'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND STATE LIKE ?',
      ['Waiting for table%lock'],
    );
    return Number((rows as Array<{ n: number }>)[0].n);
  }

  it('readers stuck on the database hold only the read pool: an alert is taken at once, and the stuck reads end with READ_TIMEOUT', async () => {
    const locker = await mysql.createConnection({ uri: server.db.databaseUrl! });
    const watcher = await mysql.createConnection({ uri: server.db.databaseUrl! });
    try {
      // Every read of the audit log now waits (alert ingestion never touches it, nor any table tied to it by a key).
      await locker.query('LOCK TABLES audit_log WRITE');
      const started = Date.now();
      const settled: number[] = [];
      // Six readers, more than the whole write pool: with one shared pool they would hold all four connections.
      const reads = Array.from({ length: 6 }, () =>
        gql(server.graphqlUrl, '{ auditLog(first: 5) { id } }').then((r) => {
          settled.push(Date.now() - started);
          return r;
        }),
      );
      // The read pool's two connections are now blocked in the database; the other four readers queue for them.
      for (let deadline = Date.now() + 5000; (await waitingOnLock(watcher)) < 2;) {
        if (Date.now() > deadline) {
          const [rows] = await watcher.query('SELECT ID, DB, STATE, INFO FROM information_schema.PROCESSLIST');
          throw new Error(`the reads never reached the database: ${JSON.stringify(rows)}`);
        }
      }
      expect(await waitingOnLock(watcher)).toBe(2);

      const t = Date.now();
      const alert = await fetch(`${server.url}/v2/enqueue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          routing_key: key,
          event_action: 'trigger',
          dedup_key: 'stuck-readers',
          payload: { summary: 'Checkout down while readers are stuck', source: 'prom', severity: 'critical' },
        }),
      });
      const alertMs = Date.now() - t;
      expect(alert.status).toBe(202);
      expect(alertMs).toBeLessThan(1000);
      expect(settled).toEqual([]);

      const answers: GqlResult[] = await Promise.all(reads);
      await locker.query('UNLOCK TABLES');
      console.log(
        `alert taken in ${alertMs} ms with 6 readers stuck; reads ended after ${settled.map((ms) => `${ms} ms`).join(', ')}`,
      );
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(a.errors![0].extensions).toEqual({ code: 'READ_TIMEOUT' });
        expect(a.errors![0].message).toMatch(/VIGIL_READ_TIMEOUT_MS/);
      }
      // Each read was stopped at the limit, not held for as long as the lock lasted.
      expect(Math.min(...settled)).toBeGreaterThanOrEqual(READ_TIMEOUT_MS - 100);
    } finally {
      await locker.query('UNLOCK TABLES').catch(() => undefined);
      await locker.end();
      await watcher.end();
    }
  });

  it('reads answer normally once nothing holds them up', async () => {
    const list = await gql(server.graphqlUrl, '{ incidents { nodes { title } } auditLog(first: 5) { id } }');
    expect(list.errors).toBeUndefined();
    expect(list.data!.incidents.nodes.map((n: { title: string }) => n.title)).toContain(
      'Checkout down while readers are stuck',
    );
  });
});
