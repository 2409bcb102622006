import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOUR, ManualClock } from '@vigil/shared';
import { ConfigError, loadConfig } from '../../server/src/config';
import { parseChangeConfig } from '../../server/src/deployments/changes.config';
import { TrimDeliveryErrors1796304184067 } from '../../server/src/db/migrations/1796304184067-TrimDeliveryErrors';
import { testDatabaseKinds } from '../support/databases';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { TestServer, gql, startTestServer, userWithSession } from '../support/server';

jest.setTimeout(60_000);

const DECLARE = `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`;
const ADD = `mutation($u: ID!, $a: String!) { addContactMethod(userId: $u, kind: WEBHOOK, address: $a) { id address } }`;
const REASSIGN = `mutation($id: ID!, $u: ID!) { reassignIncident(id: $id, input: { userId: $u }) { id } }`;
/** Every field a viewer can read about an incident's notifications and timeline. */
const EVERYTHING = `query($id: ID!) { incident(id: $id) {
  notifications { id kind channel targetName status attempts lastError nextAttemptAt createdAt sentAt
    deliveryAttempts { attempt at outcome responseCode error durationMs retryAt } }
  timeline { type message data } } }`;
const PROBE = `mutation($id: ID!, $s: ID) { probeHealthCheck(incidentId: $id, serviceId: $s) { serviceName url statusCode ok latencyMs error } }`;
const RUN = `mutation($id: ID!, $s: ID) { runRunbookAction(incidentId: $id, input: { action: SCALE_UP, confirm: true, serviceId: $s }) { runId } }`;

/** The refused literals the issue names, and their disguises. */
const REFUSED = [
  'http://127.0.0.1:9/internal',
  'http://169.254.169.254/latest/meta-data/iam/',
  'http://10.1.2.3/hook',
  'http://[::1]:9/',
  'http://[fd00:ec2::254]/',
  'http://100.64.0.1/',
  'http://0.0.0.0:9/',
  'http://2130706433:9/',
  'http://[::ffff:127.0.0.1]:9/',
];

