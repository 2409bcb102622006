import { ManualClock } from '@vigil/shared';
import { HeartbeatMonitor } from '../../server/src/model/heartbeat.entity';
import { TestDatabase, createTestDatabase, testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer, userWithToken } from '../support/server';

const CREATE = `mutation($input: HeartbeatMonitorInput!) { createHeartbeatMonitor(input: $input) { key pingUrl monitor { id name status dueAt keyPrefix incidentId } } }`;
const INCIDENT = `query($id: ID!) { incident(id: $id) { id title status severity source services { name } timeline { type actorName } } }`;
const OPEN = `{ incidents(filter: { open: true }, page: { first: 200 }) { nodes { id title } } }`;

describe.each(testDatabaseKinds())('heartbeat monitors on %s', (kind) => {
  let db: TestDatabase;
  let server: TestServer;
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');
  const ping = (key: string, method = 'GET') => fetch(`${server.url}/api/heartbeats/${key}`, { method });
  const monitor = (id: string) =>
    server.app.db.dataSource.getRepository(HeartbeatMonitor).findOneByOrFail({ id: Number(id) });
  const openHeartbeatIncidents = async (name: string) =>
    ((await gql(server.graphqlUrl, OPEN)).data!.incidents.nodes as Array<{ id: string; title: string }>).filter((i) =>
      i.title.includes(`Heartbeat missed: ${name}`),
    );
  let serviceId: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    server = await startTestServer(kind, { clock, database: db });
    const s = await gql(server.graphqlUrl, `mutation { createService(input: { name: "nightly-backup" }) { id } }`);
    expect(s.errors).toBeUndefined();
    serviceId = s.data!.createService.id;
  });

  afterAll(async () => {
    await server?.dispose();
    await db?.drop();
  });

  it('creates monitors (LEAD) with a 256-bit key stored hashed, and refuses bad input writing nothing', async () => {
    const created = await gql(server.graphqlUrl, CREATE, {
      input: { serviceId, name: 'backup', intervalSeconds: 3600, graceSeconds: 600 },
    });
    expect(created.errors).toBeUndefined();
    const { key, pingUrl, monitor: m } = created.data!.createHeartbeatMonitor;
    expect(Buffer.from(key, 'base64url').length).toBe(32);
    expect(pingUrl).toMatch(new RegExp(`/api/heartbeats/${key}$`));
    expect(m).toMatchObject({
      status: 'UP',
      dueAt: '2026-06-01T10:10:00.000Z',
      keyPrefix: key.slice(0, 6),
      incidentId: null,
    });
    const row = await monitor(m.id);
    expect(row.keyHash).not.toContain(key);
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);

    const responder = await userWithToken(server, 'Rob', 'RESPONDER');
    const refused = await gql(
      server.graphqlUrl,
      CREATE,
      { input: { serviceId, name: 'nope', intervalSeconds: 60, graceSeconds: 0 } },
      responder.headers,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const [input, field] of [
      [{ serviceId, name: 'x', intervalSeconds: 5, graceSeconds: 0 }, 'intervalSeconds'],
      [{ serviceId, name: 'x', intervalSeconds: 60, graceSeconds: -1 }, 'graceSeconds'],
      [{ serviceId, name: ' ', intervalSeconds: 60, graceSeconds: 0 }, 'name'],
      [{ serviceId: '99999', name: 'x', intervalSeconds: 60, graceSeconds: 0 }, 'serviceId'],
      [{ serviceId, name: 'backup', intervalSeconds: 60, graceSeconds: 0 }, 'name'],
    ] as const) {
      const r = await gql(server.graphqlUrl, CREATE, { input });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field });
    }
    const all = await gql(server.graphqlUrl, `{ heartbeatMonitors { name } }`);
    expect(all.data!.heartbeatMonitors).toEqual([{ name: 'backup' }]);
    expect((await ping('A'.repeat(43))).status).toBe(404);
    const updated = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { updateHeartbeatMonitor(id: $id, input: { intervalSeconds: 7200 }) { intervalSeconds graceSeconds dueAt } }`,
      { id: m.id },
    );
    expect(updated.data!.updateHeartbeatMonitor).toEqual({
      intervalSeconds: 7200,
      graceSeconds: 600,
      dueAt: '2026-06-01T11:10:00.000Z',
    });
    const badUpdate = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { updateHeartbeatMonitor(id: $id, input: { graceSeconds: 999999 }) { id } }`,
      { id: m.id },
    );
    expect(badUpdate.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'graceSeconds' });
    expect((await monitor(m.id)).graceSeconds).toBe(600);
    await gql(server.graphqlUrl, `mutation($id: ID!) { deleteHeartbeatMonitor(id: $id) }`, { id: m.id });
  });

  it('missed → one incident (dedup), ping → resolved, silence again → a new incident', async () => {
    const created = await gql(server.graphqlUrl, CREATE, {
      input: { serviceId, name: 'etl', intervalSeconds: 300, graceSeconds: 60, severity: 'P3' },
    });
    const { key, monitor: m } = created.data!.createHeartbeatMonitor;
    clock.advance(200_000);
    expect((await ping(key, 'POST')).status).toBe(200);
    // Deadline is now ping + 360 s; exactly at it nothing fires.
    clock.advance(360_000);
    await server.app.heartbeats.runOnce();
    expect(await openHeartbeatIncidents('etl')).toHaveLength(0);
    clock.advance(1);
    await server.app.heartbeats.runOnce();
    await server.app.heartbeats.runOnce();
    clock.advance(600_000);
    await server.app.heartbeats.runOnce();
    const open = await openHeartbeatIncidents('etl');
    expect(open).toHaveLength(1);
    const incident = (await gql(server.graphqlUrl, INCIDENT, { id: open[0].id })).data!.incident;
    expect(incident).toMatchObject({
      severity: 'P3',
      source: 'MONITORING_ALERT',
      status: 'TRIGGERED',
      services: [{ name: 'nightly-backup' }],
    });
    expect(incident.timeline.map((e: { type: string }) => e.type)).toEqual(['DECLARED', 'HEARTBEAT_MISSED']);
    expect(await monitor(m.id)).toMatchObject({ status: 'DOWN', incidentId: Number(open[0].id) });

    const back = await ping(key);
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ ok: true, status: 'UP' });
    const resolved = (await gql(server.graphqlUrl, INCIDENT, { id: open[0].id })).data!.incident;
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.timeline.map((e: { type: string }) => e.type)).toEqual([
      'DECLARED',
      'HEARTBEAT_MISSED',
      'HEARTBEAT_RECOVERED',
      'RESOLVED',
      // What customers read: it is over (status-updates.test.ts).
      'PUBLIC_UPDATE',
    ]);
    expect(await monitor(m.id)).toMatchObject({ status: 'UP', incidentId: null });

    clock.advance(361_000);
    await server.app.heartbeats.runOnce();
    const again = await openHeartbeatIncidents('etl');
    expect(again).toHaveLength(1);
    expect(again[0].id).not.toBe(open[0].id);
    await ping(key);
  });

  // Two servers in one test process need a database with more than one writer: defined for MariaDB only (as
  // escalation-durability is), not skipped on SQLite.
  const onMariadb = kind === 'mariadb' ? it : ((() => undefined) as unknown as jest.It);
  onMariadb('two replicas sweeping at once open exactly one incident', async () => {
    const created = await gql(server.graphqlUrl, CREATE, {
      input: { serviceId, name: 'sync', intervalSeconds: 60, graceSeconds: 0 },
    });
    const { key } = created.data!.createHeartbeatMonitor;
    const replica = await startTestServer(kind, { clock, database: db });
    try {
      clock.advance(61_000);
      await Promise.all([
        server.app.heartbeats.runOnce(),
        replica.app.heartbeats.runOnce(),
        server.app.heartbeats.runOnce(),
        replica.app.heartbeats.runOnce(),
      ]);
      expect(await openHeartbeatIncidents('sync')).toHaveLength(1);
    } finally {
      await replica.dispose();
    }
    await ping(key);
    expect(await openHeartbeatIncidents('sync')).toHaveLength(0);
  });

  it('a deadline missed while no server runs fires after the next start, and the ping after that resolves it', async () => {
    const created = await gql(server.graphqlUrl, CREATE, {
      input: { serviceId, name: 'cron', intervalSeconds: 120, graceSeconds: 30 },
    });
    const { key } = created.data!.createHeartbeatMonitor;
    await server.stop();
    clock.advance(10 * 60_000);
    server = await startTestServer(kind, { clock, database: db });
    // The start-up sweep fires it by itself (no runOnce here), on the wall clock's schedule.
    const deadline = Date.now() + 5000;
    while (!(await openHeartbeatIncidents('cron')).length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await openHeartbeatIncidents('cron')).toHaveLength(1);
    await server.stop();
    server = await startTestServer(kind, { clock, database: db });
    await server.app.heartbeats.runOnce();
    expect(await openHeartbeatIncidents('cron')).toHaveLength(1);
    expect((await ping(key)).status).toBe(200);
    expect(await openHeartbeatIncidents('cron')).toHaveLength(0);
  });
});
