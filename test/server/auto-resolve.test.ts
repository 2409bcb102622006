import { DAY, HOUR, MINUTE, ManualClock, SECOND } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer } from '../support/server';

jest.setTimeout(60_000);

const INCIDENT = `query($id: ID!) { incident(id: $id) { status acknowledgedAt resolvedAt
  sla { acknowledge { state remainingMs } } timeline { type actorKind } } }`;
const METRICS = `query($range: MetricsRange!) { metrics(range: $range, bucket: DAY) { buckets {
  incidents autoResolved neverAcknowledged timeToAcknowledge { count meanMs } timeToResolve { count } acknowledgeSla { decided met } } } }`;

/** "Monitoring auto-resolve is not an acknowledgement" (issue 16), through the PagerDuty endpoint as monitoring sends it. */
describe.each(testDatabaseKinds())('monitoring resolving an incident nobody acknowledged, on %s', (kind) => {
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');
  const day = { from: '2026-06-01T00:00:00.000Z', to: '2026-06-02T00:00:00.000Z' };
  let server: TestServer;
  let routingKey: string;
  const ids: Record<string, string> = {};

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const send = async (action: 'trigger' | 'acknowledge' | 'resolve', dedupKey: string): Promise<string> => {
    const res = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: routingKey,
        event_action: action,
        dedup_key: dedupKey,
        payload: { summary: `Checkout 5xx (${dedupKey})`, source: 'lb-1', severity: 'critical' },
      }),
    });
    expect(res.status).toBe(202);
    const [row] = await server.app.db.dataSource.query('SELECT incidentId FROM alert WHERE dedupKey = ?', [dedupKey]);
    return String(row.incidentId);
  };
  const incident = async (id: string) => (await ok(INCIDENT, { id })).incident;

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    const service = await ok(`mutation { createService(input: { name: "checkout-api" }) { id } }`);
    const made = await ok(
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "pd", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
      { s: service.createService.id },
    );
    routingKey = made.createIntegration.key;

    // A 3-second flap; a problem nobody answered for 20 minutes that then went away; one acknowledged by an explicit event.
    ids.flap = await send('trigger', 'flap');
    clock.advance(3 * SECOND);
    await send('resolve', 'flap');
    clock.set('2026-06-01T10:00:00.000Z');
    ids.ignored = await send('trigger', 'ignored');
    clock.advance(20 * MINUTE);
    await send('resolve', 'ignored');
    clock.set('2026-06-01T11:00:00.000Z');
    ids.answered = await send('trigger', 'answered');
    clock.advance(2 * MINUTE);
    await send('acknowledge', 'answered');
    clock.advance(8 * MINUTE);
    await send('resolve', 'answered');
  });

  afterAll(() => server?.dispose());

  it('the flap is resolved but not acknowledged: no ACKNOWLEDGED line, and its acknowledge clock was not needed', async () => {
    clock.set('2026-06-01T12:00:00.000Z');
    const flap = await incident(ids.flap);
    expect(flap).toMatchObject({ status: 'RESOLVED', acknowledgedAt: null, resolvedAt: '2026-06-01T09:00:03.000Z' });
    expect(flap.timeline.map((e: { type: string }) => e.type)).not.toContain('ACKNOWLEDGED');
    expect(flap.timeline.find((e: { type: string }) => e.type === 'RESOLVED')).toMatchObject({
      actorKind: 'INTEGRATION',
    });
    expect(flap.sla.acknowledge).toEqual({ state: 'NOT_NEEDED', remainingMs: 15 * MINUTE - 3 * SECOND });
    // Nobody answered the other one within its 15 minutes: that stays a breach, though monitoring resolved it.
    expect((await incident(ids.ignored)).sla.acknowledge).toEqual({ state: 'BREACHED', remainingMs: -5 * MINUTE });
  });

  it('an explicit acknowledge event from monitoring still acknowledges', async () => {
    expect(await incident(ids.answered)).toMatchObject({
      status: 'RESOLVED',
      acknowledgedAt: '2026-06-01T11:02:00.000Z',
    });
  });

  it('metrics count them apart as auto-resolved: never in MTTA, never "never acknowledged"; a late one breaches the acknowledge SLA', async () => {
    const [bucket] = (await ok(METRICS, { range: day })).metrics.buckets;
    expect(bucket).toEqual({
      incidents: 3,
      autoResolved: 2,
      neverAcknowledged: 0,
      timeToAcknowledge: { count: 1, meanMs: 2 * MINUTE },
      timeToResolve: { count: 3 },
      acknowledgeSla: { decided: 2, met: 1 },
    });
  });

  it('a P1 auto-resolved opens no post-mortem; one asked for days later is due 48 h after the request', async () => {
    const none = await ok(`query($id: ID!) { postmortemForIncident(incidentId: $id) { id } }`, { id: ids.flap });
    expect(none.postmortemForIncident).toBeNull();
    const answered = await ok(`query($id: ID!) { postmortemForIncident(incidentId: $id) { dueAt } }`, {
      id: ids.answered,
    });
    expect(answered.postmortemForIncident.dueAt).toBe(
      new Date(Date.parse('2026-06-01T11:10:00.000Z') + 48 * HOUR).toISOString(),
    );

    clock.set(new Date(Date.parse('2026-06-01T09:00:03.000Z') + 3 * DAY));
    const asked = await ok(`mutation($id: ID!) { requestPostmortem(incidentId: $id) { dueAt overdue } }`, {
      id: ids.flap,
    });
    expect(asked.requestPostmortem).toEqual({
      dueAt: new Date(clock.now().getTime() + 48 * HOUR).toISOString(),
      overdue: false,
    });
  });
});
