import { Client } from 'graphql-ws';
import { MINUTE, HOUR, ManualClock } from '@vigil/shared';
import { ConfigError, loadConfig } from '../../server/src/config';
import { Incident } from '../../server/src/model/incident.entity';
import { NotificationRequest } from '../../server/src/notify/notify.port';
import { ContactMethod, User } from '../../server/src/model/user.entity';
import { testDatabaseKinds } from '../support/databases';
import {
  HttpReceiver,
  ReceivedRequest,
  SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../support/receivers';
import { TestServer, collect, gql, startTestServer, subscribed, wsClient } from '../support/server';
import { resolveVerified } from '../support/resolve';

const DECLARE = `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`;
const NOTIFICATIONS = `query($id: ID!) { incident(id: $id) { notifications {
  kind channel targetName status attempts lastError deliveryAttempts { attempt outcome responseCode error retryAt } } } }`;

// Starting a server runs every migration; on a busy MariaDB that alone can take longer than jest's 5 s default.
jest.setTimeout(60_000);

describe.each(testDatabaseKinds())('notifications on %s', (kind) => {
  let server: TestServer;
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  let ws: Client;
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');

  beforeAll(async () => {
    http = await startHttpReceiver();
    smtp = await startSmtpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        publicUrl: 'https://vigil.example.com',
        notify: {
          slackWebhookUrl: `${http.url}/slack`,
          smtpUrl: smtp.url,
          emailFrom: 'Vigil <vigil@example.com>',
          stakeholderEmails: ['cto@example.com', 'support-lead@example.com'],
          // Deliberately unconfigured: its rows must be SKIPPED, never retried.
          webhookUrl: null,
          ticketWebhookUrl: `${http.url}/ticket`,
          senderIntervalMs: 0,
          leaseMs: 30_000,
        },
      },
    });
    ws = wsClient(server.wsUrl);
  });

  afterAll(async () => {
    await ws?.dispose();
    await server?.dispose();
    await http?.close();
    await smtp?.close();
  });

  const declare = async (severity: string, title: string): Promise<number> => {
    const r = await gql(server.graphqlUrl, DECLARE, { input: { title, severity } });
    expect(r.errors).toBeUndefined();
    return Number(r.data!.declareIncident.id);
  };
  const run = () => server.app.notifications.runOnce();
  const notifications = async (id: number) => {
    const r = await gql(server.graphqlUrl, NOTIFICATIONS, { id });
    expect(r.errors).toBeUndefined();
    return r.data!.incident.notifications as Array<Record<string, any>>;
  };
  const aboutIncident = (id: number, kindOf: string) => (r: ReceivedRequest) =>
    JSON.stringify(r.body).includes(`incident ${id} · ${kindOf}`) ||
    (r.body?.incidentId === id && r.body?.event === kindOf);
  const slackFor = (id: number, kindOf = 'INCIDENT_DECLARED') =>
    http.delivered('/slack').filter(aboutIncident(id, kindOf));

  it('P0 declared: stakeholders by email over SMTP, #incidents on Slack in Block Kit; the unset webhook is SKIPPED', async () => {
    const id = await declare('P0', 'Checkout database down');
    const report = await run();
    expect(report).toMatchObject({ sent: 2, skipped: 1, retried: 0, failed: 0 });

    const mails = smtp.mails.filter((m) => m.subject === '[P0] Checkout database down');
    expect(mails).toHaveLength(1);
    expect(mails[0].to.sort()).toEqual(['cto@example.com', 'support-lead@example.com']);
    expect(mails[0].from).toBe('vigil@example.com');
    expect(mails[0].raw).toContain(`https://vigil.example.com/incidents/${id}`);

    const slack = slackFor(id);
    expect(slack).toHaveLength(1);
    const { blocks, text } = slack[0].body;
    expect(text).toBe('[P0] Checkout database down');
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'P0 · Checkout database down' } });
    expect(blocks[1].fields.map((f: { text: string }) => f.text)).toEqual([
      expect.stringContaining('P0'),
      '*Status*\nTRIGGERED',
    ]);
    expect(blocks[3].elements[0].url).toBe(`https://vigil.example.com/incidents/${id}`);
    expect(slack[0].headers['idempotency-key']).toBe(`incident:${id}:DECLARED:INCIDENTS_CHANNEL:SLACK`);

    const rows = await notifications(id);
    expect(rows.map((n) => [n.channel, n.status, n.attempts])).toEqual([
      ['EMAIL', 'SENT', 1],
      ['SLACK', 'SENT', 1],
      ['WEBHOOK', 'SKIPPED', 1],
    ]);
    expect(rows[2].lastError).toContain('VIGIL_WEBHOOK_URL');
    expect(rows[1].deliveryAttempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'SENT', responseCode: 200 }),
    ]);
    expect(rows[0].deliveryAttempts[0]).toMatchObject({ outcome: 'SENT', responseCode: 250 });

    // Nothing is sent twice, and a skipped row is not retried, however often the sender runs.
    clock.advance(20 * MINUTE);
    await run();
    await run();
    expect(slackFor(id)).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.subject === '[P0] Checkout database down')).toHaveLength(1);
    expect((await notifications(id)).filter((n) => n.kind === 'INCIDENT_DECLARED').map((n) => n.attempts)).toEqual([
      1, 1, 1,
    ]);
  });

  it('P3 declared: a ticket for the ticket system and no page; resolving posts to Slack and updates the ticket', async () => {
    const id = await declare('P3', 'Typo on the pricing page');
    await run();
    const tickets = http.delivered('/ticket').filter((r) => r.body.incidentId === id);
    expect(tickets).toHaveLength(1);
    expect(tickets[0].body).toMatchObject({
      type: 'ticket',
      priority: 'P3',
      event: 'INCIDENT_DECLARED',
      title: 'Typo on the pricing page',
      status: 'TRIGGERED',
    });
    expect(slackFor(id)).toHaveLength(0);
    expect(smtp.mails.filter((m) => m.subject.includes('Typo'))).toHaveLength(0);

    await resolveVerified(server.graphqlUrl, id, { note: 'fixed' });
    await run();
    const posted = slackFor(id, 'INCIDENT_RESOLVED');
    expect(posted).toHaveLength(1);
    expect(posted[0].body.text).toBe('[P3] Resolved: Typo on the pricing page');
    expect(posted[0].body.blocks[1].fields[1].text).toBe('*Status*\nRESOLVED');
    expect(
      http
        .delivered('/ticket')
        .filter((r) => r.body.incidentId === id)
        .map((r) => r.body.event),
    ).toEqual(['INCIDENT_DECLARED', 'INCIDENT_RESOLVED']);
  });

  it("a P3 ticket names its services and the team that owns the primary one, so it lands on that team's board", async () => {
    const team = (await gql(server.graphqlUrl, `mutation { createTeam(name: "Search team") { id } }`)).data!.createTeam
      .id;
    const svc = (await gql(server.graphqlUrl, `mutation { createService(input: { name: "search-api" }) { id } }`)).data!
      .createService.id;
    await gql(server.graphqlUrl, `mutation { createService(input: { name: "cdn" }) { id } }`);
    expect(
      (
        await gql(server.graphqlUrl, `mutation($s: ID!, $t: ID!) { setServiceTeam(id: $s, teamId: $t) { id } }`, {
          s: svc,
          t: team,
        })
      ).errors,
    ).toBeUndefined();
    const r = await gql(server.graphqlUrl, DECLARE, {
      input: { title: 'Stale suggestions', severity: 'P3', services: ['search-api', 'cdn'] },
    });
    const id = Number(r.data!.declareIncident.id);
    await run();
    const [ticket] = http.delivered('/ticket').filter((t) => t.body.incidentId === id);
    expect(ticket.body).toMatchObject({ type: 'ticket', services: ['search-api', 'cdn'], team: 'Search team' });
  });

  it('Slack down (connection refused, then 503) for a while: the message arrives exactly once after it is back', async () => {
    await http.down();
    const id = await declare('P2', 'Search latency high');
    expect((await run()).retried).toBeGreaterThanOrEqual(1);
    clock.advance(10 * MINUTE);
    await run();
    await http.up();
    http.reply((r) => (r.path === '/slack' ? { status: 503, body: 'service unavailable' } : { status: 200 }));
    clock.advance(10 * MINUTE);
    await run();
    expect(slackFor(id)).toHaveLength(0);
    http.reply(null);
    clock.advance(10 * MINUTE);
    await run();
    clock.advance(HOUR);
    await run();
    await run();

    expect(slackFor(id)).toHaveLength(1);
    expect(
      http.requests.filter((r) => r.path === '/slack').filter(aboutIncident(id, 'INCIDENT_DECLARED')),
    ).toHaveLength(2);
    const slack = (await notifications(id)).find((n) => n.channel === 'SLACK')!;
    expect(slack.status).toBe('SENT');
    expect(slack.deliveryAttempts.map((a: any) => [a.outcome, a.responseCode])).toEqual([
      ['RETRY', null],
      ['RETRY', null],
      ['RETRY', 503],
      ['SENT', 200],
    ]);
    // A classified reason (issue 17's outbound guard), never the library's text or the receiver's body.
    expect(slack.deliveryAttempts[0].error).toMatch(/^connection-refused/);
    expect(JSON.stringify(slack)).not.toContain('service unavailable');
  });

  it('429 with Retry-After: not a second earlier, and delivered when it has passed', async () => {
    let limited = false;
    http.reply((r) => {
      if (r.path === '/slack' && !limited && JSON.stringify(r.body).includes('Login errors')) {
        limited = true;
        return { status: 429, headers: { 'retry-after': '120' }, body: 'rate_limited' };
      }
      return { status: 200 };
    });
    try {
      const id = await declare('P1', 'Login errors spiking');
      await run();
      const first = (await notifications(id)).find((n) => n.channel === 'SLACK')!;
      expect(first.deliveryAttempts).toEqual([
        expect.objectContaining({
          outcome: 'RETRY',
          responseCode: 429,
          retryAt: new Date(clock.now().getTime() + 120_000).toISOString(),
        }),
      ]);

      clock.advance(119_999);
      await run();
      expect(
        http.requests.filter((r) => r.path === '/slack').filter(aboutIncident(id, 'INCIDENT_DECLARED')),
      ).toHaveLength(1);
      clock.advance(1);
      await run();
      expect(slackFor(id)).toHaveLength(1);
    } finally {
      http.reply(null);
    }
  });

  it('a person is reached through their contact methods, and a duplicate enqueue delivers once', async () => {
    const id = await declare('P2', 'Webhook fan-out test');
    const now = clock.now();
    const user = await server.app.db.dataSource
      .getRepository(User)
      .save({ name: 'Dana On-call', email: `dana-${kind}@example.com`, createdAt: now });
    await server.app.db.dataSource.getRepository(ContactMethod).save([
      { userId: user.id, kind: 'EMAIL', address: `dana.pager-${kind}@example.com`, createdAt: now, verifiedAt: now },
      { userId: user.id, kind: 'WEBHOOK', address: `${http.url}/hook`, createdAt: now, verifiedAt: now },
    ]);
    const page: NotificationRequest = {
      incidentId: id,
      kind: 'PAGE',
      level: 1,
      target: { userId: user.id, name: user.name },
      idempotencyKey: `page:${id}:1:user:${user.id}`,
      message: {
        title: 'Webhook fan-out test',
        body: 'You are paged',
        severity: 'P2',
        status: 'TRIGGERED',
        url: `https://vigil.example.com/incidents/${id}`,
      },
    };
    // The same page enqueued twice in one transaction and again in another: the unique key makes it one.
    await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, [page, page]));
    await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, [page]));
    await run();
    await run();

    const hooks = http.delivered('/hook').filter((r) => r.body.incidentId === id);
    expect(hooks).toHaveLength(1);
    expect(hooks[0].body).toMatchObject({
      type: 'notification',
      event: 'PAGE',
      level: 1,
      target: { userId: user.id, name: 'Dana On-call' },
    });
    expect(hooks[0].headers['idempotency-key']).toBe(`page:${id}:1:user:${user.id}:WEBHOOK`);
    expect(smtp.mails.filter((m) => m.to.includes(`dana.pager-${kind}@example.com`))).toHaveLength(1);
    const pages = (await notifications(id)).filter((n) => n.kind === 'PAGE');
    expect(pages.map((n) => [n.channel, n.status])).toEqual([
      ['EMAIL', 'SENT'],
      ['WEBHOOK', 'SENT'],
    ]);
  });

  it('a missed status update reminds the commander (again every 10 minutes), goes on the timeline and is published', async () => {
    const id = await declare('P0', 'Payments failing');
    const declaredAt = clock.now();
    const commander = await server.app.db.dataSource
      .getRepository(User)
      .save({ name: 'Casey Commander', email: `casey-${kind}@example.com`, createdAt: declaredAt });
    await server.app.db.dataSource.getRepository(Incident).update(id, { commanderId: commander.id });
    const orphan = await declare('P1', 'Reports slow');
    await run();
    const reminders = () =>
      smtp.mails.filter(
        (m) => m.to.includes(`casey-${kind}@example.com`) && m.subject.includes('Status update overdue'),
      );

    // (This run also announces the P0's acknowledge SLA breach, published before the reminder: listen after it.)
    clock.set(declaredAt.getTime() + 30 * MINUTE);
    await run();
    expect(reminders()).toHaveLength(0);
    const changes = collect(ws, `subscription($id: ID) { incidentChanged(id: $id) { id statusUpdate { overdue } } }`, {
      id,
    });
    await subscribed(server, changes);

    clock.advance(1);
    const report = await run();
    expect(report.reminded).toBeGreaterThanOrEqual(1);
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0].subject).toBe('[P0] Status update overdue: Payments failing');
    const [published] = await changes.next(1);
    expect(published.incidentChanged).toEqual({ id: String(id), statusUpdate: { overdue: true } });

    // Issue 16: still no update ten minutes later, so the commander is reminded again (once, however often it runs).
    clock.advance(10 * MINUTE);
    await run();
    await run();
    expect(reminders()).toHaveLength(2);

    const timeline = await gql(
      server.graphqlUrl,
      `query($id: ID!) { incident(id: $id) { timeline { type actorKind message } } }`,
      { id },
    );
    const overdue = timeline.data!.incident.timeline.filter((e: any) => e.type === 'STATUS_UPDATE_OVERDUE');
    expect(overdue).toEqual([
      expect.objectContaining({ actorKind: 'SYSTEM', message: expect.stringContaining('Casey Commander') }),
      expect.objectContaining({ actorKind: 'SYSTEM', message: expect.stringContaining('again (reminder 2)') }),
    ]);

    // A status update moves the due time; missing the next one reminds again.
    const posted = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { postStatusUpdate(id: $id, input: { publicStatus: INVESTIGATING, internalMessage: "Rolling back" }) { id } }`,
      { id },
    );
    expect(posted.errors).toBeUndefined();
    clock.advance(30 * MINUTE + 1);
    await run();
    expect(reminders()).toHaveLength(3);
    // The update itself went where the procedure sends updates: Slack #incidents and, for a P0, stakeholder email.
    expect(slackFor(id, 'INCIDENT_STATUS_UPDATE').map((r) => r.body.text)).toEqual([
      '[P0] Status update (INVESTIGATING): Payments failing',
    ]);
    expect(
      smtp.mails
        .filter((m) => m.subject === '[P0] Status update (INVESTIGATING): Payments failing')
        .map((m) => m.to.length),
    ).toEqual([2]);

    // Nobody in command and nobody acknowledged: the reminder goes to #incidents (one per round the loop saw).
    expect(clock.now().getTime()).toBe(declaredAt.getTime() + HOUR + 10 * MINUTE + 2);
    await run();
    expect(slackFor(orphan, 'STATUS_UPDATE_DUE')).toHaveLength(1);
    expect(
      (await notifications(orphan)).filter((n) => n.kind === 'STATUS_UPDATE_DUE').map((n) => n.targetName),
    ).toEqual(['#incidents']);
    changes.unsubscribe();
  });
});

describe('notification settings', () => {
  it.each([
    ['VIGIL_SLACK_WEBHOOK_URL', 'ftp://hooks.example.com/x'],
    ['VIGIL_WEBHOOK_URL', 'not a url'],
    ['VIGIL_TICKET_WEBHOOK_URL', 'mailto:x@example.com'],
    ['VIGIL_SMTP_URL', 'http://mail.example.com'],
    ['VIGIL_EMAIL_FROM', 'nobody'],
    ['VIGIL_STAKEHOLDER_EMAILS', 'cto@example.com, not an address'],
    ['VIGIL_NOTIFY_INTERVAL_MS', '-1'],
    ['VIGIL_NOTIFY_LEASE_MS', '4999'],
    ['VIGIL_NOTIFY_LEASE_MS', '600001'],
    ['VIGIL_NOTIFY_LEASE_MS', '30s'],
  ])('a bad %s ("%s") is refused, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('parses a full configuration', () => {
    const c = loadConfig({
      VIGIL_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X',
      VIGIL_SMTP_URL: 'smtp://mail:25',
      VIGIL_EMAIL_FROM: 'Vigil <vigil@example.com>',
      VIGIL_STAKEHOLDER_EMAILS: 'a@example.com, b@example.com',
    }).notify;
    expect(c).toMatchObject({
      slackWebhookUrl: 'https://hooks.slack.com/services/T/B/X',
      smtpUrl: 'smtp://mail:25',
      stakeholderEmails: ['a@example.com', 'b@example.com'],
      webhookUrl: null,
    });
  });

  it('leases last 30 s unless VIGIL_NOTIFY_LEASE_MS says otherwise (5 s to 10 min)', () => {
    expect(loadConfig({}).notify.leaseMs).toBe(30_000);
    expect(loadConfig({ VIGIL_NOTIFY_LEASE_MS: '5000' }).notify.leaseMs).toBe(5_000);
    expect(loadConfig({ VIGIL_NOTIFY_LEASE_MS: '600000' }).notify.leaseMs).toBe(600_000);
  });
});
