import { MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer, userWithSession } from '../support/server';

jest.setTimeout(60_000);

const ROLLBACK = `query($id: ID!) { incident(id: $id) {
  rollback { recommended reasons { rule } suspectDeployment { version } dismissal { reason by rules } errorRate { percent source at } }
  timeline { type message } } }`;
const FLAGS = `mutation($id: ID!, $input: RollbackFlagsInput!) { setRollbackFlags(id: $id, input: $input) { id } }`;
const NO_FLAGS = { serviceDown: false, dataCorruptionRisk: false, securityBreach: false };

/** Issue 16, rollback advice: a responder's measurement supersedes an alert's label, and advice can be dismissed. */
describe.each(testDatabaseKinds())('rollback advice on %s', (kind) => {
  const clock = new ManualClock('2026-06-01T10:00:00.000Z');
  let server: TestServer;
  let ana: Record<string, string>;
  let key: string;
  let id: string;

  const ok = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = ana) => {
    const r = await gql(server.graphqlUrl, query, variables, headers);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const advice = async () => (await ok(ROLLBACK, { id })).incident;
  /** One Alertmanager alert of the checkout group, firing with an error_rate label. */
  const fire = async (fingerprint: string, errorRate: string) => {
    const res = await fetch(`${server.url}/api/integrations/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        version: '4',
        status: 'firing',
        groupKey: '{}:{alertname="CheckoutErrors"}',
        commonLabels: { alertname: 'CheckoutErrors', severity: 'critical' },
        alerts: [
          {
            status: 'firing',
            fingerprint,
            labels: { alertname: 'CheckoutErrors', instance: fingerprint, error_rate: errorRate },
            annotations: { summary: 'Checkout 5xx' },
          },
        ],
      }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { alerts: Array<{ incident_id: string }> }).alerts[0].incident_id;
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    ana = (await userWithSession(server, 'Ana Responder', 'RESPONDER')).headers;
    const admin = { authorization: `Bearer ${server.db.adminToken}` };
    const service = (await ok(`mutation { createService(input: { name: "checkout-api" }) { id } }`, {}, admin))
      .createService.id;
    key = (
      await ok(
        `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "am", kind: ALERTMANAGER }) { key } }`,
        { s: service },
        admin,
      )
    ).createIntegration.key;
    await ok(
      `mutation($s: ID!, $at: DateTimeISO) { recordDeployment(input: { serviceId: $s, version: "v812", deployedAt: $at }) { id } }`,
      { s: service, at: new Date(clock.now().getTime() - 10 * MINUTE).toISOString() },
    );
    id = await fire('checkout-0', '100%');
  });
  afterAll(() => server?.dispose());

  it("the alert's error_rate=100% recommends rolling back v812", async () => {
    expect((await advice()).rollback).toEqual({
      recommended: true,
      reasons: [{ rule: 'ERROR_RATE' }],
      suspectDeployment: { version: 'v812' },
      dismissal: null,
      errorRate: { percent: 100, source: 'ALERT', at: '2026-06-01T10:00:00.000Z' },
    });
  });

  it("a responder's later measurement of 2% supersedes it; an alert firing after that counts again", async () => {
    clock.advance(5 * MINUTE);
    await ok(FLAGS, { id, input: { ...NO_FLAGS, errorRate: 2 } });
    expect((await advice()).rollback).toMatchObject({
      recommended: false,
      reasons: [],
      errorRate: { percent: 2, source: 'RESPONDER', at: '2026-06-01T10:05:00.000Z' },
    });

    clock.advance(5 * MINUTE);
    expect(await fire('checkout-1', '0.4')).toBe(id);
    expect((await advice()).rollback).toMatchObject({
      recommended: true,
      reasons: [{ rule: 'ERROR_RATE' }],
      errorRate: { percent: 40, source: 'ALERT' },
    });
  });

  it('a recommendation is dismissed with a reason: on the timeline, not recommended while nothing new argues for it', async () => {
    const before = (await advice()).timeline.length;
    for (const blank of ['', '   ']) {
      const refused = await gql(
        server.graphqlUrl,
        FLAGS,
        { id, input: { ...NO_FLAGS, errorRate: 2, dismissReason: blank } },
        ana,
      );
      expect(refused.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'dismissReason' });
    }
    expect((await advice()).timeline.length).toBe(before);

    // The flags as they are stored: the dismissal does not restate them (nor re-date the 2%).
    await ok(FLAGS, {
      id,
      input: {
        ...NO_FLAGS,
        errorRate: 2,
        dismissReason: 'v812 only touched the admin UI; errors come from the payment provider',
      },
    });
    const after = await advice();
    expect(after.rollback).toMatchObject({
      recommended: false,
      reasons: [{ rule: 'ERROR_RATE' }],
      dismissal: {
        reason: 'v812 only touched the admin UI; errors come from the payment provider',
        by: 'Ana Responder',
        rules: ['ERROR_RATE'],
      },
    });
    expect(after.timeline.slice(before).map((e: { type: string; message: string }) => [e.type, e.message])).toEqual([
      [
        'ROLLBACK_DISMISSED',
        'Rollback of v812 not recommended any more: v812 only touched the admin UI; errors come from the payment provider',
      ],
    ]);

    const again = await gql(
      server.graphqlUrl,
      FLAGS,
      { id, input: { ...NO_FLAGS, errorRate: 2, dismissReason: 'twice' } },
      ana,
    );
    expect(again.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'dismissReason' });
    expect(again.errors![0].message).toMatch(/no rollback recommendation to dismiss/);
  });

  it('a rule the dismissal did not cover brings the recommendation back', async () => {
    await ok(FLAGS, { id, input: { ...NO_FLAGS, serviceDown: true, errorRate: 2 } });
    expect((await advice()).rollback).toMatchObject({
      recommended: true,
      dismissal: null,
      reasons: [{ rule: 'SERVICE_DOWN' }],
    });
  });

  it("a dismissal alone (only dismissReason) keeps the responder's flags and measurement as they are", async () => {
    const FLAGS_NOW = `query($id: ID!) { incident(id: $id) { rollbackFlags { errorRate serviceDown } timeline { type } } }`;
    await ok(FLAGS, {
      id,
      input: { dismissReason: 'the service is back behind the failover; rolling back v812 would not help' },
    });
    const after = (await ok(FLAGS_NOW, { id })).incident;
    expect(after.rollbackFlags).toEqual({ errorRate: 2, serviceDown: true });
    expect(after.timeline.at(-1).type).toBe('ROLLBACK_DISMISSED');
    expect((await advice()).rollback).toMatchObject({
      recommended: false,
      errorRate: { percent: 2, source: 'RESPONDER' },
    });
  });

  it('the same alert firing again after a measurement counts again, with the error rate it reports now', async () => {
    clock.advance(5 * MINUTE);
    await ok(FLAGS, { id, input: { ...NO_FLAGS, errorRate: 3 } });
    expect((await advice()).rollback).toMatchObject({ reasons: [], errorRate: { percent: 3, source: 'RESPONDER' } });
    clock.advance(5 * MINUTE);
    expect(await fire('checkout-0', '30%')).toBe(id);
    const { rollback, timeline } = await advice();
    expect(timeline.at(-1).type).toBe('ALERT_REPEATED');
    expect(rollback).toMatchObject({
      reasons: [{ rule: 'ERROR_RATE' }],
      errorRate: { percent: 30, source: 'ALERT', at: clock.now().toISOString() },
    });
  });
});
