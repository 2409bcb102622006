import { Client } from 'graphql-ws';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { ServerProcess, spawnServer } from '../support/processes';
import { collect, gql, settle, wsClient } from '../support/server';
import { REDIS_URL, describeIf, mysqlAvailable, redisAvailable } from '../support/services';

const ready = mysqlAvailable() && redisAvailable();

describeIf(ready)('two server processes on one MariaDB and Redis', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let ws: Client;

  beforeAll(async () => {
    db = await createTestDatabase('mariadb');
    // Started together on an empty database: the migration lock must let exactly one of them migrate.
    [a, b] = await Promise.all([
      spawnServer({ DATABASE_URL: db.databaseUrl!, REDIS_URL }),
      spawnServer({ DATABASE_URL: db.databaseUrl!, REDIS_URL }),
    ]);
    ws = wsClient(b.wsUrl);
  }, 60_000);

  afterAll(async () => {
    await ws?.dispose();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('a subscriber on one process sees a mutation made on the other, once, after commit', async () => {
    const changes = collect(ws, `subscription { incidentChanged { id title status detectedAt } }`);
    const events = collect(ws, `subscription { timelineEventAdded { incidentId type at } }`);
    await settle(300);
    const res = await gql(
      a.graphqlUrl,
      `mutation { declareIncident(input: { title: "Across replicas", severity: P0 }) { id detectedAt } }`,
    );
    expect(res.errors).toBeUndefined();
    const { id, detectedAt } = res.data!.declareIncident;
    const [got] = await changes.next(1);
    expect(got.incidentChanged).toEqual({ id, title: 'Across replicas', status: 'TRIGGERED', detectedAt });
    const [event] = await events.next(1);
    expect(event.timelineEventAdded).toMatchObject({ incidentId: id, type: 'DECLARED' });

    // The subscriber reads the committed row through its own process.
    const fromB = await gql(b.graphqlUrl, `query($id: ID!) { incident(id: $id) { title } }`, { id });
    expect(fromB.data!.incident.title).toBe('Across replicas');

    await gql(b.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    const [, acked] = await changes.next(2);
    expect(acked.incidentChanged.status).toBe('ACKNOWLEDGED');
    await settle(200);
    expect(changes.items).toHaveLength(2);
    changes.unsubscribe();
    events.unsubscribe();
  });
});
