import { HOUR, MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { TestServer, gql, startTestServer } from '../support/server';

const START = new Date('2026-03-02T09:00:00.000Z');

describe.each(testDatabaseKinds())('maintenance windows stop paging (%s)', (kind) => {
  let server: TestServer;
  let key: string;
  let serviceId: string;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    await setUpPaging(server);
    serviceId = (await gql(server.graphqlUrl, `mutation { createService(input: { name: "payments" }) { id } }`)).data!
      .createService.id;
    const integration = await gql(
      server.graphqlUrl,
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "prom", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
      { s: serviceId },
    );
    key = integration.data!.createIntegration.key;
    const window = await gql(
      server.graphqlUrl,
      `mutation($s: ID!, $end: DateTimeISO!) { createMaintenanceWindow(input: { serviceId: $s, endsAt: $end, reason: "db upgrade" }) { id } }`,
      { s: serviceId, end: new Date(START.getTime() + HOUR).toISOString() },
    );
    expect(window.errors).toBeUndefined();
  });
  afterAll(() => server?.dispose());

  const trigger = async (dedup: string) => {
    const res = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: key,
        event_action: 'trigger',
        dedup_key: dedup,
        payload: { summary: `db down ${dedup}`, source: 'db1', severity: 'critical' },
      }),
    });
    expect(res.status).toBe(202);
    const list = await gql(
      server.graphqlUrl,
      `{ incidents(page: { first: 5 }) { nodes { id title timeline { type } notifications { kind } } } }`,
    );
    return list.data!.incidents.nodes.find((n: any) => n.title.includes(dedup));
  };

  it('an alert during the window is recorded but pages nobody', async () => {
    clock.set(START.getTime() + 10 * MINUTE);
    const incident = await trigger('during');
    expect(incident).toBeDefined();
    const types = incident.timeline.map((e: any) => e.type);
    expect(types).toContain('MAINTENANCE_QUIET');
    expect(types).not.toContain('ESCALATED');
    expect(incident.notifications).toEqual([]);
  });

  it('after the window (end exclusive) the same alert pages', async () => {
    clock.set(START.getTime() + HOUR);
    const incident = await trigger('after');
    const types = incident.timeline.map((e: any) => e.type);
    expect(types).not.toContain('MAINTENANCE_QUIET');
    expect(types).toContain('ESCALATED');
    expect(incident.notifications.length).toBeGreaterThan(0);
  });
});
