import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { HttpReceiver, SmtpReceiver, startHttpReceiver, startSmtpReceiver } from '../support/receivers';
import { TestServer, gql, startTestServer } from '../support/server';

jest.setTimeout(60_000);

const SLACK_SECRET = 'slack-signing-secret-for-paper-cuts-0123456789';
const ALERTS = `query($id: ID!) { incident(id: $id) { status alerts { dedupKey status severity alertSeverity source } } }`;

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/alerts', `${name}.json`), 'utf8'));

/** Issue 16's "small things a user hits", each as a user hits it. */
describe.each(testDatabaseKinds())('small things a user hits, on %s', (kind) => {
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');
  let server: TestServer;
  let smtp: SmtpReceiver;
  let http: HttpReceiver;
  const keys: Record<string, string> = {};

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    http = await startHttpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        slackSigningSecret: SLACK_SECRET,
        notify: {
          slackWebhookUrl: `${http.url}/slack`,
          smtpUrl: smtp.url,
          emailFrom: 'Vigil <vigil@example.com>',
          stakeholderEmails: [],
          webhookUrl: `${http.url}/hook`,
          ticketWebhookUrl: null,
          senderIntervalMs: 0,
          leaseMs: 30_000,
        },
      },
    });
    await setUpPaging(server);
    await server.app.users.create({
      name: 'Sam Slack',
      email: `sam.${kind}@example.com`,
      role: 'RESPONDER',
      slackUserId: 'U0SAM',
    });
    const service = await ok(`mutation { createService(input: { name: "checkout-api" }) { id } }`);
    for (const [name, integrationKind] of [
      ['am', 'ALERTMANAGER'],
      ['hook', 'GENERIC_WEBHOOK'],
    ]) {
      const made = await ok(`mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { key } }`, {
        input: { serviceId: service.createService.id, name: `${name} ${kind}`, kind: integrationKind },
      });
      keys[name] = made.createIntegration.key;
    }
  });

  afterAll(async () => {
    await server?.dispose();
    await smtp?.close();
    await http?.close();
  });

  it('a page reads "[P1] <title>", the severity said once (the message carries the plain title, the channel adds the prefix)', async () => {
    const declared = await ok(
      `mutation { declareIncident(input: { title: "Disk full on db-1", severity: P1 }) { id } }`,
    );
    await server.app.notifications.runOnce();
    const page = smtp.mails.filter((m) => m.subject.includes('Disk full on db-1'));
    // A P1 pages the on-call engineer and the team lead: each page's subject says the severity once.
    expect(page.length).toBeGreaterThan(0);
    expect(new Set(page.map((m) => m.subject))).toEqual(new Set(['[P1] Disk full on db-1']));
    const stored = await server.app.db.dataSource.query(
      `SELECT message FROM notification WHERE incidentId = ? AND kind = 'PAGE'`,
      [Number(declared.declareIncident.id)],
    );
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored)
      expect(JSON.parse(typeof row.message === 'string' ? row.message : JSON.stringify(row.message)).title).toBe(
        'Disk full on db-1',
      );
  });

  it('the generic webhook takes "action" and "dedupKey" as spellings, and refuses unknown fields with 400 naming them', async () => {
    const url = `${server.url}/api/integrations/webhook`;
    const auth = { authorization: `Bearer ${keys.hook}` };
    const opened = await post(url, { summary: 'Backup did not finish', dedup_key: 'backup-1' }, auth);
    expect(opened.body.alerts[0]).toMatchObject({ action: 'trigger', outcome: 'opened' });
    const incidentId = opened.body.alerts[0].incident_id;

    const typo = await post(url, { acton: 'resolve', dedupKey: 'backup-1' }, auth);
    expect(typo).toMatchObject({ status: 400, body: { field: 'acton' } });
    expect(typo.body.message).toMatch(/Unknown field "acton"/);
    // A bad value is named as the caller spelled it.
    const wrong = await post(url, { action: 'close', dedupKey: 'backup-1' }, auth);
    expect(wrong).toMatchObject({ status: 400, body: { field: 'action' } });
    expect(wrong.body.message).toMatch(/^action must be one of trigger/);
    const clash = await post(url, { status: 'trigger', action: 'resolve', dedup_key: 'backup-1' }, auth);
    expect(clash).toMatchObject({ status: 400, body: { field: 'action' } });
    expect((await ok(ALERTS, { id: incidentId })).incident.alerts).toEqual([
      expect.objectContaining({ dedupKey: 'backup-1', status: 'TRIGGERED' }),
    ]);

    const resolved = await post(url, { action: 'resolve', dedupKey: 'backup-1' }, auth);
    expect(resolved.status).toBe(202);
    expect(resolved.body.alerts[0]).toMatchObject({ action: 'resolve', outcome: 'resolved', incident_id: incidentId });
    expect((await ok(ALERTS, { id: incidentId })).incident).toMatchObject({
      status: 'RESOLVED',
      alerts: [{ status: 'RESOLVED' }],
    });
  });

  it('the audit log keeps a date argument as its ISO text, not {}', async () => {
    const detectedAt = new Date(clock.now().getTime() - 20 * MINUTE).toISOString();
    await ok(
      `mutation($at: DateTimeISO) { declareIncident(input: { title: "audited date", severity: P3, detectedAt: $at }) { id } }`,
      { at: detectedAt },
    );
    const log = await ok(`{ auditLog(filter: { action: "declareIncident" }, first: 50) { args } }`);
    const entry = log.auditLog.find(
      (e: { args: { input?: { title?: string } } }) => e.args.input?.title === 'audited date',
    );
    expect(entry.args.input.detectedAt).toBe(detectedAt);
  });

  it('/vigil status lists open incidents most severe first (then newest), however they were declared', async () => {
    const titles = ['P3 typo', 'P0 checkout down', 'P2 slow search', 'P1 login errors', 'P0 payments down'];
    for (const title of titles) {
      clock.advance(MINUTE);
      await ok(`mutation($t: String!, $s: Severity!) { declareIncident(input: { title: $t, severity: $s }) { id } }`, {
        t: `status order ${title}`,
        s: title.slice(0, 2),
      });
    }
    const body = new URLSearchParams({
      command: '/vigil',
      text: 'status',
      user_id: 'U0SAM',
      response_url: `${http.url}/cmd`,
    }).toString();
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    const signature = crypto.createHmac('sha256', SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex');
    const res = await fetch(`${server.url}/api/slack/commands`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': `v0=${signature}`,
      },
    });
    expect(res.status).toBe(200);
    const text = ((await res.json()) as { text: string }).text;
    expect(text).toMatch(/^Open incidents, most severe first/);
    const severities = text
      .split('\n')
      .slice(1)
      .map((line) => /\[(P\d)\]/.exec(line)![1]);
    expect(severities).toEqual([...severities].sort());
    const ours = text
      .split('\n')
      .filter((line) => line.includes('status order'))
      .map((line) => line.replace(/^.*status order /, '').replace(/ — .*$/, ''));
    expect(ours).toEqual(['P0 payments down', 'P0 checkout down', 'P1 login errors', 'P2 slow search', 'P3 typo']);
  });

  it('an Alertmanager alert keeps its severity label as alertSeverity, and a source even without instance or job', async () => {
    const url = `${server.url}/api/integrations/alertmanager`;
    const auth = { authorization: `Bearer ${keys.am}` };
    const firing = fixture('alertmanager-firing');
    const res = await post(url, firing, auth);
    expect(res.status).toBe(202);
    const alerts = (await ok(ALERTS, { id: res.body.alerts[0].incident_id })).incident.alerts;
    expect(
      alerts.map((a: { alertSeverity: string; source: string; severity: string }) => [
        a.alertSeverity,
        a.source,
        a.severity,
      ]),
    ).toEqual([
      ['critical', 'checkout-api-0:9090', 'P1'],
      ['critical', 'checkout-api-1:9090', 'P1'],
    ]);

    // A recording-rule alert: no instance, no job; the rule's Prometheus is where it came from.
    const bare = {
      ...firing,
      groupKey: '{}:{alertname="QueueBacklog"}',
      commonLabels: {},
      alerts: [{ ...firing.alerts[0], fingerprint: 'bare-1', labels: { alertname: 'QueueBacklog', level: 'Warning' } }],
    };
    const bareRes = await post(url, bare, auth);
    expect(bareRes.status).toBe(202);
    const [alert] = (await ok(ALERTS, { id: bareRes.body.alerts[0].incident_id })).incident.alerts;
    expect(alert).toMatchObject({
      dedupKey: 'bare-1',
      alertSeverity: 'warning',
      source: 'prometheus:9090',
      severity: 'P3',
    });
  });
});
