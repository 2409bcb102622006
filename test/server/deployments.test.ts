import crypto from 'node:crypto';
import { ManualClock } from '@vigil/shared';
import { parseChangeConfig } from '../../server/src/deployments/changes.config';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, collect, gql, startTestServer, subscribed, wsClient } from '../support/server';

const T0 = new Date('2026-06-01T12:00:00.000Z');
const SECRET = 'gh-webhook-secret-for-tests';
const MIN = 60_000;
const DEPLOYMENTS = `query($s: ID) { deployments(serviceId: $s) { id version previousVersion deployedBy deployedAt link environment summary source service { name } } }`;
const INCIDENT = `query($id: ID!) { incident(id: $id) {
  recentDeployments { suspect beforeDetectionSeconds deployment { id version } }
  rollback { recommended reasons { rule message } suspectDeployment { id version } }
  rollbackFlags { serviceDown errorRate }
  timeline { type message data } } }`;
const FLAGS = `mutation($id: ID!, $input: RollbackFlagsInput!) { setRollbackFlags(id: $id, input: $input) { id } }`;

/** A deployment_status delivery as GitHub sends it (trimmed to the fields anyone reads, same nesting). */
function githubDeploymentStatus(state: string, deploymentId: number, sha: string, createdAt: string) {
  return {
    action: 'created',
    deployment_status: {
      url: `https://api.github.com/repos/octo/shop/deployments/${deploymentId}/statuses/1`,
      id: 1,
      node_id: 'DES_kwDO',
      state,
      creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
      description: 'Deployment finished',
      environment: 'production',
      target_url: `https://github.com/octo/shop/actions/runs/${deploymentId}`,
      created_at: createdAt,
      updated_at: createdAt,
      log_url: `https://github.com/octo/shop/actions/runs/${deploymentId}`,
      environment_url: 'https://shop.example.com',
    },
    deployment: {
      url: `https://api.github.com/repos/octo/shop/deployments/${deploymentId}`,
      id: deploymentId,
      node_id: 'DE_kwDO',
      task: 'deploy',
      original_environment: 'production',
      environment: 'production',
      description: 'Ship it',
      sha,
      ref: 'main',
      payload: {},
      creator: { login: 'mona', id: 1, type: 'User' },
      created_at: createdAt,
      updated_at: createdAt,
    },
    repository: { id: 1296269, name: 'shop', full_name: 'octo/shop', html_url: 'https://github.com/octo/shop' },
    sender: { login: 'mona', id: 1, type: 'User' },
  };
}

jest.setTimeout(30_000);

