import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ManualClock, SECOND } from '@vigil/shared';
import { Client } from 'graphql-ws';
import { IncidentEscalation } from '../../server/src/model/escalation.entity';
import { ContactMethod } from '../../server/src/model/user.entity';
import { testDatabaseKinds } from '../support/databases';
import { quietNotify } from '../support/notify-config';
import { waitFor } from '../support/outbox';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { TestServer, collect, gql, startTestServer, subscribed, wsClient } from '../support/server';
import { describeIf, promtoolAvailable } from '../support/services';

const TOKEN = 'metrics-token-0123456789-abcdefghijklmnop';
const RULES = path.resolve(__dirname, '../../deploy/prometheus/vigil-rules.yml');
const HAS_PROMTOOL = promtoolAvailable();

jest.setTimeout(90_000);

/** The value of one sample in the exposition text (labels in prom-client's order), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.keys(have).length === wanted.length && wanted.every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrape(server: TestServer, token: string | null = TOKEN): Promise<Response> {
  return fetch(`${server.url}/metrics`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}

async function metricsText(server: TestServer): Promise<string> {
  const res = await scrape(server);
  expect(res.status).toBe(200);
  return res.text();
}

describe.each(testDatabaseKinds())('Prometheus metrics after a scripted incident on %s', (kind) => {
  let server: TestServer;
  let receiver: HttpReceiver;
  let socket: Client | null = null;
  const clock = new ManualClock('2026-06-02T09:00:00.000Z');
  let incidentId: number;
  let integrationKey: string;

  const must = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const send = (key: string, body: Record<string, unknown>) =>
    fetch(`${server.url}/api/integrations/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    server = await startTestServer(kind, {
      clock,
      // The sender runs by hand (runOnce); the other timers (escalation among them) run as jobs on the manual clock.
      config: { metricsToken: TOKEN, notify: quietNotify() },
    });
    const now = clock.now();
    const person = async (name: string) => {
      const user = await server.app.users.create({
        name,
        email: `${name.toLowerCase()}.${kind}@example.com`,
        role: 'RESPONDER',
      });
      await server.app.db.dataSource.getRepository(ContactMethod).save({
        userId: user.id,
        kind: 'WEBHOOK',
        address: `${receiver.url}/page/${name}`,
        createdAt: now,
        verifiedAt: now,
      });
      return String(user.id);
    };
    const first = await person('First');
    const second = await person('Second');
    await must(
      `mutation($l: [EscalationLevelInput!]!) { createEscalationPolicy(input: { name: "two levels", isDefault: true, levels: $l }) { id } }`,
      {
        l: [
          { name: 'first', ackTimeoutMinutes: 5, targets: [{ kind: 'USER', id: first }] },
          { name: 'second', ackTimeoutMinutes: 60, targets: [{ kind: 'USER', id: second }] },
        ],
      },
    );
    const service = await must(`mutation { createService(input: { name: "checkout" }) { id } }`);
    const made = await must(
      `mutation($s: ID!) { createIntegration(input: { name: "hooks", kind: GENERIC_WEBHOOK, serviceId: $s }) { key } }`,
      { s: service.createService.id },
    );
    integrationKey = made.createIntegration.key;
  });

  afterAll(async () => {
    await socket?.dispose();
    await server?.dispose();
    await receiver?.close();
  });

  it('refuses a scrape without the token or with a wrong one (401), and answers with it', async () => {
    const none = await scrape(server, null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await scrape(server, `${TOKEN}x`)).status).toBe(401);
    expect((await scrape(server, 'short')).status).toBe(401);
    const ok = await scrape(server);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await ok.text();
    // The default process metrics are there too.
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_heap_size_used_bytes');
    // Without Redis there is no Redis connection to report.
    expect(text).not.toContain('vigil_redis_connected');
  });

  it('alert → page → escalation → retry → acknowledgement shows in the counters and histograms', async () => {
    // The alert opens an incident (level 1 is paged in that transaction), a repeat is counted, a bad key is refused.
    const opened = await send(integrationKey, { summary: 'Checkout down', dedup_key: 'checkout', severity: 'error' });
    expect(opened.status).toBe(202);
    incidentId = Number(((await opened.json()) as { alerts: Array<{ incident_id: string }> }).alerts[0].incident_id);
    expect((await send(integrationKey, { summary: 'Checkout down', dedup_key: 'checkout' })).status).toBe(202);
    expect((await send('not-a-key', { summary: 'x', dedup_key: 'y' })).status).toBe(401);

    // Three seconds later the page waits in the outbox: the backlog gauges say so at scrape time.
    clock.advance(3 * SECOND);
    let text = await metricsText(server);
    expect(sample(text, 'vigil_outbox_due_notifications')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vigil_outbox_oldest_due_age_seconds')).toBe(3);

    // The sender attempts the first page 3 s after the alert was recorded.
    await server.app.notifications.runOnce();
    expect(receiver.delivered('/page/First')).toHaveLength(1);

    // Level 2 fires by the escalation job, 7 s past its due time; Second's receiver fails once, then takes it.
    const row = await server.app.db.dataSource.getRepository(IncidentEscalation).findOneByOrFail({ incidentId });
    expect(row.nextLevel).toBe(2);
    clock.set(row.nextAt!.getTime() + 7 * SECOND);
    expect(
      await waitFor(async () => sample(await metricsText(server), 'vigil_escalation_lag_seconds_count') === 1, 15_000),
    ).toBe(true);
    receiver.reply(() => ({ status: 500 }));
    await server.app.notifications.runOnce();
    expect(receiver.requests.filter((r) => r.path === '/page/Second')).toHaveLength(1);
    receiver.reply(null);
    clock.advance(120 * SECOND);
    await server.app.notifications.runOnce();
    expect(receiver.delivered('/page/Second')).toHaveLength(1);

    // Acknowledged with a document of the caller's own (named: 'other'), and the web app's trusted `Me` by its id.
    const ack = await gql(server.graphqlUrl, `mutation AckIt($id: ID!) { acknowledgeIncident(id: $id) { status } }`, {
      id: String(incidentId),
    });
    expect(ack.data?.acknowledgeIncident.status).toBe('ACKNOWLEDGED');
    const me = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.db.adminToken}` },
      body: JSON.stringify({
        documentId: 'sha256:f04a9f6148fe3621b116c614a43c6a8a89171d066afb78b8379384858bc7be58',
        variables: {},
      }),
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { errors?: unknown }).errors).toBeUndefined();
    await server.app.notifications.runOnce();

    socket = wsClient(server.wsUrl);
    // Two subscribers of the same document and view share one stream; a third with another id has its own.
    const subs = [
      collect(socket, `subscription { incidentChanged { id } }`),
      collect(socket, `subscription { incidentChanged { id } }`),
      collect(socket, `subscription($id: ID) { incidentChanged(id: $id) { id } }`, { id: String(incidentId) }),
    ];
    await subscribed(server, ...subs);
    expect(
      await waitFor(async () => sample(await metricsText(server), 'vigil_websocket_connections') === 1, 10_000),
    ).toBe(true);

    text = await metricsText(server);
    const ingest = (outcome: string) =>
      sample(text, 'vigil_alerts_ingested_total', { integration: 'GENERIC_WEBHOOK', outcome });
    expect([ingest('opened'), ingest('repeat'), ingest('refused')]).toEqual([1, 1, 1]);

    expect(sample(text, 'vigil_alert_to_first_page_seconds_count')).toBe(1);
    expect(sample(text, 'vigil_alert_to_first_page_seconds_sum')).toBe(3);
    expect(sample(text, 'vigil_alert_to_first_page_seconds_bucket', { le: '2.5' })).toBe(0);
    expect(sample(text, 'vigil_alert_to_first_page_seconds_bucket', { le: '5' })).toBe(1);

    expect(sample(text, 'vigil_escalation_lag_seconds_count')).toBe(1);
    expect(sample(text, 'vigil_escalation_lag_seconds_sum')).toBe(7);
    expect(sample(text, 'vigil_escalation_lag_seconds_bucket', { le: '5' })).toBe(0);
    expect(sample(text, 'vigil_escalation_lag_seconds_bucket', { le: '10' })).toBe(1);

    const pageAttempts = (outcome: string, reason: string) =>
      sample(text, 'vigil_notification_attempts_total', { channel: 'WEBHOOK', kind: 'page', outcome, reason });
    expect(pageAttempts('sent', 'none')).toBe(2);
    expect(pageAttempts('retry', 'http_5xx')).toBe(1);
    // Both pages delivered; the second one 120 s after its first (failed) attempt.
    expect(sample(text, 'vigil_page_delivery_seconds_count', { channel: 'WEBHOOK' })).toBe(2);
    expect(sample(text, 'vigil_page_delivery_seconds_sum', { channel: 'WEBHOOK' })).toBeGreaterThanOrEqual(120);
    expect(sample(text, 'vigil_page_delivery_seconds_bucket', { channel: 'WEBHOOK', le: '60' })).toBe(1);

    expect(sample(text, 'vigil_job_claimed_total', { timer: 'escalation' })).toBe(1);
    expect(sample(text, 'vigil_job_runs_total', { timer: 'escalation' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vigil_job_failures_total', { timer: 'escalation' }) ?? 0).toBe(0);

    expect(
      sample(text, 'vigil_graphql_operations_total', { operation: 'other', type: 'mutation', outcome: 'ok' }),
    ).toBe(1);
    expect(sample(text, 'vigil_graphql_operations_total', { operation: 'Me', type: 'query', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'vigil_graphql_operation_duration_seconds_count', { operation: 'Me', type: 'query' })).toBe(1);
    // Every operation name is a trusted document's, or other/anonymous: AckIt is not a label value.
    expect(text).not.toContain('AckIt');

    expect(sample(text, 'vigil_graphql_subscriptions')).toBe(3);
    expect(sample(text, 'vigil_graphql_subscription_streams')).toBe(2);
    for (const sub of subs) sub.unsubscribe();
    expect(
      await waitFor(async () => sample(await metricsText(server), 'vigil_graphql_subscriptions') === 0, 10_000),
    ).toBe(true);

    // The database pools: MySQL/MariaDB's write and read pools at their configured size; SQLite has none.
    if (kind === 'sqlite') expect(text).not.toContain('vigil_db_pool');
    else {
      expect(sample(text, 'vigil_db_pool_max_connections', { pool: 'write' })).toBe(20);
      expect(sample(text, 'vigil_db_pool_max_connections', { pool: 'read' })).toBe(10);
      for (const pool of ['write', 'read']) {
        const open =
          sample(text, 'vigil_db_pool_connections', { pool, state: 'in_use' })! +
          sample(text, 'vigil_db_pool_connections', { pool, state: 'idle' })!;
        expect([pool, open >= 1 && open <= (pool === 'write' ? 20 : 10)]).toEqual([pool, true]);
        expect(sample(text, 'vigil_db_pool_waiting_requests', { pool })).toBe(0);
      }
    }

    // Nothing is left to send: the backlog is empty again.
    expect(sample(text, 'vigil_outbox_due_notifications')).toBe(0);
    expect(sample(text, 'vigil_outbox_oldest_due_age_seconds')).toBe(0);
  });

  describeIf(HAS_PROMTOOL)('promtool', () => {
    it('`promtool check metrics` finds no problem in the scraped text', async () => {
      const text = await metricsText(server);
      const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect({ status: r.status, out: `${r.stdout}${r.stderr}`.trim() }).toEqual({ status: 0, out: '' });
    });
  });
});

describe('/metrics without VIGIL_METRICS_TOKEN', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(() => server?.dispose());

  it('does not exist (404), with or without a bearer token', async () => {
    expect(server).toBeDefined();
    for (const token of [null, TOKEN]) {
      const res = await scrape(server, token);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('vigil_');
    }
  });
});

describeIf(HAS_PROMTOOL)('the alerting rules shipped for Vigil itself', () => {
  it('`promtool check rules deploy/prometheus/vigil-rules.yml` passes', () => {
    const r = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect({ status: r.status, err: r.stderr.trim() }).toEqual({ status: 0, err: '' });
    expect(r.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });
});
