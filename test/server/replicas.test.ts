import { Client } from 'graphql-ws';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { ServerProcess, spawnServer } from '../support/processes';
import { collect, gql, heardProbe, wsClient } from '../support/server';
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
    // Both streams hear a probe incident declared on the other process: b listens, its Redis channels are open.
    const probes = new Set<string>();
    const declareProbe = async () => {
      const probe = await gql(
        a.graphqlUrl,
        `mutation { declareIncident(input: { title: "probe", severity: P3 }) { id } }`,
      );
      probes.add(probe.data!.declareIncident.id);
    };
    await heardProbe([changes], declareProbe, (i) => probes.has(i.incidentChanged.id));
    await heardProbe([events], declareProbe, (i) => probes.has(i.timelineEventAdded.incidentId));
    const heard = () => changes.items.filter((i) => !probes.has(i.incidentChanged.id));
    const res = await gql(
      a.graphqlUrl,
      `mutation { declareIncident(input: { title: "Across replicas", severity: P0 }) { id detectedAt } }`,
    );
    expect(res.errors).toBeUndefined();
    const { id, detectedAt } = res.data!.declareIncident;
    await changes.until(() => heard().length >= 1);
    const [got] = heard();
    expect(got.incidentChanged).toEqual({ id, title: 'Across replicas', status: 'TRIGGERED', detectedAt });
    await events.until((items) => items.some((i) => i.timelineEventAdded.incidentId === id));
    const event = events.items.find((i) => i.timelineEventAdded.incidentId === id)!;
    expect(event.timelineEventAdded).toMatchObject({ incidentId: id, type: 'DECLARED' });

    // The subscriber reads the committed row through its own process.
    const fromB = await gql(b.graphqlUrl, `query($id: ID!) { incident(id: $id) { title } }`, { id });
    expect(fromB.data!.incident.title).toBe('Across replicas');

    await gql(b.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    await changes.until(() => heard().length >= 2);
    const [, acked] = heard();
    expect(acked.incidentChanged.status).toBe('ACKNOWLEDGED');
    // A marker declared on a after the acknowledgement: events arrive in order, so a duplicate would come before it.
    const marker = await gql(
      a.graphqlUrl,
      `mutation { declareIncident(input: { title: "marker", severity: P3 }) { id } }`,
    );
    const isMarker = (i: Record<string, any>) => i.incidentChanged.id === marker.data!.declareIncident.id;
    await changes.until(() => heard().some(isMarker));
    expect(heard().slice(0, heard().findIndex(isMarker))).toHaveLength(2);
    changes.unsubscribe();
    events.unsubscribe();
  });
});