describe.each(testDatabaseKinds())('deployments, recent changes and rollback triggers on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock(T0);
  let serviceId: string;
  let key: string;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: raw,
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  };
  const count = async () =>
    (await gql(server.graphqlUrl, DEPLOYMENTS, { s: serviceId })).data!.deployments.length as number;
  const sign = (raw: string) => `sha256=${crypto.createHmac('sha256', SECRET).update(raw).digest('hex')}`;

  beforeAll(async () => {
    const changes = parseChangeConfig({ VIGIL_GITHUB_WEBHOOK_SECRET: SECRET }, (m) => new Error(m));
    server = await startTestServer(kind, { clock, config: { changes } });
    serviceId = (await gql(server.graphqlUrl, `mutation { createService(input: { name: "shop" }) { id } }`)).data!
      .createService.id;
    await gql(server.graphqlUrl, `mutation { createService(input: { name: "quiet" }) { id } }`);
    const integration = await gql(
      server.graphqlUrl,
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "CI", kind: GENERIC_WEBHOOK }) { key } }`,
      { s: serviceId },
    );
    expect(integration.errors).toBeUndefined();
    key = integration.data!.createIntegration.key;
  });

  afterAll(() => server?.dispose());

  it('records from the generic endpoint, defaulting the previous version; bad input names the field and writes nothing', async () => {
    const first = await post(
      '/api/deployments',
      { version: 'v1.0.0', deployedBy: 'ci', deployedAt: '2026-06-01T09:00:00Z', environment: 'production' },
      { authorization: `Bearer ${key}` },
    );
    expect(first.status).toBe(201);
    const second = await post(
      '/api/deployments',
      { version: 'v1.1.0', link: 'https://ci.example.com/42', environment: 'production' },
      { 'x-vigil-integration-key': key },
    );
    expect(second.status).toBe(201);
    const list = (await gql(server.graphqlUrl, DEPLOYMENTS, { s: serviceId })).data!.deployments;
    expect(list[0]).toMatchObject({
      version: 'v1.1.0',
      previousVersion: 'v1.0.0',
      source: 'GENERIC',
      deployedAt: T0.toISOString(),
      service: { name: 'shop' },
    });

    const before = await count();
    expect(await post('/api/deployments', { deployedBy: 'ci' }, { authorization: `Bearer ${key}` })).toMatchObject({
      status: 400,
      body: { field: 'version' },
    });
    expect(
      await post('/api/deployments', { version: 'v2', deployedAt: 'yesterday' }, { authorization: `Bearer ${key}` }),
    ).toMatchObject({ status: 400, body: { field: 'deployedAt' } });
    expect(
      await post(
        '/api/deployments',
        { version: 'v2', link: 'javascript:alert(1)' },
        { authorization: `Bearer ${key}` },
      ),
    ).toMatchObject({ status: 400, body: { field: 'link' } });
    expect(await post('/api/deployments', '{"version": ', { authorization: `Bearer ${key}` })).toMatchObject({
      status: 400,
      body: { field: 'body' },
    });
    expect(
      await post('/api/deployments', { version: 'v2' }, { authorization: `Bearer ${'0'.repeat(40)}` }),
    ).toMatchObject({ status: 401, body: { field: 'key' } });
    expect(await post('/api/deployments', { version: 'v2' })).toMatchObject({ status: 401 });
    expect(await count()).toBe(before);
  });

  it('accepts PagerDuty Change Events unchanged', async () => {
    const event = {
      routing_key: key,
      payload: {
        summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
        timestamp: '2026-06-01T11:42:58.315+0000',
        source: 'prod-build-agent-i-0b148d1040d565540',
        custom_details: { build_state: 'passed', build_number: '220', run_time: '1236s' },
      },
      links: [{ href: 'https://ci.example.com/build/220', text: 'View more details in Acme!' }],
    };
    const res = await post('/v2/change/enqueue', event);
    expect(res).toMatchObject({ status: 202, body: { status: 'success', message: 'Change event processed' } });
    const latest = (await gql(server.graphqlUrl, DEPLOYMENTS, { s: serviceId })).data!.deployments.find(
      (d: any) => d.source === 'PAGERDUTY',
    );
    expect(latest).toMatchObject({
      version: '220',
      deployedBy: 'prod-build-agent-i-0b148d1040d565540',
      deployedAt: '2026-06-01T11:42:58.315Z',
      link: 'https://ci.example.com/build/220',
      summary: event.payload.summary,
      source: 'PAGERDUTY',
    });
    const before = await count();
    expect(await post('/v2/change/enqueue', { ...event, payload: { ...event.payload, summary: '' } })).toMatchObject({
      status: 400,
      body: { field: 'payload.summary' },
    });
    expect(await post('/v2/change/enqueue', { ...event, routing_key: 'nope' })).toMatchObject({ status: 401 });
    expect(await count()).toBe(before);
  });

  it('records GitHub deployment_status on success only, checks the signature, and ignores replays', async () => {
    const before = await count();
    const url = `/api/integrations/github?key=${key}`;
    const success = JSON.stringify(
      githubDeploymentStatus('success', 9001, 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', '2026-06-01T11:50:00Z'),
    );
    const headers = {
      'x-github-event': 'deployment_status',
      'x-github-delivery': 'd-1',
      'x-hub-signature-256': sign(success),
    };
    const res = await post(url, success, headers);
    expect(res.status).toBe(201);
    const replay = await post(url, success, { ...headers, 'x-github-delivery': 'd-2' });
    expect(replay.body.deployment.id).toBe(res.body.deployment.id);

    const pending = JSON.stringify(githubDeploymentStatus('in_progress', 9002, 'ffff', '2026-06-01T11:51:00Z'));
    expect(await post(url, pending, { ...headers, 'x-hub-signature-256': sign(pending) })).toMatchObject({
      status: 202,
      body: { status: 'ignored' },
    });
    expect(await post(url, success, { ...headers, 'x-hub-signature-256': sign(`${success} `) })).toMatchObject({
      status: 401,
      body: { field: 'signature' },
    });
    expect(await post(url, success, { 'x-github-event': 'deployment_status' })).toMatchObject({
      status: 401,
      body: { field: 'signature' },
    });
    expect(await post(`/api/integrations/github`, success, headers)).toMatchObject({
      status: 401,
      body: { field: 'key' },
    });
    const ping = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    expect(await post(url, ping, { 'x-github-event': 'ping', 'x-hub-signature-256': sign(ping) })).toMatchObject({
      status: 200,
    });

    expect(await count()).toBe(before + 1);
    const latest = (await gql(server.graphqlUrl, DEPLOYMENTS, { s: serviceId })).data!.deployments.find(
      (d: any) => d.source === 'GITHUB',
    );
    expect(latest).toMatchObject({
      version: 'a1b2c3d4e5f6',
      deployedBy: 'mona',
      environment: 'production',
      source: 'GITHUB',
      deployedAt: '2026-06-01T11:50:00.000Z',
      link: 'https://github.com/octo/shop/actions/runs/9001',
    });
  });

  it('lists deployments before detection newest first, flags the suspect, and recommends rollback by the rules', async () => {
    clock.set(new Date(T0.getTime() + 10 * 60 * MIN));
    const detectedAt = clock.now();
    const at = (minutesBefore: number) => new Date(detectedAt.getTime() - minutesBefore * MIN).toISOString();
    const record = `mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id version deployedBy previousVersion } }`;
    const ids: Record<string, string> = {};
    for (const [version, minutes] of [
      ['r-old', 121],
      ['r-edge', 120],
      ['r-mid', 31],
      ['r-suspect', 30],
      ['r-after', -1],
    ] as const) {
      const res = await gql(
        server.graphqlUrl,
        record,
        { input: { serviceId, version, deployedAt: at(minutes) } },
        { 'x-vigil-actor': 'x' },
      );
      expect(res.errors).toBeUndefined();
      ids[version] = res.data!.recordDeployment.id;
    }
    const declared = await gql(
      server.graphqlUrl,
      `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`,
      {
        input: {
          title: 'Checkout errors',
          severity: 'P1',
          source: 'MONITORING_ALERT',
          services: ['shop'],
          detectedAt: detectedAt.toISOString(),
        },
      },
    );
    const id = declared.data!.declareIncident.id;
    clock.advance(5 * MIN);
    const view = (await gql(server.graphqlUrl, INCIDENT, { id })).data!.incident;
    expect(view.recentDeployments.map((d: any) => [d.deployment.version, d.suspect, d.beforeDetectionSeconds])).toEqual(
      [
        ['r-suspect', true, 1800],
        ['r-mid', false, 1860],
        ['r-edge', false, 7200],
      ],
    );
    expect(view.rollback).toEqual({
      recommended: false,
      reasons: [],
      suspectDeployment: { id: ids['r-suspect'], version: 'r-suspect' },
    });

    // Exactly 10% does not trigger; above does. Subscribers hear of the new advice.
    const ws = wsClient(server.wsUrl);
    const changes = collect(ws, `subscription($id: ID!) { incidentChanged(id: $id) { id rollback { recommended } } }`, {
      id,
    });
    await subscribed(server, changes);
    expect(
      (
        await gql(server.graphqlUrl, FLAGS, {
          id,
          input: { serviceDown: false, dataCorruptionRisk: false, securityBreach: false, errorRate: 10 },
        })
      ).errors,
    ).toBeUndefined();
    expect((await gql(server.graphqlUrl, INCIDENT, { id })).data!.incident.rollback).toMatchObject({
      recommended: false,
      reasons: [],
    });
    await gql(server.graphqlUrl, FLAGS, {
      id,
      input: { serviceDown: false, dataCorruptionRisk: true, securityBreach: false, errorRate: 10.5 },
    });
    const after = (await gql(server.graphqlUrl, INCIDENT, { id })).data!.incident;
    expect(after.rollback).toMatchObject({ recommended: true, suspectDeployment: { version: 'r-suspect' } });
    expect(after.rollback.reasons.map((r: any) => r.rule)).toEqual(['ERROR_RATE', 'DATA_CORRUPTION']);
    expect(after.rollbackFlags).toEqual({ serviceDown: false, errorRate: 10.5 });
    // Said once, on the timeline and to Slack #incidents, however often the rules are re-checked.
    await gql(server.graphqlUrl, FLAGS, {
      id,
      input: { serviceDown: true, dataCorruptionRisk: true, securityBreach: false, errorRate: 10.5 },
    });
    const told = (
      await gql(
        server.graphqlUrl,
        `query($id: ID!) { incident(id: $id) { timeline { type message } notifications { kind channel } } }`,
        { id },
      )
    ).data!.incident;
    const announced = told.timeline.filter((e: any) => e.type === 'ROLLBACK_RECOMMENDED');
    expect(announced).toHaveLength(1);
    expect(announced[0].message).toMatch(/r-suspect/);
    expect(told.notifications.filter((n: any) => n.kind === 'ROLLBACK_RECOMMENDED')).toEqual([
      { kind: 'ROLLBACK_RECOMMENDED', channel: 'SLACK' },
    ]);
    expect((await changes.next(2)).map((c) => c.incidentChanged.rollback.recommended)).toEqual([false, true]);
    changes.unsubscribe();
    await ws.dispose();
    const flagLines = after.timeline.filter((e: any) => e.type === 'ROLLBACK_FLAGS_SET');
    expect(flagLines.map((e: any) => e.data.errorRate)).toEqual([10, 10.5]);
    const settled = (await gql(server.graphqlUrl, INCIDENT, { id })).data!.incident;

    const bad = await gql(server.graphqlUrl, FLAGS, {
      id,
      input: { serviceDown: true, dataCorruptionRisk: false, securityBreach: false, errorRate: 150 },
    });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'errorRate' });
    const unchanged = (await gql(server.graphqlUrl, INCIDENT, { id })).data!.incident;
    expect(unchanged.rollbackFlags).toEqual(settled.rollbackFlags);
    expect(unchanged.timeline).toHaveLength(settled.timeline.length);
    const missing = await gql(server.graphqlUrl, FLAGS, {
      id: '999999',
      input: { serviceDown: true, dataCorruptionRisk: false, securityBreach: false },
    });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('an incident on a service with no deployments has none and no recommendation, even with rules matching', async () => {
    const declared = await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "Quiet down", severity: P0, source: USER_REPORT, services: ["quiet"] }) { id } }`,
    );
    const view = (await gql(server.graphqlUrl, INCIDENT, { id: declared.data!.declareIncident.id })).data!.incident;
    expect(view.recentDeployments).toEqual([]);
    expect(view.rollback).toMatchObject({
      recommended: false,
      reasons: [{ rule: 'SERVICE_DOWN' }],
      suspectDeployment: null,
    });
  });

  it('recordDeployment rejects an unknown service and bad fields, writing nothing', async () => {
    const before = (await gql(server.graphqlUrl, DEPLOYMENTS, {})).data!.deployments.length;
    const record = `mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id } }`;
    expect(
      (await gql(server.graphqlUrl, record, { input: { serviceId: '9999', version: 'v' } })).errors?.[0].extensions,
    ).toMatchObject({ code: 'NOT_FOUND', field: 'serviceId' });
    expect(
      (await gql(server.graphqlUrl, record, { input: { serviceId, version: '   ' } })).errors?.[0].extensions,
    ).toMatchObject({ code: 'VALIDATION', field: 'version' });
    const future = new Date(clock.now().getTime() + 60 * MIN).toISOString();
    expect(
      (await gql(server.graphqlUrl, record, { input: { serviceId, version: 'v', deployedAt: future } })).errors?.[0]
        .extensions,
    ).toMatchObject({ code: 'VALIDATION', field: 'deployedAt' });
    expect((await gql(server.graphqlUrl, DEPLOYMENTS, {})).data!.deployments.length).toBe(before);
  });
});
