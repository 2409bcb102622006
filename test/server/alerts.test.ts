import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer } from '../support/server';
import { resolveVerified } from '../support/resolve';

const FIXTURES = path.resolve(__dirname, '../fixtures/alerts');
const fixture = (name: string): Record<string, any> =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));

const CREATE = `mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) {
  key integration { id name kind keyPrefix signed endpoint severityMapping { alertSeverity severity } service { name } } } }`;
const INCIDENT = `query($id: ID!) { incident(id: $id) { id title severity status source services { name }
  timeline { type actorName actorKind data } alerts { dedupKey status triggerCount severity alertSeverity } } }`;

// Other features add their own lines on declare/resolve (paging, post-mortems); these are the ones ingestion owns.
const OURS = new Set([
  'DECLARED',
  'ACKNOWLEDGED',
  'RESOLVED',
  'ALERT_TRIGGERED',
  'ALERT_REPEATED',
  'ALERT_ACKNOWLEDGED',
  'ALERT_RESOLVED',
]);
const ours = (timeline: Array<{ type: string }>) => timeline.filter((e) => OURS.has(e.type));

interface Reply {
  status: number;
  body: Record<string, any>;
  headers: Headers;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any>, headers: res.headers };
}

describe.each(testDatabaseKinds())('alert ingestion on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock('2026-11-28T22:00:00.000Z');
  const keys: Record<string, string> = {};
  let serviceId: string;

  const counts = async () => {
    const q = async (table: string) =>
      Number((await server.app.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return { incidents: await q('incident'), alerts: await q('alert'), events: await q('timeline_event') };
  };
  const incident = async (id: string | number) => {
    const res = await gql(server.graphqlUrl, INCIDENT, { id: String(id) });
    expect(res.errors).toBeUndefined();
    return res.data!.incident;
  };
  const pd = (body: Record<string, any>) => post(`${server.url}/v2/enqueue`, { ...body, routing_key: keys.pd });
  const idOf = async (integrationKey: string, dedupKey: string): Promise<number[]> => {
    const rows = await server.app.db.dataSource.query(
      'SELECT a.incidentId AS id FROM alert a JOIN integration i ON i.id = a.integrationId WHERE i.keyHash = ? AND a.dedupKey = ? ORDER BY a.id',
      [crypto.createHash('sha256').update(integrationKey).digest('hex'), dedupKey],
    );
    return rows.map((r: { id: number }) => Number(r.id));
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    const svc = await gql(server.graphqlUrl, `mutation { createService(input: { name: "checkout-api" }) { id } }`);
    serviceId = svc.data!.createService.id;
    for (const [name, k, extra] of [
      ['pd', 'PAGERDUTY_EVENTS_V2', {}],
      ['am', 'ALERTMANAGER', {}],
      ['grafana', 'GRAFANA', { hmacSecret: 'grafana-shared-secret-0123' }],
      ['webhook', 'GENERIC_WEBHOOK', { severityMapping: [{ alertSeverity: 'error', severity: 'P1' }] }],
    ] as const) {
      const res = await gql(server.graphqlUrl, CREATE, {
        input: { serviceId, name: `${name} prod`, kind: k, ...extra },
      });
      expect(res.errors).toBeUndefined();
      keys[name] = res.data!.createIntegration.key;
    }
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it('creates integrations with a 160-bit key shown once and stored only as a hash; lists and rotates them', async () => {
    expect(keys.pd).toMatch(/^[0-9a-f]{40}$/);
    const listed = await gql(
      server.graphqlUrl,
      `query($s: ID!) { integrations(serviceId: $s) { name kind keyPrefix signed endpoint severityMapping { alertSeverity severity } } }`,
      { s: serviceId },
    );
    expect(listed.data!.integrations).toEqual([
      {
        name: 'pd prod',
        kind: 'PAGERDUTY_EVENTS_V2',
        keyPrefix: keys.pd.slice(0, 6),
        signed: false,
        endpoint: '/v2/enqueue',
        severityMapping: [],
      },
      {
        name: 'am prod',
        kind: 'ALERTMANAGER',
        keyPrefix: keys.am.slice(0, 6),
        signed: false,
        endpoint: '/api/integrations/alertmanager',
        severityMapping: [],
      },
      {
        name: 'grafana prod',
        kind: 'GRAFANA',
        keyPrefix: keys.grafana.slice(0, 6),
        signed: true,
        endpoint: '/api/integrations/grafana',
        severityMapping: [],
      },
      {
        name: 'webhook prod',
        kind: 'GENERIC_WEBHOOK',
        keyPrefix: keys.webhook.slice(0, 6),
        signed: false,
        endpoint: '/api/integrations/webhook',
        severityMapping: [{ alertSeverity: 'error', severity: 'P1' }],
      },
    ]);
    const stored = JSON.stringify(await server.app.db.dataSource.query('SELECT * FROM integration'));
    for (const key of Object.values(keys)) expect(stored).not.toContain(key);
    expect(await server.app.integrations.resolveKey(keys.am)).toEqual({
      integrationId: expect.any(Number),
      serviceId: Number(serviceId),
      kind: 'ALERTMANAGER',
    });
    expect(await server.app.integrations.resolveKey('0'.repeat(40))).toBeNull();

    const spare = await gql(server.graphqlUrl, CREATE, {
      input: { serviceId, name: 'spare', kind: 'GENERIC_WEBHOOK' },
    });
    const { key: oldKey, integration } = spare.data!.createIntegration;
    const rotated = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { rotateIntegrationKey(id: $id) { key integration { keyPrefix } } }`,
      { id: integration.id },
    );
    const newKey = rotated.data!.rotateIntegrationKey.key;
    expect(newKey).not.toBe(oldKey);
    expect(await server.app.integrations.resolveKey(oldKey)).toBeNull();
    expect(await server.app.integrations.resolveKey(newKey)).not.toBeNull();
  });

  it.each([
    ['an unknown service', { name: 'x', kind: 'ALERTMANAGER', serviceId: '999999' }, 'NOT_FOUND', 'serviceId'],
    ['a blank name', { name: ' ', kind: 'ALERTMANAGER' }, 'VALIDATION', 'name'],
    [
      'an HMAC secret on a non-Grafana kind',
      { name: 'x', kind: 'ALERTMANAGER', hmacSecret: 'a-long-enough-secret' },
      'VALIDATION',
      'hmacSecret',
    ],
    [
      'a bad mapping',
      { name: 'x', kind: 'ALERTMANAGER', severityMapping: [{ alertSeverity: 'bad word', severity: 'P1' }] },
      'VALIDATION',
      'severityMapping',
    ],
  ])('createIntegration rejects %s, writing nothing', async (_label, input, code, field) => {
    const before = Number((await server.app.db.dataSource.query('SELECT COUNT(*) AS n FROM integration'))[0].n);
    const res = await gql(server.graphqlUrl, CREATE, { input: { serviceId, ...input } });
    expect(res.errors![0].extensions).toMatchObject({ code, field });
    expect(Number((await server.app.db.dataSource.query('SELECT COUNT(*) AS n FROM integration'))[0].n)).toBe(before);
  });

  it('PagerDuty Events v2: trigger, repeat, acknowledge, resolve by dedup key; a trigger after resolve opens anew', async () => {
    const trigger = await pd(fixture('pagerduty-trigger'));
    expect(trigger.status).toBe(202);
    expect(trigger.body).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: 'db-primary-replication-lag',
    });
    const [id] = await idOf(keys.pd, 'db-primary-replication-lag');
    let inc = await incident(id);
    expect(inc).toMatchObject({
      title: 'Replication lag on db-primary-1 is 340s',
      severity: 'P1',
      status: 'TRIGGERED',
      source: 'MONITORING_ALERT',
      services: [{ name: 'checkout-api' }],
    });
    expect(ours(inc.timeline).map((e: any) => [e.type, e.actorKind, e.actorName])).toEqual([
      ['DECLARED', 'INTEGRATION', 'pd prod'],
      ['ALERT_TRIGGERED', 'INTEGRATION', 'pd prod'],
    ]);

    expect((await pd(fixture('pagerduty-trigger'))).status).toBe(202);
    inc = await incident(id);
    expect(inc.alerts).toEqual([
      {
        dedupKey: 'db-primary-replication-lag',
        status: 'TRIGGERED',
        triggerCount: 2,
        severity: 'P1',
        alertSeverity: 'critical',
      },
    ]);
    expect(ours(inc.timeline).at(-1)!.type).toBe('ALERT_REPEATED');

    const ack = await pd(fixture('pagerduty-acknowledge'));
    expect(ack.body).toMatchObject({ status: 'success', dedup_key: 'db-primary-replication-lag' });
    inc = await incident(id);
    expect(inc.status).toBe('ACKNOWLEDGED');
    expect(
      ours(inc.timeline)
        .slice(-2)
        .map((e: any) => e.type),
    ).toEqual(['ALERT_ACKNOWLEDGED', 'ACKNOWLEDGED']);

    expect((await pd(fixture('pagerduty-resolve'))).status).toBe(202);
    inc = await incident(id);
    expect(inc.status).toBe('RESOLVED');
    expect(inc.alerts[0].status).toBe('RESOLVED');
    expect(
      ours(inc.timeline)
        .slice(-2)
        .map((e: any) => e.type),
    ).toEqual(['ALERT_RESOLVED', 'RESOLVED']);

    // Acknowledge or resolve of a closed or unknown key: accepted, nothing happens.
    const before = await counts();
    for (const body of [
      fixture('pagerduty-resolve'),
      fixture('pagerduty-acknowledge'),
      { event_action: 'resolve', dedup_key: 'never-seen' },
    ]) {
      const res = await pd(body);
      expect(res.status).toBe(202);
      expect(res.body.status).toBe('success');
    }
    expect(await counts()).toEqual(before);

    expect((await pd(fixture('pagerduty-trigger'))).status).toBe(202);
    const ids = await idOf(keys.pd, 'db-primary-replication-lag');
    expect(ids).toHaveLength(2);
    expect(ids[1]).not.toBe(id);
    expect((await incident(ids[1])).status).toBe('TRIGGERED');
  });

  it('PagerDuty trigger without a dedup key gets one back', async () => {
    const { payload } = fixture('pagerduty-trigger');
    const res = await pd({
      event_action: 'trigger',
      payload: { ...payload, severity: 'info', custom_details: { priority: 'P0' } },
    });
    expect(res.status).toBe(202);
    expect(res.body.dedup_key).toMatch(/^[0-9a-f-]{36}$/);
    const [id] = await idOf(keys.pd, res.body.dedup_key);
    expect((await incident(id)).severity).toBe('P0');
  });

  it('keeps a 400 KB custom_details as a clipped preview instead of failing the insert', async () => {
    const { payload } = fixture('pagerduty-trigger');
    const res = await pd({
      event_action: 'trigger',
      dedup_key: 'big-details',
      payload: { ...payload, custom_details: { log: 'y'.repeat(400 * 1024) } },
    });
    expect(res.status).toBe(202);
    const [row] = await server.app.db.dataSource.query("SELECT details FROM alert WHERE dedupKey = 'big-details'");
    const details = JSON.parse(row.details);
    expect(details.truncated).toBe(true);
    expect(details.preview.length).toBeLessThan(16_000);
  });

  it('Alertmanager: a group firing then resolved, each sent 3 times, is one incident, resolved when all alerts are', async () => {
    const url = `${server.url}/api/integrations/alertmanager`;
    const before = await counts();
    for (let i = 0; i < 3; i++) {
      const res = await post(url, fixture('alertmanager-firing'), { authorization: `Bearer ${keys.am}` });
      expect(res.status).toBe(202);
      expect(res.body.alerts.map((a: any) => a.outcome)).toEqual(i === 0 ? ['opened', 'opened'] : ['added', 'added']);
    }
    const [id] = await idOf(keys.am, 'a1b2c3d4e5f60718');
    expect(await idOf(keys.am, '0f1e2d3c4b5a6978')).toEqual([id]);
    let inc = await incident(id);
    expect(inc).toMatchObject({
      title: 'HighErrorRate: 5xx ratio above 5% for 5 minutes',
      severity: 'P1',
      status: 'TRIGGERED',
    });
    expect(inc.alerts.map((a: any) => [a.status, a.triggerCount])).toEqual([
      ['TRIGGERED', 3],
      ['TRIGGERED', 3],
    ]);

    const first = fixture('alertmanager-resolved');
    first.alerts = [first.alerts[0]];
    await post(`${url}?key=${keys.am}`, first);
    expect((await incident(id)).status).toBe('TRIGGERED');
    for (let i = 0; i < 3; i++)
      expect((await post(`${url}?key=${keys.am}`, fixture('alertmanager-resolved'))).status).toBe(202);
    inc = await incident(id);
    expect(inc.status).toBe('RESOLVED');
    const types = inc.timeline.map((e: any) => e.type);
    const tally = (t: string) => types.filter((x: string) => x === t).length;
    expect([
      tally('DECLARED'),
      tally('ALERT_TRIGGERED'),
      tally('ALERT_REPEATED'),
      tally('ALERT_RESOLVED'),
      tally('RESOLVED'),
    ]).toEqual([1, 2, 4, 2, 1]);
    const after = await counts();
    expect(after.incidents - before.incidents).toBe(1);
    expect(after.alerts - before.alerts).toBe(2);
  });

  it('Grafana: the HMAC signature is required and checked', async () => {
    const url = `${server.url}/api/integrations/grafana`;
    const body = JSON.stringify(fixture('grafana-firing'));
    const sign = (payload: string) =>
      crypto.createHmac('sha256', 'grafana-shared-secret-0123').update(payload).digest('hex');
    const auth = { authorization: `Bearer ${keys.grafana}` };
    const before = await counts();
    const unsigned = await post(url, body, auth);
    expect(unsigned).toMatchObject({ status: 401, body: { field: 'signature' } });
    const now = String(Math.floor(clock.now().getTime() / 1000));
    const forged = await post(url, body, {
      ...auth,
      'x-grafana-alerting-timestamp': now,
      'x-grafana-alerting-signature': sign(`${now}:${body} `),
    });
    expect(forged).toMatchObject({ status: 401, body: { field: 'signature' } });
    // Signed over the body alone (no timestamp): replayable forever, so refused. grafana-signature.test.ts has the rest.
    const bodyOnly = await post(url, body, { ...auth, 'x-grafana-alerting-signature': sign(body) });
    expect(bodyOnly).toMatchObject({ status: 401, body: { field: 'timestamp' } });
    const ts = String(Math.floor(clock.now().getTime() / 1000) - 3600);
    const stale = await post(url, body, {
      ...auth,
      'x-grafana-alerting-timestamp': ts,
      'x-grafana-alerting-signature': sign(`${ts}:${body}`),
    });
    expect(stale).toMatchObject({ status: 401, body: { field: 'timestamp' } });
    expect(await counts()).toEqual(before);

    const ok = await post(url, body, {
      ...auth,
      'x-grafana-alerting-timestamp': now,
      'x-grafana-alerting-signature': sign(`${now}:${body}`),
    });
    expect(ok.status).toBe(202);
    const [id] = await idOf(keys.grafana, '57c6d9296de2ad39');
    expect(await incident(id)).toMatchObject({
      severity: 'P3',
      status: 'TRIGGERED',
      title: 'Search latency p99: p99 latency of /search is 2.4s (threshold 1s)',
    });

    const resolved = JSON.stringify(fixture('grafana-resolved'));
    expect(
      (
        await post(url, resolved, {
          ...auth,
          'x-grafana-alerting-timestamp': now,
          'x-grafana-alerting-signature': sign(`${now}:${resolved}`),
        })
      ).status,
    ).toBe(202);
    expect((await incident(id)).status).toBe('RESOLVED');
  });

  it('a rotated key stops working at the endpoint at once, although ingestion remembers keys it has seen', async () => {
    const spare = await gql(server.graphqlUrl, CREATE, {
      input: { serviceId, name: 'rotating', kind: 'GENERIC_WEBHOOK' },
    });
    const { key: oldKey, integration } = spare.data!.createIntegration;
    const url = `${server.url}/api/integrations/webhook`;
    expect(
      (await post(url, { summary: 'cached key', dedup_key: 'rotate-1' }, { authorization: `Bearer ${oldKey}` })).status,
    ).toBe(202);
    const rotated = await gql(server.graphqlUrl, `mutation($id: ID!) { rotateIntegrationKey(id: $id) { key } }`, {
      id: integration.id,
    });
    const newKey = rotated.data!.rotateIntegrationKey.key;
    expect(
      (await post(url, { summary: 'old key', dedup_key: 'rotate-2' }, { authorization: `Bearer ${oldKey}` })).status,
    ).toBe(401);
    const repeat = await post(
      url,
      { summary: 'cached key', dedup_key: 'rotate-1' },
      { authorization: `Bearer ${newKey}` },
    );
    expect(repeat.status).toBe(202);
    expect(repeat.body.alerts[0].outcome).toBe('added');
  });

  it('generic webhook: the integration mapping and the vigil_severity label decide the severity', async () => {
    const url = `${server.url}/api/integrations/webhook`;
    const res = await post(url, fixture('generic-trigger'), { authorization: `Bearer ${keys.webhook}` });
    expect(res.status).toBe(202);
    expect(res.body.alerts).toEqual([
      { dedup_key: 'nightly-backup-2026-11-28', action: 'trigger', outcome: 'opened', incident_id: expect.any(String) },
    ]);
    expect((await incident(res.body.alerts[0].incident_id)).severity).toBe('P1');
    const labelled = await post(
      url,
      { summary: 'Disk 91% full', labels: { vigil_severity: 'P3' }, severity: 'critical' },
      { authorization: `Bearer ${keys.webhook}` },
    );
    expect((await incident(labelled.body.alerts[0].incident_id)).severity).toBe('P3');
    const resolved = await post(
      url,
      { status: 'resolved', dedup_key: 'nightly-backup-2026-11-28' },
      { authorization: `Bearer ${keys.webhook}` },
    );
    expect(resolved.body.alerts[0].outcome).toBe('resolved');
  });

  it('setIntegrationSeverityMapping changes how later alerts map; bad entries are refused and change nothing', async () => {
    const [integrationId] = (
      await server.app.db.dataSource.query('SELECT id FROM integration WHERE keyHash = ?', [
        crypto.createHash('sha256').update(keys.pd).digest('hex'),
      ])
    ).map((r: { id: number }) => String(r.id));
    const SET = `mutation($id: ID!, $m: [SeverityMappingEntryInput!]!) { setIntegrationSeverityMapping(id: $id, mapping: $m) { severityMapping { alertSeverity severity } } }`;
    const bad = await gql(server.graphqlUrl, SET, {
      id: integrationId,
      m: [
        { alertSeverity: 'warning', severity: 'P0' },
        { alertSeverity: 'WARNING', severity: 'P1' },
      ],
    });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'severityMapping' });
    const set = await gql(server.graphqlUrl, SET, {
      id: integrationId,
      m: [{ alertSeverity: 'Warning', severity: 'P0' }],
    });
    expect(set.data!.setIntegrationSeverityMapping.severityMapping).toEqual([
      { alertSeverity: 'warning', severity: 'P0' },
    ]);
    const res = await pd({
      event_action: 'trigger',
      dedup_key: 'mapped',
      payload: { summary: 'Warm', source: 's', severity: 'warning' },
    });
    expect(res.status).toBe(202);
    expect((await incident((await idOf(keys.pd, 'mapped'))[0])).severity).toBe('P0');
    const cleared = await gql(server.graphqlUrl, SET, { id: integrationId, m: [] });
    expect(cleared.data!.setIntegrationSeverityMapping.severityMapping).toEqual([]);
  });

  it('a person resolving the incident closes its alerts: the next trigger opens a new incident', async () => {
    const body = {
      event_action: 'trigger',
      dedup_key: 'manual-close',
      payload: { summary: 'Queue backlog', source: 'q', severity: 'error' },
    };
    await pd(body);
    const [id] = await idOf(keys.pd, 'manual-close');
    await resolveVerified(server.graphqlUrl, id, { note: 'fixed by hand' });
    expect((await incident(id)).alerts[0].status).toBe('RESOLVED');
    await pd(body);
    const ids = await idOf(keys.pd, 'manual-close');
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(id);
    expect(ids[1]).not.toBe(id);
  });

  it('100 concurrent identical PagerDuty triggers make exactly one incident and one open alert', async () => {
    const body = {
      event_action: 'trigger',
      dedup_key: 'stampede',
      payload: { summary: 'Everything is on fire', source: 'lb-1', severity: 'critical' },
    };
    const before = await counts();
    const replies = await Promise.all(Array.from({ length: 100 }, () => pd(body)));
    expect(replies.map((r) => r.status)).toEqual(Array(100).fill(202));
    const after = await counts();
    expect(after.incidents - before.incidents).toBe(1);
    expect(after.alerts - before.alerts).toBe(1);
    const [id] = await idOf(keys.pd, 'stampede');
    const inc = await incident(id);
    expect(inc.alerts).toEqual([expect.objectContaining({ status: 'TRIGGERED', triggerCount: 100 })]);
    expect(inc.timeline.filter((e: any) => e.type === 'ALERT_REPEATED')).toHaveLength(99);
  }, 60_000);

  it.each<[string, string, () => [unknown, Record<string, string>], number, string]>([
    ['malformed JSON', '/v2/enqueue', () => ['{"routing_key": ', {}], 400, 'body'],
    ['a JSON array', '/v2/enqueue', () => ['[]', {}], 400, 'body'],
    ['no routing key', '/v2/enqueue', () => [{ event_action: 'trigger' }, {}], 400, 'routing_key'],
    [
      'a numeric event_action',
      '/v2/enqueue',
      () => [{ routing_key: keys.pd, event_action: 5 }, {}],
      400,
      'event_action',
    ],
    [
      'a numeric summary',
      '/v2/enqueue',
      () => [
        { routing_key: keys.pd, event_action: 'trigger', payload: { summary: 5, source: 'x', severity: 'info' } },
        {},
      ],
      400,
      'payload.summary',
    ],
    [
      'a bad PagerDuty severity',
      '/v2/enqueue',
      () => [
        { routing_key: keys.pd, event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'P1' } },
        {},
      ],
      400,
      'payload.severity',
    ],
    [
      'resolve without a dedup key',
      '/v2/enqueue',
      () => [{ routing_key: keys.pd, event_action: 'resolve' }, {}],
      400,
      'dedup_key',
    ],
    [
      'an unknown routing key',
      '/v2/enqueue',
      () => [{ ...fixture('pagerduty-trigger'), routing_key: 'f'.repeat(40) }, {}],
      401,
      'key',
    ],
    [
      "another kind's key",
      '/v2/enqueue',
      () => [{ ...fixture('pagerduty-trigger'), routing_key: keys.am }, {}],
      401,
      'key',
    ],
    ['no key', '/api/integrations/alertmanager', () => [fixture('alertmanager-firing'), {}], 401, 'key'],
    [
      'a wrong Alertmanager version',
      '/api/integrations/alertmanager',
      () => [{ ...fixture('alertmanager-firing'), version: '3' }, { authorization: `Bearer ${keys.am}` }],
      400,
      'version',
    ],
    [
      'alerts not an array',
      '/api/integrations/alertmanager',
      () => [{ ...fixture('alertmanager-firing'), alerts: {} }, { authorization: `Bearer ${keys.am}` }],
      400,
      'alerts',
    ],
    [
      'one bad alert among good ones',
      '/api/integrations/alertmanager',
      () => {
        const b = fixture('alertmanager-firing');
        b.alerts[1].status = 'exploding';
        b.alerts[0].fingerprint = 'would-be-new';
        return [b, { authorization: `Bearer ${keys.am}` }];
      },
      400,
      'alerts[1].status',
    ],
    [
      'a numeric label',
      '/api/integrations/webhook',
      () => [{ summary: 'x', labels: { env: 1 } }, { authorization: `Bearer ${keys.webhook}` }],
      400,
      'labels.env',
    ],
    [
      'a 600 KB body',
      '/api/integrations/webhook',
      () => [{ summary: 'x', details: { blob: 'x'.repeat(600 * 1024) } }, { authorization: `Bearer ${keys.webhook}` }],
      413,
      'body',
    ],
    [
      'a 600 KB PagerDuty body',
      '/v2/enqueue',
      () => [
        {
          ...fixture('pagerduty-trigger'),
          routing_key: keys.pd,
          dedup_key: 'huge',
          payload: { ...fixture('pagerduty-trigger').payload, custom_details: { blob: 'x'.repeat(600 * 1024) } },
        },
        {},
      ],
      413,
      'body',
    ],
  ])('rejects %s with the documented status, writing nothing', async (_label, route, make, status, field) => {
    const before = await counts();
    const [body, headers] = make();
    const res = await post(`${server.url}${route}`, body, headers);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ field, errors: [expect.any(String)] });
    expect(JSON.stringify(res.body)).not.toMatch(/\.ts:\d|at .*\(/);
    expect(await counts()).toEqual(before);
  });
});

describe.each(testDatabaseKinds())('alert ingestion with the database down on %s', (kind) => {
  it('answers 503 with Retry-After, never a 4xx', async () => {
    const server = await startTestServer(kind);
    try {
      const svc = await gql(server.graphqlUrl, `mutation { createService(input: { name: "api" }) { id } }`);
      const created = await gql(server.graphqlUrl, CREATE, {
        input: { serviceId: svc.data!.createService.id, name: 'am', kind: 'ALERTMANAGER' },
      });
      const key = created.data!.createIntegration.key;
      await server.app.db.dataSource.destroy();
      const res = await post(`${server.url}/api/integrations/alertmanager?key=${key}`, fixture('alertmanager-firing'));
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.body.status).toBe('unavailable');
      const pdRes = await post(`${server.url}/v2/enqueue`, { ...fixture('pagerduty-trigger'), routing_key: key });
      expect(pdRes.status).toBe(503);
    } finally {
      await server.stop().catch(() => undefined);
      await server.db.drop();
    }
  }, 120_000);
});