describe('the outbound guard in the configuration', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-outbound-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const runbooks = (healthCheckUrl: string, webhookUrl = 'https://deploy.example.com/scale') => {
    const file = path.join(dir, `${crypto.randomBytes(4).toString('hex')}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        services: {
          api: { healthCheckUrl, actions: { SCALE_UP: { steps: [{ name: 'Scale', webhook: { url: webhookUrl } }] } } },
        },
      }),
    );
    return file;
  };

  it.each(REFUSED.slice(0, 4))('a health check at %s is refused at start, naming the field', (url) => {
    expect(() => loadConfig({ VIGIL_RUNBOOKS_FILE: runbooks(url) })).toThrow(ConfigError);
    expect(() => loadConfig({ VIGIL_RUNBOOKS_FILE: runbooks(url) })).toThrow(
      /VIGIL_RUNBOOKS_FILE: services\.api\.healthCheckUrl points at .* VIGIL_OUTBOUND_ALLOW/,
    );
  });

  it('a runbook webhook and a ticket system at a private address likewise, unless the operator allows them', () => {
    expect(() =>
      loadConfig({ VIGIL_RUNBOOKS_FILE: runbooks('https://api.example.com/health', 'http://10.9.8.7/scale') }),
    ).toThrow(/services\.api\.actions\.SCALE_UP\.steps\[0\]\.webhook\.url/);
    expect(() => loadConfig({ VIGIL_TICKET_WEBHOOK_URL: 'http://10.1.2.3/tickets' })).toThrow(
      /VIGIL_TICKET_WEBHOOK_URL/,
    );
    const allowed = loadConfig({
      VIGIL_TICKET_WEBHOOK_URL: 'http://10.1.2.3/tickets',
      VIGIL_OUTBOUND_ALLOW: '10.1.0.0/16, 10.9.8.7, ::1',
      VIGIL_RUNBOOKS_FILE: runbooks('http://[::1]:9/health', 'http://10.9.8.7/scale'),
    });
    expect(allowed.outbound).toEqual({ allow: ['10.1.0.0/16', '10.9.8.7', '::1'], timeoutMs: 5000 });
    // A host name passes when saved: what it resolves to is checked on every request.
    expect(
      loadConfig({ VIGIL_RUNBOOKS_FILE: runbooks('http://localhost:9/health') }).changes.runbooks.services.api
        .healthCheckUrl,
    ).toBe('http://localhost:9/health');
  });
});

describe.each(testDatabaseKinds())('the outbound guard on %s', (kind) => {
  let server: TestServer;
  /** On 127.0.0.1, which this server is not allowed to call: nothing may ever arrive here. */
  let trap: HttpReceiver;
  /** On 127.0.0.2, which the operator allowed (VIGIL_OUTBOUND_ALLOW=127.0.0.2). */
  let allowed: HttpReceiver;
  let tmp: string;
  const clock = new ManualClock('2026-12-01T09:00:00Z');
  const secret = `SECRET-BODY-${crypto.randomBytes(6).toString('hex')}`;
  const services: Record<string, string> = {};

  const declare = async (service: string) =>
    Number(
      (
        await gql(server.graphqlUrl, DECLARE, {
          input: { title: `${service} down`, severity: 'P2', services: [service] },
        })
      ).data!.declareIncident.id,
    );
  const everything = async (id: number) => (await gql(server.graphqlUrl, EVERYTHING, { id })).data!.incident;

  beforeAll(async () => {
    trap = await startHttpReceiver('127.0.0.1');
    allowed = await startHttpReceiver('127.0.0.2');
    const trapPort = new URL(trap.url).port;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-outbound-'));
    const file = path.join(tmp, 'runbooks.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        services: {
          // A host name that resolves to loopback: saved, and refused when the request resolves it.
          'named-api': {
            healthCheckUrl: `http://localhost:${trapPort}/health`,
            actions: {
              SCALE_UP: { steps: [{ name: 'Scale', webhook: { url: `http://localhost:${trapPort}/scale` } }] },
            },
          },
          'allowed-api': {
            healthCheckUrl: `${allowed.url}/health`,
            actions: { SCALE_UP: { steps: [{ name: 'Scale', webhook: { url: `${allowed.url}/scale` } }] } },
          },
        },
      }),
    );
    server = await startTestServer(kind, {
      clock,
      config: {
        changes: parseChangeConfig({ VIGIL_RUNBOOKS_FILE: file }, (m) => new Error(m)),
        outbound: { allow: ['127.0.0.2'], timeoutMs: 2000 },
        notify: {
          slackWebhookUrl: null,
          smtpUrl: null,
          emailFrom: 'vigil@example.com',
          stakeholderEmails: [],
          webhookUrl: null,
          ticketWebhookUrl: null,
          senderIntervalMs: 0,
          leaseMs: 30_000,
        },
      },
    });
    for (const name of ['named-api', 'allowed-api']) {
      services[name] = (
        await gql(server.graphqlUrl, `mutation($n: String!) { createService(input: { name: $n }) { id } }`, { n: name })
      ).data!.createService.id;
    }
  });

  afterAll(async () => {
    await server?.dispose();
    await trap?.close();
    await allowed?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => {
    // Whatever a test did, the address the operator did not allow never heard from the server.
    expect(trap.requests).toEqual([]);
  });

  it('refuses a webhook contact method at a loopback, metadata, private or [::1] address with a field error, saving nothing', async () => {
    const responder = await userWithSession(server, 'Rex Responder', 'RESPONDER');
    const admin = await userWithSession(server, 'Ann Admin', 'ADMIN');
    for (const [who, headers] of [
      ['responder', responder.headers],
      ['admin', admin.headers],
    ] as const) {
      for (const address of REFUSED) {
        const r = await gql(server.graphqlUrl, ADD, { u: responder.id, a: address }, headers);
        expect([who, address, r.errors?.[0].extensions]).toEqual([
          who,
          address,
          expect.objectContaining({ code: 'VALIDATION', field: 'address' }),
        ]);
      }
    }
    const r = await gql(server.graphqlUrl, ADD, { u: responder.id, a: 'ftp://files.example.com/x' }, responder.headers);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'address' });
    const methods = await gql(server.graphqlUrl, `{ users { id contactMethods { address } } }`);
    expect(methods.data!.users.find((u: any) => Number(u.id) === responder.id).contactMethods).toEqual([]);
    // The address the operator allowed is saved.
    expect(
      (await gql(server.graphqlUrl, ADD, { u: responder.id, a: `${allowed.url}/ok` }, responder.headers)).errors,
    ).toBeUndefined();
  });

  it('one person may have ten webhooks, not an unbounded list of addresses for Vigil to call', async () => {
    const viewer = await userWithSession(server, 'Val Viewer', 'VIEWER');
    for (let i = 0; i < 10; i++)
      expect(
        (await gql(server.graphqlUrl, ADD, { u: viewer.id, a: `https://hooks.example.com/${i}` }, viewer.headers))
          .errors,
      ).toBeUndefined();
    const eleventh = await gql(
      server.graphqlUrl,
      ADD,
      { u: viewer.id, a: 'https://hooks.example.com/10' },
      viewer.headers,
    );
    expect(eleventh.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'kind' });
    expect(eleventh.errors?.[0].message).toMatch(/10 WEBHOOK contact methods/);
    const saved: Array<{ n: number | string }> = await server.app.db.dataSource.query(
      'SELECT COUNT(*) AS n FROM contact_method WHERE userId = ?',
      [viewer.id],
    );
    expect(Number(saved[0].n)).toBe(10);
  });

  it('a host name that resolves to loopback is refused when sent, with a classified reason, and not retried', async () => {
    const responder = await userWithSession(server, 'Nia Named', 'RESPONDER');
    const saved = await gql(
      server.graphqlUrl,
      ADD,
      { u: responder.id, a: `http://localhost:${new URL(trap.url).port}/internal` },
      responder.headers,
    );
    expect(saved.errors).toBeUndefined();
    const id = await declare('named-api');
    await server.app.notifications.runOnce();
    expect((await gql(server.graphqlUrl, REASSIGN, { id, u: responder.id }, responder.headers)).errors).toBeUndefined();
    await server.app.notifications.runOnce();
    clock.advance(HOUR);
    await server.app.notifications.runOnce();
    const page = (await everything(id)).notifications.find(
      (n: any) => n.channel === 'WEBHOOK' && n.targetName === 'Nia Named',
    );
    expect(page).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.stringMatching(/^refused-address/) });
    expect(page.deliveryAttempts.map((a: any) => [a.outcome, a.responseCode, a.error.split(' ')[0]])).toEqual([
      ['FAILED', null, 'refused-address'],
    ]);
  });

  it('an allowed address is called; its failure shows a status and a reason, never its body, in any field', async () => {
    const responder = await userWithSession(server, 'Ada Allowed', 'RESPONDER');
    await gql(server.graphqlUrl, ADD, { u: responder.id, a: `${allowed.url}/hook` }, responder.headers);
    allowed.reply((r) => (r.path === '/hook' ? { status: 500, body: `${secret} internal details` } : { status: 200 }));
    const id = await declare('allowed-api');
    await server.app.notifications.runOnce();
    await gql(server.graphqlUrl, REASSIGN, { id, u: responder.id }, responder.headers);
    await server.app.notifications.runOnce();
    allowed.reply(null);
    clock.advance(HOUR);
    await server.app.notifications.runOnce();
    expect(allowed.delivered('/hook')).toHaveLength(1);
    const seen = await everything(id);
    const page = seen.notifications.find((n: any) => n.channel === 'WEBHOOK' && n.targetName === 'Ada Allowed');
    expect(page.status).toBe('SENT');
    expect(page.deliveryAttempts.map((a: any) => [a.outcome, a.responseCode, a.error?.split(' ')[0] ?? null])).toEqual([
      ['RETRY', 500, 'http-500'],
      ['SENT', 200, null],
    ]);
    expect(JSON.stringify(seen)).not.toContain(secret);
    const stored = await server.app.db.dataSource.query('SELECT lastError FROM notification');
    const attempts = await server.app.db.dataSource.query('SELECT error FROM notification_attempt');
    expect(JSON.stringify([stored, attempts])).not.toContain(secret);
  });

  it('health checks: a name resolving to loopback is refused when probed; an allowed one shows its status, not its body', async () => {
    const named = await declare('named-api');
    const refused = await gql(server.graphqlUrl, PROBE, { id: named, s: services['named-api'] });
    expect(refused.data!.probeHealthCheck).toMatchObject({ statusCode: null, ok: false, error: 'refused-address' });
    allowed.reply(() => ({ status: 503, body: `${secret} stack trace` }));
    const id = await declare('allowed-api');
    const probed = await gql(server.graphqlUrl, PROBE, { id, s: services['allowed-api'] });
    allowed.reply(null);
    expect(probed.data!.probeHealthCheck).toMatchObject({ statusCode: 503, ok: false });
    expect(JSON.stringify([probed, await everything(id)])).not.toContain(secret);
  });

  it('runbook webhooks: refused by resolved address, and an allowed one records its status only', async () => {
    const named = await declare('named-api');
    expect((await gql(server.graphqlUrl, RUN, { id: named, s: services['named-api'] })).errors).toBeUndefined();
    await server.app.runbooks.settled();
    const failed = (await everything(named)).timeline.find((e: any) => e.type === 'RUNBOOK_STEP_FINISHED');
    expect(failed).toMatchObject({
      message: expect.stringContaining('could not start: refused-address'),
      data: expect.objectContaining({ ok: false, statusCode: null }),
    });

    allowed.reply(() => ({ status: 202, body: `${secret} scaling` }));
    const id = await declare('allowed-api');
    await gql(server.graphqlUrl, RUN, { id, s: services['allowed-api'] });
    await server.app.runbooks.settled();
    allowed.reply(null);
    const timeline = (await everything(id)).timeline;
    expect(timeline.find((e: any) => e.type === 'RUNBOOK_STEP_FINISHED').data).toMatchObject({
      ok: true,
      statusCode: 202,
    });
    expect(timeline.some((e: any) => e.type === 'RUNBOOK_OUTPUT' && e.message === 'HTTP 202')).toBe(true);
    expect(JSON.stringify(timeline)).not.toContain(secret);
  });

  it('the migration cuts response bodies already stored down to their status', async () => {
    const [row] = await server.app.db.dataSource.query('SELECT id FROM notification ORDER BY id LIMIT 1');
    const old = `HTTP 500 ${secret} from before the guard (retrying in 2 s)`;
    await server.app.db.dataSource.query('UPDATE notification SET lastError = ? WHERE id = ?', [old, row.id]);
    await server.app.db.dataSource.query('UPDATE notification_attempt SET error = ? WHERE notificationId = ?', [
      old,
      row.id,
    ]);
    await server.app.db.dataSource.query(
      'UPDATE notification_attempt SET error = ? WHERE id = (SELECT MIN(id) FROM (SELECT id FROM notification_attempt) x)',
      ['ECONNREFUSED: fetch failed'],
    );
    const runner = server.app.db.dataSource.createQueryRunner();
    try {
      await new TrimDeliveryErrors1796304184067().up(runner);
    } finally {
      await runner.release();
    }
    expect(await server.app.db.dataSource.query('SELECT lastError FROM notification WHERE id = ?', [row.id])).toEqual([
      { lastError: 'http-500 (response body removed)' },
    ]);
    const errors = (await server.app.db.dataSource.query('SELECT error FROM notification_attempt')).map(
      (r: any) => r.error,
    );
    expect(errors).toContain('ECONNREFUSED: fetch failed');
    expect(JSON.stringify(errors)).not.toContain(secret);
  });
});
