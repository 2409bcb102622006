import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer } from '../support/server';

/**
 * An alert event and the incident change it causes are one transaction: a crash between the alert's update and the
 * incident's (injected at that point: the transaction dies there) leaves both as they were, and the sender's
 * retry then changes both.
 */
describe.each(testDatabaseKinds())('alert acknowledge and resolve are crash-safe on %s', (kind) => {
  let server: TestServer;
  let key: string;

  const send = (action: string, dedup: string) =>
    fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: key,
        event_action: action,
        dedup_key: dedup,
        payload: { summary: `disk full ${dedup}`, source: 'db1', severity: 'error' },
      }),
    });
  const state = async (dedup: string) => {
    const [alert] = await server.app.db.dataSource.query<Array<{ status: string; incidentId: number }>>(
      'SELECT status, incidentId FROM alert WHERE dedupKey = ?',
      [dedup],
    );
    const [incident] = await server.app.db.dataSource.query<Array<{ status: string }>>(
      'SELECT status FROM incident WHERE id = ?',
      [alert.incidentId],
    );
    return { alert: alert.status, incident: incident.status };
  };
  const crashBetween = () => {
    server.app.alerts.faultAt = () => {
      throw new Error('injected crash between the alert update and the incident update');
    };
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    const svc = await gql(server.graphqlUrl, `mutation { createService(input: { name: "db" }) { id } }`);
    key = (
      await gql(
        server.graphqlUrl,
        `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "pd", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
        { s: svc.data!.createService.id },
      )
    ).data!.createIntegration.key;
  });
  afterAll(() => server?.dispose());
  afterEach(() => {
    server.app.alerts.faultAt = null;
  });

  it.each([
    ['acknowledge', { alert: 'TRIGGERED', incident: 'TRIGGERED' }, { alert: 'ACKNOWLEDGED', incident: 'ACKNOWLEDGED' }],
    ['resolve', { alert: 'TRIGGERED', incident: 'TRIGGERED' }, { alert: 'RESOLVED', incident: 'RESOLVED' }],
  ])('%s: a crash mid-event changes neither; the retry changes both', async (action, before, after) => {
    const dedup = `crash-${action}`;
    expect((await send('trigger', dedup)).status).toBe(202);
    expect(await state(dedup)).toEqual(before);
    crashBetween();
    const crashed = await send(action, dedup);
    expect(crashed.status).toBeGreaterThanOrEqual(500);
    expect(await state(dedup)).toEqual(before);
    server.app.alerts.faultAt = null;
    expect((await send(action, dedup)).status).toBe(202);
    expect(await state(dedup)).toEqual(after);
  });
});
