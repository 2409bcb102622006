import { ManualClock } from '@vigil/shared';
import { ContactMethod, User } from '../../server/src/model/user.entity';
import { testDatabaseKinds } from '../support/databases';
import { SmtpReceiver, startSmtpReceiver } from '../support/receivers';
import { TestServer, gql, startTestServer } from '../support/server';
import { setUpPaging } from '../support/paging';

const PUBLIC_URL = 'https://vigil.example.com';
const TIMELINE = `query($id: ID!) { incident(id: $id) { status timeline { type actorName actorKind data } } }`;

describe.each(testDatabaseKinds())('signed one-time email action links on %s', (kind) => {
  let server: TestServer;
  let smtp: SmtpReceiver;
  let responder: User;
  let viewer: User;
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');

  const declare = async (title: string): Promise<number> => {
    const r = await gql(
      server.graphqlUrl,
      `mutation($t: String!) { declareIncident(input: { title: $t, severity: P1, source: USER_REPORT }) { id } }`,
      { t: title },
    );
    expect(r.errors).toBeUndefined();
    return Number(r.data!.declareIncident.id);
  };
  const incident = async (id: number) => (await gql(server.graphqlUrl, TIMELINE, { id: String(id) })).data!.incident;
  /** The path of a link (its host is the public URL; the test talks to the server directly). */
  const local = (link: string, base = server.url) => `${base}${new URL(link).pathname}`;
  const linksFor = async (id: number, user: User) => server.app.emailActions.linksFor(id, user.id);
  const get = (link: string) => fetch(local(link));
  const post = (link: string) => fetch(local(link), { method: 'POST' });

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        publicUrl: PUBLIC_URL,
        notify: {
          slackWebhookUrl: null,
          smtpUrl: smtp.url,
          emailFrom: 'vigil@example.com',
          stakeholderEmails: [],
          webhookUrl: null,
          ticketWebhookUrl: null,
          senderIntervalMs: 0,
          leaseMs: 30_000,
        },
      },
    });
    responder = await server.app.users.create({
      name: 'Rae Responder',
      email: `rae.${kind}@example.com`,
      role: 'RESPONDER',
    });
    viewer = await server.app.users.create({ name: 'Val Viewer', email: `val.${kind}@example.com`, role: 'VIEWER' });
  });

  afterAll(async () => {
    await server?.dispose();
    await smtp?.close();
  });

  it('a paging email carries acknowledge and escalate links that work', async () => {
    const id = await declare('Checkout down');
    await server.app.db.dataSource.getRepository(ContactMethod).save({
      userId: responder.id,
      kind: 'EMAIL',
      address: `rae.pager.${kind}@example.com`,
      createdAt: clock.now(),
      verifiedAt: clock.now(),
    });
    await server.app.db.transaction((m) =>
      server.app.notifier.enqueueIn(m, [
        {
          incidentId: id,
          kind: 'PAGE',
          level: 1,
          target: { userId: responder.id, name: responder.name },
          idempotencyKey: `page:${id}:rae`,
          message: {
            title: 'Checkout down',
            body: 'You are paged',
            severity: 'P1',
            status: 'TRIGGERED',
            url: `${PUBLIC_URL}/incidents/${id}`,
          },
        },
      ]),
    );
    await server.app.notifications.runOnce();
    const mail = smtp.mails.find((m) => m.to.includes(`rae.pager.${kind}@example.com`));
    expect(mail).toBeDefined();
    // Undo quoted-printable soft line breaks before reading the links.
    const text = mail!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const ack = /Acknowledge: (https:\/\/vigil\.example\.com\/api\/actions\/[A-Za-z0-9_.-]+)/.exec(text)?.[1];
    expect(/Escalate: https:\/\/vigil\.example\.com\/api\/actions\/[A-Za-z0-9_.-]+/.test(text)).toBe(true);
    expect(ack).toBeDefined();
    expect((await post(ack!)).status).toBe(200);
    expect((await incident(id)).status).toBe('ACKNOWLEDGED');
  });

  it('a link scanner GET shows a confirmation page and does nothing; the POST acts once, as the person, via email', async () => {
    const id = await declare('Search slow');
    const { ACKNOWLEDGE: link } = await linksFor(id, responder);
    for (let i = 0; i < 3; i++) {
      const page = await get(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`Acknowledge incident #${id}?`);
      expect(html).toContain('<form method="post"><button type="submit"');
    }
    expect((await incident(id)).status).toBe('TRIGGERED');

    const done = await post(link);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`Acknowledged incident #${id}`);
    const after = await incident(id);
    expect(after.status).toBe('ACKNOWLEDGED');
    const acks = after.timeline.filter((e: { type: string }) => e.type === 'ACKNOWLEDGED');
    expect(acks).toEqual([
      expect.objectContaining({
        actorName: 'Rae Responder',
        actorKind: 'USER',
        data: expect.objectContaining({ via: 'email' }),
      }),
    ]);

    // Used twice: refused, and nothing more is written.
    const again = await post(link);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already used');
    expect((await get(link)).status).toBe(409);
    expect((await incident(id)).timeline).toHaveLength(after.timeline.length);
  });

  it('two simultaneous clicks: exactly one acts', async () => {
    const id = await declare('Double click');
    const { ACKNOWLEDGE: link } = await linksFor(id, responder);
    const statuses = (await Promise.all([post(link), post(link), post(link)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    expect((await incident(id)).timeline.filter((e: { type: string }) => e.type === 'ACKNOWLEDGED')).toHaveLength(1);
  });

  it('an expired link is refused (410) and does nothing; at exactly one hour it still works', async () => {
    const a = await declare('Expiry edge');
    const b = await declare('Expired');
    const edge = await linksFor(a, responder);
    const expired = await linksFor(b, responder);
    clock.advance(60 * 60_000);
    expect((await post(edge.ACKNOWLEDGE)).status).toBe(200);
    clock.advance(1);
    expect((await get(expired.ACKNOWLEDGE)).status).toBe(410);
    const res = await post(expired.ACKNOWLEDGE);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('expired');
    expect((await incident(b)).status).toBe('TRIGGERED');
  });

  it('a tampered link is refused (403) and does nothing', async () => {
    const mine = await declare('Mine');
    const other = await declare('Someone else’s');
    const { ACKNOWLEDGE: link } = await linksFor(mine, responder);
    const token = new URL(link).pathname.split('/').pop()!;
    const [body, mac] = token.split('.');
    // Same signature, claims pointing at another incident.
    const claims = Buffer.from(body, 'base64url').toString('utf8').replace(`a.${mine}.`, `a.${other}.`);
    const forged = `${PUBLIC_URL}/api/actions/${Buffer.from(claims).toString('base64url')}.${mac}`;
    expect((await get(forged)).status).toBe(403);
    expect((await post(forged)).status).toBe(403);
    const flipped = `${PUBLIC_URL}/api/actions/${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await post(flipped)).status).toBe(403);
    expect((await post(`${PUBLIC_URL}/api/actions/not-a-link`)).status).toBe(400);
    expect((await incident(other)).status).toBe('TRIGGERED');
    expect((await incident(mine)).status).toBe('TRIGGERED');
    // The genuine link was not spent by those attempts.
    expect((await post(link)).status).toBe(200);
  });

  it('a viewer’s link is refused by the permission matrix and stays unused', async () => {
    const id = await declare('Viewer tries');
    const { ACKNOWLEDGE: link } = await linksFor(id, viewer);
    const res = await post(link);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('RESPONDER');
    expect((await incident(id)).status).toBe('TRIGGERED');
  });

  it('escalate pages the next level, naming the email link; another server on the same database verifies the links', async () => {
    await setUpPaging(server);
    const id = await declare('Database failover');
    const { ESCALATE: link } = await linksFor(id, responder);
    // A second replica on the same database: the generated secret is shared through the database.
    const replica = await startTestServer(kind, { clock, database: server.db, config: { publicUrl: PUBLIC_URL } });
    try {
      expect((await get(local(link, replica.url))).status).toBe(200);
      expect((await fetch(local(link, replica.url), { method: 'POST' })).status).toBe(200);
    } finally {
      await replica.dispose();
    }
    const escalated = (await incident(id)).timeline.filter((e: { type: string }) => e.type === 'ESCALATED');
    expect(escalated[escalated.length - 1]).toMatchObject({
      actorName: 'Rae Responder',
      data: expect.objectContaining({ note: 'Escalated by Rae Responder from an email link', via: 'email' }),
    });
    expect((await post(link)).status).toBe(409);
  });
});
