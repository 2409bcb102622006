import { ManualClock, MINUTE } from '@vigil/shared';
import { Database, openDatabase } from '../../server/src/db/data-source';
import { Notification } from '../../server/src/notify/notification.entity';
import { ChannelSenders } from '../../server/src/notify/notify.channels';
import { NotificationRequest } from '../../server/src/notify/notify.port';
import { NotificationSender } from '../../server/src/notify/notify.sender';
import { ContactMethod, User } from '../../server/src/users/user.entity';
import { testDatabaseKinds } from '../support/databases';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { TestServer, gql, startTestServer } from '../support/server';

const DECLARE = `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`;

// Starting a server runs every migration; on a busy MariaDB that alone can take longer than jest's 5 s default.
jest.setTimeout(60_000);

describe.each(testDatabaseKinds())('notification delivery guarantees on %s', (kind) => {
  let server: TestServer;
  let http: HttpReceiver;
  let incidentId: number;
  let userId: number;
  const clock = new ManualClock('2026-06-02T09:00:00.000Z');

  beforeAll(async () => {
    http = await startHttpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        notify: {
          slackWebhookUrl: null, smtpUrl: null, emailFrom: 'vigil@example.com', stakeholderEmails: [],
          webhookUrl: null, ticketWebhookUrl: null, senderIntervalMs: 0,
        },
      },
    });
    const r = await gql(server.graphqlUrl, DECLARE, { input: { title: 'Delivery guarantees', severity: 'P2' } });
    incidentId = Number(r.data!.declareIncident.id);
    const user = await server.app.db.dataSource.getRepository(User).save({ name: 'Robin', email: `robin-${kind}@example.com`, createdAt: clock.now() });
    userId = user.id;
    // The declaration's own notifications (Slack, webhook: both unconfigured here) are flushed first.
    expect(await server.app.notifications.runOnce()).toMatchObject({ skipped: 2 });
  });

  afterAll(async () => {
    await server?.dispose();
    await http?.close();
  });

  const hookUser = async (path: string): Promise<number> => {
    const now = clock.now();
    const user = await server.app.db.dataSource.getRepository(User).save({ name: `Hook ${path}`, email: `hook${path.replace(/\W/g, '')}-${kind}@example.com`, createdAt: now });
    await server.app.db.dataSource.getRepository(ContactMethod).save({ userId: user.id, kind: 'WEBHOOK', address: `${http.url}${path}`, createdAt: now });
    return user.id;
  };
  const page = (key: string, target: number): NotificationRequest => ({
    incidentId, kind: 'PAGE', level: 1, target: { userId: target, name: 'someone' }, channel: 'WEBHOOK', idempotencyKey: key,
    message: { title: 'Paged', body: 'Paged', severity: 'P2', status: 'TRIGGERED', url: 'https://vigil.example.com' },
  });
  const rows = () => server.app.db.dataSource.getRepository(Notification);

  it('an unconfigured channel is SKIPPED on its first attempt and never retried', async () => {
    await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, [{ ...page(`skip:${kind}`, userId), channel: 'SLACK' }]));
    expect((await server.app.notifications.runOnce()).skipped).toBe(1);
    clock.advance(MINUTE);
    expect((await server.app.notifications.runOnce()).claimed).toBe(0);
    expect(await rows().findOneByOrFail({ idempotencyKey: `skip:${kind}` })).toMatchObject({ status: 'SKIPPED', attempts: 1 });
  });

  it('a receiver that answers 410 fails the row at once: no retry storm against a gone endpoint', async () => {
    http.reply((r) => (r.path === '/gone' ? { status: 410, body: 'gone' } : { status: 200 }));
    try {
      const target = await hookUser('/gone');
      await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, [page(`gone:${kind}`, target)]));
      expect((await server.app.notifications.runOnce()).failed).toBe(1);
      clock.advance(30 * MINUTE);
      await server.app.notifications.runOnce();
      expect(http.requests.filter((r) => r.path === '/gone')).toHaveLength(1);
      expect(await rows().findOneByOrFail({ idempotencyKey: `gone:${kind}` })).toMatchObject({ status: 'FAILED', lastError: expect.stringContaining('410') });
    } finally {
      http.reply(null);
    }
  });

  it('a sender that died mid-send: its claim expires and the row is delivered by the next pass', async () => {
    const target = await hookUser('/lease');
    await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, [page(`lease:${kind}`, target)]));
    // What a crash between claim and record leaves behind.
    await rows().update({ idempotencyKey: `lease:${kind}` }, { status: 'SENDING', attempts: 1, lockedUntil: new Date(clock.now().getTime() + 5 * MINUTE) });
    await server.app.notifications.runOnce();
    expect(http.delivered('/lease')).toHaveLength(0);
    clock.advance(5 * MINUTE);
    await server.app.notifications.runOnce();
    expect(http.delivered('/lease')).toHaveLength(1);
    expect(await rows().findOneByOrFail({ idempotencyKey: `lease:${kind}` })).toMatchObject({ status: 'SENT', attempts: 2 });
  });

  it('two senders on separate connection pools deliver 60 notifications exactly once between them', async () => {
    const target = await hookUser('/many');
    const requests = Array.from({ length: 60 }, (_, i) => page(`many:${kind}:${i}`, target));
    await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, requests));
    let other: Database | null = null;
    try {
      let second: NotificationSender = server.app.notifications.sender;
      if (kind === 'mariadb') {
        // A second "process": its own pool, its own sender; SKIP LOCKED must keep them off each other's rows.
        other = await openDatabase({ databaseUrl: server.db.databaseUrl, sqlitePath: '' });
        second = new NotificationSender(other, clock, new ChannelSenders({
          slackWebhookUrl: null, smtpUrl: null, emailFrom: 'vigil@example.com', stakeholderEmails: [], webhookUrl: null, ticketWebhookUrl: null, senderIntervalMs: 0,
        }));
      }
      await Promise.all([server.app.notifications.sender.runOnce(), second.runOnce(), server.app.notifications.sender.runOnce(), second.runOnce()]);
    } finally {
      await other?.close();
    }
    const keys = http.delivered('/many').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(60);
    expect(new Set(keys).size).toBe(60);
    expect(await rows().countBy({ status: 'SENT', attempts: 1, kind: 'PAGE', targetUserId: target })).toBe(60);
  });
});
