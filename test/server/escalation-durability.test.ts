import { MINUTE, ManualClock } from '@vigil/shared';
import { TestDatabase, createTestDatabase, testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer } from '../support/server';
import { setUpPaging } from '../support/paging';

jest.setTimeout(90_000);

const DECLARE = `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`;

/** Pages of level 3, the manager: the level a P1's timer fires 15 minutes after detection (levels 1 and 2 page at once). */
async function timerPages(server: TestServer, ids: string[]): Promise<number[]> {
  const rows: Array<{ incidentId: number; n: number }> = await server.app.db.dataSource.query(
    `SELECT incidentId, COUNT(*) AS n FROM timeline_event WHERE type = 'ESCALATED' AND message LIKE 'Escalation level 3%' AND incidentId IN (${ids.map(Number).join(',')}) GROUP BY incidentId`,
  );
  return ids.map((id) => Number(rows.find((r) => Number(r.incidentId) === Number(id))?.n ?? 0));
}

async function declareP1s(server: TestServer, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await gql(server.graphqlUrl, DECLARE, {
      input: { title: `Checkout ${i}`, severity: 'P1', source: 'MONITORING_ALERT' },
    });
    expect(r.errors).toBeUndefined();
    ids.push(r.data!.declareIncident.id);
  }
  return ids;
}

const kinds = testDatabaseKinds();
const mariadb = kinds.includes('mariadb') ? describe : describe.skip;

mariadb('escalation across two server processes on one MariaDB database', () => {
  const clock = new ManualClock('2026-03-27T12:00:00.000Z');
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer('mariadb', { clock });
    b = await startTestServer('mariadb', { clock, database: a.db });
    await setUpPaging(a);
  });
  afterAll(async () => {
    await b?.dispose();
    await a?.dispose();
  });

  it('two engines calling runOnce at the same moment fire each due level exactly once', async () => {
    const ids = await declareP1s(a, 8);
    clock.advance(15 * MINUTE);
    const fired = await Promise.all([a.app.escalationEngine.runOnce(), b.app.escalationEngine.runOnce()]);
    // Background cycles may have taken some rows too; what matters is that nothing fired twice.
    expect(fired.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(8);
    expect(await timerPages(a, ids)).toEqual(Array(8).fill(1));
    const pages: Array<{ n: number }> = await a.app.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM notification WHERE kind = 'PAGE' AND level = 3 AND incidentId IN (${ids.map(Number).join(',')}) GROUP BY incidentId`,
    );
    expect(pages.map((p) => Number(p.n))).toEqual(Array(8).fill(Number(pages[0].n)));
    clock.advance(MINUTE);
    await Promise.all([a.app.escalationEngine.runOnce(), b.app.escalationEngine.runOnce()]);
    expect(await timerPages(a, ids)).toEqual(Array(8).fill(1));
  });

  it('concurrent declares on both processes all succeed, each paging level 1 once', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        gql((i % 2 ? a : b).graphqlUrl, DECLARE, {
          input: { title: `Burst ${i}`, severity: 'P2', source: 'MONITORING_ALERT' },
        }),
      ),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(12).fill(undefined));
    const ids = results.map((r) => Number(r.data!.declareIncident.id));
    const rows: Array<{ n: number }> = await a.app.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM timeline_event WHERE type = 'ESCALATED' AND incidentId IN (${ids.join(',')}) GROUP BY incidentId`,
    );
    expect(rows.map((r) => Number(r.n))).toEqual(Array(12).fill(1));
  });

  it('acknowledging while both engines fire never fails the acknowledgement and never pages twice', async () => {
    const ids = await declareP1s(a, 6);
    clock.advance(15 * MINUTE);
    const ACK = `mutation($id: ID!) { acknowledgeIncident(id: $id) { status } }`;
    const [acks] = await Promise.all([
      Promise.all(ids.map((id, i) => gql((i % 2 ? a : b).graphqlUrl, ACK, { id }))),
      a.app.escalationEngine.runOnce(),
      b.app.escalationEngine.runOnce(),
    ]);
    expect(acks.map((r) => r.errors ?? r.data!.acknowledgeIncident.status)).toEqual(Array(6).fill('ACKNOWLEDGED'));
    expect((await timerPages(a, ids)).every((n) => n <= 1)).toBe(true);
    clock.advance(60 * MINUTE);
    await Promise.all([a.app.escalationEngine.runOnce(), b.app.escalationEngine.runOnce()]);
    const after = await timerPages(a, ids);
    expect(after.every((n) => n <= 1)).toBe(true);
    const active: Array<{ n: number }> = await a.app.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM incident_escalation WHERE active = 1 AND incidentId IN (${ids.map(Number).join(',')})`,
    );
    expect(Number(active[0].n)).toBe(0);
  });
});

describe.each(kinds)('escalation across a restart on %s', (kind) => {
  let database: TestDatabase;
  let server: TestServer | null = null;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await server?.dispose();
    await database?.drop();
  });

  it('a deadline that passed while the server was down fires once, right after the next start', async () => {
    const clock = new ManualClock('2026-03-27T12:00:00.000Z');
    server = await startTestServer(kind, { clock, database });
    await setUpPaging(server);
    const ids = await declareP1s(server, 2);
    await server.dispose();
    server = null;

    clock.advance(40 * MINUTE);
    server = await startTestServer(kind, { clock, database });
    // The loop's first cycle runs at start, without anyone calling runOnce: it pages the manager.
    const deadline = Date.now() + 5000;
    while ((await timerPages(server, ids)).some((n) => n === 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await timerPages(server, ids)).toEqual([1, 1]);
    await server.app.escalationEngine.runOnce();
    expect(await timerPages(server, ids)).toEqual([1, 1]);
    const ladder = await gql(
      server.graphqlUrl,
      `query($id: ID!) { incident(id: $id) { escalation { currentLevel pages { level at } } } }`,
      { id: ids[0] },
    );
    // A P1 pages its lead at declaration; the manager was due 15 minutes later, while the server was down.
    expect(ladder.data!.incident.escalation.currentLevel).toBe(3);
    expect(ladder.data!.incident.escalation.pages[2].at).toBe(clock.now().toISOString());
  });
});
