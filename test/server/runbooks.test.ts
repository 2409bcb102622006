import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'graphql-ws';
import { parseChangeConfig } from '../../server/src/deployments/changes.config';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, collect, gql, startTestServer, subscribed, userWithToken, wsClient } from '../support/server';

const FIXTURES = path.resolve(__dirname, '../fixtures/runbooks');
const RUN = `mutation($id: ID!, $input: RunRunbookActionInput!) { runRunbookAction(incidentId: $id, input: $input) { runId action dryRun serviceName steps { name argv timeoutSeconds } } }`;
const DECLARE = `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`;
const TIMELINE = `query($id: ID!) { incident(id: $id) { timeline { type message data } } }`;

jest.setTimeout(30_000);

describe.each(testDatabaseKinds())('runbook actions and health checks on %s', (kind) => {
  let server: TestServer;
  let ws: Client;
  let tmp: string;
  let marker: string;
  let health: http.Server;
  let healthStatus = 200;
  const hooks: Array<{ auth: string | undefined; body: any }> = [];
  const originalPath = process.env.PATH;
  const serviceIds: Record<string, string> = {};

  const declare = async (severity: string, service: string) => {
    const res = await gql(server.graphqlUrl, DECLARE, {
      input: { title: `${service} broken`, severity, source: 'MONITORING_ALERT', services: [service] },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.declareIncident.id as string;
  };
  const timeline = async (id: string) =>
    (await gql(server.graphqlUrl, TIMELINE, { id })).data!.incident.timeline as Array<{
      type: string;
      message: string;
      data: any;
    }>;
  const calls = () => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim().split('\n') : []);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-runbooks-'));
    marker = path.join(tmp, 'kubectl-calls');
    fs.chmodSync(path.join(FIXTURES, 'bin/kubectl'), 0o755);
    fs.chmodSync(path.join(FIXTURES, 'scripts/verify-deployment.sh'), 0o755);
    // The fake kubectl comes first on PATH for the processes Vigil spawns (they inherit this environment).
    process.env.PATH = `${path.join(FIXTURES, 'bin')}${path.delimiter}${originalPath}`;
    process.env.VIGIL_FAKE_KUBECTL_MARKER = marker;
    health = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (req.method === 'POST') hooks.push({ auth: req.headers.authorization, body: JSON.parse(body) });
        res.writeHead(req.method === 'POST' ? 202 : healthStatus).end(req.method === 'POST' ? 'scaling to 6' : 'ok');
      });
    });
    await new Promise<void>((r) => health.listen(0, '127.0.0.1', r));
    const port = (health.address() as { port: number }).port;
    const config = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'runbooks.json'), 'utf8'));
    config.workingDirectory = FIXTURES;
    config.services['checkout-api'].healthCheckUrl = `http://127.0.0.1:${port}/health`;
    config.services['hooked-api'].actions.SCALE_UP.steps[0].webhook.url = `http://127.0.0.1:${port}/scale`;
    const file = path.join(tmp, 'runbooks.json');
    fs.writeFileSync(file, JSON.stringify(config));
    const changes = parseChangeConfig({ VIGIL_RUNBOOKS_FILE: file }, (m) => new Error(m));
    server = await startTestServer(kind, { config: { changes } });
    ws = wsClient(server.wsUrl);
    for (const name of ['checkout-api', 'broken-api', 'slow-api', 'hooked-api', 'no-runbook']) {
      const res = await gql(server.graphqlUrl, `mutation($n: String!) { createService(input: { name: $n }) { id } }`, {
        n: name,
      });
      serviceIds[name] = res.data!.createService.id;
    }
  });

  afterAll(async () => {
    process.env.PATH = originalPath;
    delete process.env.VIGIL_FAKE_KUBECTL_MARKER;
    await ws?.dispose();
    await server?.dispose();
    await new Promise((r) => health?.close(r));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => fs.rmSync(marker, { force: true }));

  it('shows the configured commands read-only', async () => {
    const res = await gql(
      server.graphqlUrl,
      `query($s: ID!) { runbookActions(serviceId: $s) { action steps { name command timeoutSeconds } } }`,
      { s: serviceIds['checkout-api'] },
    );
    expect(res.errors).toBeUndefined();
    const rollback = res.data!.runbookActions.find((a: any) => a.action === 'ROLLBACK');
    expect(rollback.steps.map((s: any) => s.command.join(' '))).toEqual([
      'kubectl rollout pause deployment/{deployment} -n {namespace}',
      'kubectl rollout undo deployment/{deployment} -n {namespace}',
      'kubectl rollout status deployment/{deployment} -n {namespace}',
      './scripts/verify-deployment.sh production',
    ]);
    expect(res.data!.runbookActions.map((a: any) => a.action).sort()).toEqual(['RESTART', 'ROLLBACK', 'SCALE_UP']);
  });

  it('a dry run records exactly what would run and executes nothing', async () => {
    const id = await declare('P1', 'checkout-api');
    const res = await gql(server.graphqlUrl, RUN, { id, input: { action: 'ROLLBACK', confirm: true, dryRun: true } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.runRunbookAction.steps.map((s: any) => s.argv)).toEqual([
      ['kubectl', 'rollout', 'pause', 'deployment/checkout', '-n', 'production'],
      ['kubectl', 'rollout', 'undo', 'deployment/checkout', '-n', 'production'],
      ['kubectl', 'rollout', 'status', 'deployment/checkout', '-n', 'production'],
      ['./scripts/verify-deployment.sh', 'production'],
    ]);
    // Every run started so far has ended, and a run ends only after its steps' processes exited: a step that had run
    // would have written the marker by now.
    await server.app.runbooks.settled();
    expect(fs.existsSync(marker)).toBe(false);
    const lines = await timeline(id);
    const started = lines.filter((e) => e.type.startsWith('RUNBOOK_'));
    expect(started.map((e) => e.type)).toEqual(['RUNBOOK_STARTED']);
    expect(started[0].data).toMatchObject({ dryRun: true, action: 'ROLLBACK' });
    expect(started[0].message).toContain('kubectl rollout undo deployment/checkout -n production');
  });

  it('runs the rollback step by step, streaming output live to a subscriber', async () => {
    const id = await declare('P1', 'checkout-api');
    const events = collect(ws, `subscription($id: ID!) { timelineEventAdded(incidentId: $id) { type message data } }`, {
      id,
    });
    await subscribed(server, events);
    const res = await gql(server.graphqlUrl, RUN, { id, input: { action: 'ROLLBACK', confirm: true } });
    expect(res.errors).toBeUndefined();
    await server.app.runbooks.settled();
    const stored = (await timeline(id)).filter((e) => e.type.startsWith('RUNBOOK_')).map((e) => e.type);
    await events.next(stored.length);
    const types = events.items.map((e) => e.timelineEventAdded.type);
    expect(types[0]).toBe('RUNBOOK_STARTED');
    expect(types[types.length - 1]).toBe('RUNBOOK_FINISHED');
    expect(types.filter((t) => t === 'RUNBOOK_STEP_FINISHED')).toHaveLength(4);
    const outputs = events.items.map((e) => e.timelineEventAdded).filter((e) => e.type === 'RUNBOOK_OUTPUT');
    // The status step prints over ~0.8 s: its lines arrive in more than one batch, i.e. while it runs.
    expect(outputs.filter((o) => o.data.step === 3).length).toBeGreaterThanOrEqual(2);
    const text = outputs.map((o) => o.message).join('\n');
    expect(text).toContain('deployment/checkout paused');
    expect(text).toContain('deployment/checkout successfully rolled out');
    expect(text).toContain('verifying production: health checks passing');
    const steps = events.items.map((e) => e.timelineEventAdded).filter((e) => e.type === 'RUNBOOK_STEP_FINISHED');
    expect(steps.map((s) => [s.data.step, s.data.ok, s.data.exitCode])).toEqual([
      [1, true, 0],
      [2, true, 0],
      [3, true, 0],
      [4, true, 0],
    ]);
    expect(steps.every((s) => typeof s.data.durationMs === 'number')).toBe(true);
    expect(steps[2].data.durationMs).toBeGreaterThanOrEqual(700);
    expect(events.items[events.items.length - 1].timelineEventAdded.data).toMatchObject({ ok: true, failedStep: null });
    expect(calls()).toEqual([
      'rollout pause deployment/checkout -n production',
      'rollout undo deployment/checkout -n production',
      'rollout status deployment/checkout -n production',
    ]);
    // The subscriber saw exactly what the timeline holds, in order.
    expect(types).toEqual(stored);
    events.unsubscribe();
  });

  it('a failing step stops the sequence and names the step', async () => {
    const id = await declare('P1', 'broken-api');
    expect(
      (await gql(server.graphqlUrl, RUN, { id, input: { action: 'ROLLBACK', confirm: true } })).errors,
    ).toBeUndefined();
    await server.app.runbooks.settled();
    const lines = (await timeline(id)).filter((e) => e.type.startsWith('RUNBOOK_'));
    const steps = lines.filter((e) => e.type === 'RUNBOOK_STEP_FINISHED');
    expect(steps.map((s) => [s.data.step, s.data.ok, s.data.exitCode])).toEqual([
      [1, true, 0],
      [2, false, 3],
    ]);
    const finished = lines[lines.length - 1];
    expect(finished.type).toBe('RUNBOOK_FINISHED');
    expect(finished.data).toMatchObject({ ok: false, failedStep: 2, failedStepName: 'Roll back to previous version' });
    expect(finished.message).toContain('FAILED at step 2 (Roll back to previous version)');
    expect(lines.some((e) => e.type === 'RUNBOOK_OUTPUT' && e.message.includes('no rollout history'))).toBe(true);
    expect(calls()).toEqual([
      'rollout pause deployment/broken -n production',
      'rollout undo deployment/broken -n production',
    ]);
  });

  it('a step that runs past its timeout is killed and fails the run', async () => {
    const id = await declare('P1', 'slow-api');
    const started = Date.now();
    // Two at once: one runs, the other is refused while it does.
    const both = await Promise.all(
      [1, 2].map(() => gql(server.graphqlUrl, RUN, { id, input: { action: 'RESTART', confirm: true } })),
    );
    expect(both.filter((r) => !r.errors)).toHaveLength(1);
    expect(both.find((r) => r.errors)!.errors![0].extensions).toMatchObject({ code: 'CONFLICT' });
    await server.app.runbooks.settled();
    expect(Date.now() - started).toBeLessThan(10_000);
    const steps = (await timeline(id)).filter((e) => e.type === 'RUNBOOK_STEP_FINISHED');
    expect(steps).toHaveLength(1);
    expect(steps[0].data).toMatchObject({ ok: false, timedOut: true, step: 1 });
    expect(steps[0].message).toContain('timed out after 1000 ms');
  });

  it('an outbound webhook step posts the action and parameters, and never records its headers', async () => {
    const id = await declare('P1', 'hooked-api');
    const res = await gql(server.graphqlUrl, RUN, { id, input: { action: 'SCALE_UP', confirm: true } });
    expect(res.errors).toBeUndefined();
    await server.app.runbooks.settled();
    expect(hooks).toHaveLength(1);
    expect(hooks[0].auth).toBe('Bearer deploy-secret');
    expect(hooks[0].body).toMatchObject({
      incidentId: Number(id),
      action: 'SCALE_UP',
      service: 'hooked-api',
      deployment: 'hooked',
      namespace: 'staging',
    });
    const lines = (await timeline(id)).filter((e) => e.type.startsWith('RUNBOOK_'));
    expect(lines.find((e) => e.type === 'RUNBOOK_STEP_FINISHED')!.data).toMatchObject({ ok: true, statusCode: 202 });
    // The answer's status is output; its body is never read, stored or shown (issue 17).
    expect(lines.some((e) => e.type === 'RUNBOOK_OUTPUT' && e.message.includes('HTTP 202'))).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('scaling to 6');
    expect(lines[lines.length - 1].data).toMatchObject({ ok: true });
    expect(JSON.stringify(lines)).not.toContain('deploy-secret');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('rejects an injection attempt, a missing confirmation and unconfigured actions, writing nothing', async () => {
    const id = await declare('P1', 'checkout-api');
    const before = await timeline(id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ action: 'ROLLBACK', confirm: true, deployment: 'x; rm -rf /' }, 'deployment'],
      [{ action: 'ROLLBACK', confirm: true, namespace: '$(touch /tmp/pwned)' }, 'namespace'],
      [{ action: 'ROLLBACK', confirm: false }, 'confirm'],
      [{ action: 'MAINTENANCE_MODE', confirm: true }, 'action'],
      [{ action: 'ROLLBACK', confirm: true, serviceId: serviceIds['slow-api'] }, 'serviceId'],
    ];
    for (const [input, field] of cases) {
      const res = await gql(server.graphqlUrl, RUN, { id, input });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field });
    }
    await server.app.runbooks.settled();
    expect(fs.existsSync(marker)).toBe(false);
    expect(await timeline(id)).toEqual(before);
  });

  it('needs LEAD, or RESPONDER on a P0', async () => {
    const responder = await userWithToken(server, 'Rita Responder', 'RESPONDER');
    const p1 = await declare('P1', 'checkout-api');
    const refused = await gql(
      server.graphqlUrl,
      RUN,
      { id: p1, input: { action: 'ROLLBACK', confirm: true, dryRun: true } },
      responder.headers,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await timeline(p1)).some((e) => e.type.startsWith('RUNBOOK_'))).toBe(false);
    const p0 = await declare('P0', 'checkout-api');
    const allowed = await gql(
      server.graphqlUrl,
      RUN,
      { id: p0, input: { action: 'ROLLBACK', confirm: true, dryRun: true } },
      responder.headers,
    );
    expect(allowed.errors).toBeUndefined();
    const lead = await userWithToken(server, 'Lena Lead', 'LEAD');
    expect(
      (
        await gql(
          server.graphqlUrl,
          RUN,
          { id: p1, input: { action: 'ROLLBACK', confirm: true, dryRun: true } },
          lead.headers,
        )
      ).errors,
    ).toBeUndefined();
    const viewer = await userWithToken(server, 'Vic Viewer', 'VIEWER');
    expect(
      (
        await gql(
          server.graphqlUrl,
          RUN,
          { id: p0, input: { action: 'ROLLBACK', confirm: true, dryRun: true } },
          viewer.headers,
        )
      ).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('probes the configured health check and records the result as evidence', async () => {
    const id = await declare('P1', 'checkout-api');
    const PROBE = `mutation($id: ID!) { probeHealthCheck(incidentId: $id) { serviceName statusCode ok latencyMs error } }`;
    healthStatus = 200;
    const ok = await gql(server.graphqlUrl, PROBE, { id });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.probeHealthCheck).toMatchObject({
      serviceName: 'checkout-api',
      statusCode: 200,
      ok: true,
      error: null,
    });
    healthStatus = 503;
    const failing = await gql(server.graphqlUrl, PROBE, { id });
    expect(failing.data!.probeHealthCheck).toMatchObject({ statusCode: 503, ok: false });
    const checks = (await timeline(id)).filter((e) => e.type === 'HEALTH_CHECK');
    expect(checks.map((c) => [c.data.statusCode, c.data.ok])).toEqual([
      [200, true],
      [503, false],
    ]);
    expect(typeof checks[0].data.latencyMs).toBe('number');

    const other = await declare('P2', 'no-runbook');
    const none = await gql(server.graphqlUrl, PROBE, { id: other });
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'serviceId' });
  });
});
