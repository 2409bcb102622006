import crypto from 'node:crypto';
import { HOUR, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { quietNotify } from '../support/notify-config';
import { HttpReceiver, SmtpReceiver, startHttpReceiver, startSmtpReceiver } from '../support/receivers';
import { resolveVerified } from '../support/resolve';
import { TestServer, gql, startTestServer, userWithSession, userWithToken } from '../support/server';
import { DEFAULT_STATUS_PAGE_CONFIG } from '../../server/src/statuspage/statuspage.config';

const ANONYMOUS = { authorization: '' };
/** Everything seeded that only responders may see: none of it may reach a subscriber, by mail or webhook. */
const SECRETS = ['SECRET', 'Rita', '(test)', 'Administrator', 'db-primary-1', 'Severity', 'severity'];

/** A mail's text as written: quoted-printable soft breaks joined, `=3D` back to `=`. */
const textOf = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
const linkIn = (raw: string, path: string) => {
  const m = new RegExp(`https?://[^\\s>]*${path}\\?s=\\d+&t=[A-Za-z0-9_-]+`).exec(textOf(raw));
  if (!m) throw new Error(`no ${path} link in:\n${raw}`);
  return m[0];
};
const header = (raw: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'mi')
    .exec(raw)?.[1]
    ?.replace(/\r?\n[ \t]+/g, ' ')
    .trim() ?? null;

/**
 * Status page subscribers (issue 20), through a real server, a real SMTP server and a real HTTP receiver: double
 * opt-in, per-component choice, one-click unsubscribe, signed webhooks with retries, admin-only lists, and nothing
 * but what the page shows ever reaching a subscriber.
 */
describe.each(testDatabaseKinds())('status page subscribers on %s', (kind) => {
  let server: TestServer;
  let smtp: SmtpReceiver;
  let hook: HttpReceiver;
  let responder: Record<string, string>;
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');

  const ok = async (query: string, variables: Record<string, unknown> = {}, headers = responder) => {
    const res = await gql(server.graphqlUrl, query, variables, headers);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const declare = async (title: string, severity: string, services: string[]) =>
    (
      await ok(`mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`, {
        i: { title, severity, services, summary: `SECRET summary of ${title}` },
      })
    ).declareIncident.id as string;
  const update = (id: string, publicMessage: string) =>
    ok(`mutation($id: ID!, $i: StatusUpdateInput!) { postStatusUpdate(id: $id, input: $i) { id } }`, {
      id,
      i: { publicStatus: 'IDENTIFIED', internalMessage: 'SECRET db-primary-1 failed over', publicMessage },
    });
  const subscribe = (email: string, components: string[] = [], accept = 'text/html') =>
    fetch(`${server.url}/status/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
      body: new URLSearchParams([['email', email], ...components.map((c) => ['component', c])]),
    });
  const send = () => server.app.notifications.runOnce();
  /** A link from a mail, on this test's server (the public URL is the configured one). */
  const local = (link: string) => {
    const u = new URL(link);
    return `${server.url}${u.pathname}${u.search}`;
  };
  const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));
  const subscriberCount = async () => (await ok(`{ statusSubscribers { id } }`, {}, {})).statusSubscribers.length;
  /** Subscribes and confirms through the link in the mail, as a person would. */
  const confirmed = async (email: string, components: string[] = []) => {
    expect((await subscribe(email, components)).status).toBe(200);
    await send();
    const [mail] = mailsTo(email);
    const link = local(linkIn(mail.raw, '/status/confirm'));
    const shown = await fetch(link);
    expect(await shown.text()).toContain('<form method="post"');
    const res = await fetch(link, { method: 'POST' });
    expect(await res.text()).toContain('Subscription confirmed');
  };

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    hook = await startHttpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        notify: quietNotify({ smtpUrl: smtp.url, emailFrom: 'Status <status@example.com>' }),
        statusPage: { ...DEFAULT_STATUS_PAGE_CONFIG, rebuildMs: 0 },
        subscribers: { perAddress: { capacity: 1000, perMinute: 1000 }, perEmail: { capacity: 5, perMinute: 5 / 60 } },
      },
    });
    responder = (await userWithToken(server, 'Rita', 'RESPONDER')).headers;
    await ok(
      `mutation { a: createService(input: { name: "checkout" }) { id } b: createService(input: { name: "search" }) { id } }`,
      {},
      {},
    );
  });
  afterAll(async () => {
    await server?.dispose();
    await smtp?.close();
    await hook?.close();
  });

  it('confirms by link, sends only to confirmed addresses, and only about the components they chose', async () => {
    await confirmed('ana@example.com');
    await confirmed('bob@example.com', ['checkout']);
    expect((await subscribe('carl@example.com')).status).toBe(200);
    await send();
    expect(mailsTo('carl@example.com')).toHaveLength(1); // the confirmation, never opened
    const confirmation = mailsTo('carl@example.com')[0];
    expect(confirmation.subject).toBe('Confirm your subscription to status updates');

    const before = smtp.mails.length;
    const id = await declare('SECRET search index corrupt', 'P1', ['search']);
    await send();
    const published = smtp.mails.slice(before);
    expect(published.map((m) => m.to[0]).sort()).toEqual(['ana@example.com']);
    const [mail] = published;
    expect(mail.subject).toBe('Investigating: Partial outage affecting search');
    const unsubscribe = header(mail.raw, 'List-Unsubscribe');
    expect(unsubscribe).toMatch(/^<http:\/\/.*\/status\/unsubscribe\?s=\d+&t=[A-Za-z0-9_-]+>$/);
    expect(header(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(textOf(mail.raw)).toContain(unsubscribe!.slice(1, -1));

    const checkout = await declare('SECRET card payments failing', 'P0', ['checkout']);
    await update(checkout, 'Some card payments fail; we found the cause.');
    await send();
    expect(mailsTo('bob@example.com').map((m) => m.subject)).toEqual([
      'Confirm your subscription to status updates',
      'Investigating: Major outage affecting checkout',
      'Identified: Major outage affecting checkout',
    ]);
    expect(textOf(mailsTo('bob@example.com')[2].raw)).toContain('Some card payments fail; we found the cause.');

    await resolveVerified(server.graphqlUrl, id, { note: 'SECRET reindexed by Rita', headers: responder });
    await send();
    expect(mailsTo('ana@example.com').at(-1)?.subject).toBe('Resolved: Partial outage affecting search');
    expect(mailsTo('bob@example.com').some((m) => /search/.test(m.subject))).toBe(false);
    expect(mailsTo('carl@example.com')).toHaveLength(1);
  });

  it('tells subscribers of an incident only once a responder publishes it', async () => {
    const before = smtp.mails.length;
    const p3 = await declare('SECRET typo in receipt footer', 'P3', ['checkout']);
    await update(p3, 'Receipts show a wrong footer.');
    await send();
    expect(smtp.mails.length).toBe(before);
    await ok(
      `mutation($id: ID!) { publishIncident(id: $id, input: { title: "Receipts show a wrong footer" }) { id } }`,
      {
        id: p3,
      },
    );
    await send();
    const sent = smtp.mails.slice(before);
    expect(sent.map((m) => [m.to[0], m.subject]).sort()).toEqual([
      ['ana@example.com', 'Investigating: Receipts show a wrong footer'],
      ['bob@example.com', 'Investigating: Receipts show a wrong footer'],
    ]);
    expect(textOf(sent[0].raw)).toContain('Receipts show a wrong footer.');
  });

  it('tells subscribers of maintenance on their components', async () => {
    const services = (await ok(`{ services { id name } }`)).services as Array<{ id: string; name: string }>;
    const before = smtp.mails.length;
    await ok(
      `mutation($i: CreateMaintenanceWindowInput!) { createMaintenanceWindow(input: $i) { id } }`,
      {
        i: {
          serviceId: services.find((s) => s.name === 'search')!.id,
          startsAt: new Date(clock.now().getTime() + HOUR).toISOString(),
          endsAt: new Date(clock.now().getTime() + 2 * HOUR).toISOString(),
          reason: 'SECRET reindex of db-primary-1',
        },
      },
      {},
    );
    await send();
    const sent = smtp.mails.slice(before);
    expect(sent.map((m) => [m.to[0], m.subject])).toEqual([['ana@example.com', 'Scheduled maintenance']]);
    expect(textOf(sent[0].raw)).toContain(
      'Maintenance on search scheduled from 2026-06-01 13:00 UTC until 2026-06-01 14:00 UTC.',
    );
  });

  it('unsubscribes with one POST to the List-Unsubscribe link, and by the link in the mail', async () => {
    const bobLink = local(header(mailsTo('bob@example.com').at(-1)!.raw, 'List-Unsubscribe')!.slice(1, -1));
    const oneClick = await fetch(bobLink, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('Unsubscribed');

    const anaLink = local(linkIn(mailsTo('ana@example.com').at(-1)!.raw, '/status/unsubscribe'));
    const shown = await fetch(anaLink);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<button type="submit">Unsubscribe</button>');
    expect((await fetch(anaLink, { method: 'POST' })).status).toBe(200);
    // A forged token does nothing.
    expect((await fetch(anaLink.replace(/t=[^&]+$/, 't=forged'), { method: 'POST' })).status).toBe(200);

    const before = smtp.mails.length;
    const id = await declare('SECRET checkout down again', 'P0', ['checkout', 'search']);
    await send();
    expect(smtp.mails.slice(before)).toEqual([]);
    await resolveVerified(server.graphqlUrl, id, { headers: responder });
    // Their addresses are gone: only carl (unconfirmed) is left.
    expect((await ok(`{ statusSubscribers { address confirmedAt } }`, {}, {})).statusSubscribers).toEqual([
      { address: 'carl@example.com', confirmedAt: null },
    ]);
  });

  it('signs webhook payloads and retries a receiver that answered 500', async () => {
    const added = await ok(
      `mutation($i: AddStatusWebhookInput!) { addStatusWebhook(input: $i) { subscriber { id kind address components } signingSecret } }`,
      { i: { url: `${hook.url}/status-hook`, label: 'Partner', components: ['checkout'] } },
      {},
    );
    const secret = added.addStatusWebhook.signingSecret as string;
    expect(added.addStatusWebhook.subscriber).toMatchObject({ kind: 'WEBHOOK', components: ['checkout'] });
    let answered = 0;
    hook.reply(() => (answered++ === 0 ? { status: 500 } : { status: 200 }));
    const id = await declare('SECRET payments API 502s for Rita', 'P1', ['checkout']);
    expect(await send()).toMatchObject({ retried: 1 });
    clock.advance(10_000);
    expect(await send()).toMatchObject({ sent: 1 });
    const [first, second] = hook.requests.filter((r) => r.path === '/status-hook');
    expect(first.raw.toString()).toBe(second.raw.toString());
    const body = second.body as Record<string, unknown>;
    expect(body).toMatchObject({
      event: 'incident.published',
      title: 'Partial outage affecting checkout',
      status: 'INVESTIGATING',
      components: ['checkout'],
    });
    const signature = second.headers['x-vigil-signature'] as string;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    expect(crypto.createHmac('sha256', secret).update(`${t}.${second.raw.toString()}`).digest('hex')).toBe(v1);
    expect(Number(t)).toBe(Math.floor(clock.now().getTime() / 1000));
    await resolveVerified(server.graphqlUrl, id, { headers: responder });
    await send();
    expect(hook.delivered('/status-hook').at(-1)!.body).toMatchObject({ event: 'incident.resolved' });
  });

  it('refuses a webhook URL the outbound guard refuses and an invalid email, naming the field, writing nothing', async () => {
    const count = await subscriberCount();
    const refused = await gql(
      server.graphqlUrl,
      `mutation { addStatusWebhook(input: { url: "http://169.254.169.254/latest" }) { signingSecret } }`,
    );
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION', field: 'url' } });
    expect(refused.errors?.[0].message).toMatch(/metadata address/);

    const json = await subscribe('not-an-address', [], 'application/json');
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ code: 'VALIDATION', field: 'email' });
    const html = await subscribe('ana@', []);
    expect(html.status).toBe(400);
    expect(await html.text()).toContain('data-field="email"');
    const unknown = await subscribe('dora@example.com', ['billing'], 'application/json');
    expect(await unknown.json()).toMatchObject({ code: 'VALIDATION', field: 'components' });
    expect(await subscriberCount()).toBe(count);
  });

  it('sends at most one confirmation an hour per address, and rate-limits requests for it', async () => {
    const before = mailsTo('erin@example.com').length;
    expect((await subscribe('erin@example.com')).status).toBe(200);
    expect((await subscribe('Erin@Example.com')).status).toBe(200);
    await send();
    expect(mailsTo('erin@example.com').length - before).toBe(1);
    clock.advance(HOUR - 1);
    expect((await subscribe('erin@example.com')).status).toBe(200);
    await send();
    expect(mailsTo('erin@example.com').length - before).toBe(1);
    clock.advance(1);
    expect((await subscribe('erin@example.com')).status).toBe(200);
    await send();
    expect(mailsTo('erin@example.com').length - before).toBe(2);
    // The older link no longer works: a newer one replaced it.
    const [older, newer] = mailsTo('erin@example.com').slice(before);
    expect((await fetch(local(linkIn(older.raw, '/status/confirm')), { method: 'POST' })).status).toBe(400);
    expect((await fetch(local(linkIn(newer.raw, '/status/confirm')), { method: 'POST' })).status).toBe(200);
    // Five requests for one address in the limiter's window; the next is refused, naming the field.
    await subscribe('erin@example.com');
    const limited = await subscribe('erin@example.com', [], 'application/json');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED', field: 'email' });
  });

  it('lets only admins list, export and delete subscribers', async () => {
    const lead = (await userWithToken(server, 'Lea', 'LEAD')).headers;
    const admin = (await userWithSession(server, 'Adam', 'ADMIN')).headers;
    const wall = {
      authorization: `Bearer ${(await ok(`mutation { createWallToken(name: "lobby") { secret } }`, {}, admin)).createWallToken.secret}`,
    };
    for (const [who, headers] of [
      ['responder', responder],
      ['lead', lead],
      ['wall', wall],
      ['anonymous', ANONYMOUS],
    ] as const) {
      for (const query of [
        `{ statusSubscribers { address } }`,
        `mutation { exportStatusSubscribers }`,
        `mutation { deleteStatusSubscriber(id: "1") }`,
        `mutation { addStatusWebhook(input: { url: "${hook.url}/x" }) { signingSecret } }`,
      ]) {
        const res = await gql(server.graphqlUrl, query, {}, headers);
        expect({ who, query, data: res.data?.statusSubscribers ?? null, refused: !!res.errors?.length }).toEqual({
          who,
          query,
          data: null,
          refused: true,
        });
      }
    }
    const csv = (await ok(`mutation { exportStatusSubscribers }`, {}, {})).exportStatusSubscribers as string;
    expect(csv.split('\r\n')[0]).toBe('id,kind,address,label,components,confirmedAt,createdAt');
    expect(csv).toContain(',EMAIL,carl@example.com,,all,,');
    expect(csv).toMatch(/,WEBHOOK,http:\/\/127\.0\.0\.1:\d+\/status-hook,Partner,checkout,/);
    const carl = (await ok(`{ statusSubscribers { id address } }`, {}, {})).statusSubscribers.find(
      (s: { address: string }) => s.address === 'carl@example.com',
    );
    expect(
      (await ok(`mutation($id: ID!) { deleteStatusSubscriber(id: $id) }`, { id: carl.id }, {})).deleteStatusSubscriber,
    ).toBe(true);
    expect((await ok(`mutation { exportStatusSubscribers }`, {}, {})).exportStatusSubscribers).not.toContain(
      'carl@example.com',
    );
  });

  it('never tells a subscriber anything only responders see, by mail or webhook', () => {
    const sent = [
      ...smtp.mails.map((m) => textOf(m.raw)),
      ...hook.requests.map((r) => JSON.stringify(r.headers) + r.raw.toString()),
    ];
    expect(sent.length).toBeGreaterThan(10);
    for (const text of sent)
      for (const secret of SECRETS) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
  });
});
