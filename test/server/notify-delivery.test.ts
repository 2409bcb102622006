import { ManualClock, MINUTE } from '@vigil/shared';
import { Database, openDatabase } from '../../server/src/db/data-source';
import { Notification, NotificationAttempt } from '../../server/src/model/notification.entity';
import { ChannelSenders, messageIdFor } from '../../server/src/notify/notify.channels';
import { OutboundGuard } from '../../server/src/outbound/outbound-guard';
import { NotifyConfig } from '../../server/src/notify/notify.config';
import { NotificationRequest } from '../../server/src/notify/notify.port';
import { NotificationSender } from '../../server/src/notify/notify.sender';
import { ContactMethod, User } from '../../server/src/model/user.entity';
import { testDatabaseKinds } from '../support/databases';
import { HttpReceiver, SmtpReceiver, startHttpReceiver, startSmtpReceiver } from '../support/receivers';
import { waitFor } from '../support/outbox';
import { TestServer, gql, startTestServer } from '../support/server';

const DECLARE = `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`;
/** Senders of the test's own need no channel configured: a person's contact method is the address. */
/** The test receivers listen on 127.0.0.1, which the outbound guard refuses unless allowed. */
const RECEIVERS_ALLOWED = new OutboundGuard({ allow: ['127.0.0.1'], timeoutMs: 5000 });
const NO_CHANNELS: NotifyConfig = {
  slackWebhookUrl: null,
  smtpUrl: null,
  emailFrom: 'vigil@example.com',
  stakeholderEmails: [],
  webhookUrl: null,
  ticketWebhookUrl: null,
  senderIntervalMs: 0,
  leaseMs: 30_000,
};

// Starting a server runs every migration; on a busy MariaDB that alone can take longer than jest's 5 s default.
jest.setTimeout(60_000);

describe.each(testDatabaseKinds())('notification delivery guarantees on %s', (kind) => {
  let server: TestServer;
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  let incidentId: number;
  let userId: number;
  const clock = new ManualClock('2026-06-02T09:00:00.000Z');

  beforeAll(async () => {
    http = await startHttpReceiver();
    smtp = await startSmtpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        publicUrl: 'https://vigil.example.com',
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
    const r = await gql(server.graphqlUrl, DECLARE, { input: { title: 'Delivery guarantees', severity: 'P2' } });
    incidentId = Number(r.data!.declareIncident.id);
    const user = await server.app.db.dataSource
      .getRepository(User)
      .save({ name: 'Robin', email: `robin-${kind}@example.com`, createdAt: clock.now() });
    userId = user.id;
    // The declaration's own notifications (Slack, webhook: both unconfigured here) are flushed first.
    expect(await server.app.notifications.runOnce()).toMatchObject({ skipped: 2 });
  });

  afterAll(async () => {
    await server?.dispose();
    await http?.close();
    await smtp?.close();
  });

  const hookUser = async (path: string, email?: string): Promise<number> => {
    const now = clock.now();
    const user = await server.app.db.dataSource
      .getRepository(User)
      .save({ name: `Hook ${path}`, email: `hook${path.replace(/\W/g, '')}-${kind}@example.com`, createdAt: now });
    await server.app.db.dataSource
      .getRepository(ContactMethod)
      .save({ userId: user.id, kind: 'WEBHOOK', address: `${http.url}${path}`, createdAt: now, verifiedAt: now });
    if (email)
      await server.app.db.dataSource
        .getRepository(ContactMethod)
        .save({ userId: user.id, kind: 'EMAIL', address: email, createdAt: now, verifiedAt: now });
    return user.id;
  };
  const page = (key: string, target: number): NotificationRequest => ({
    incidentId,
    kind: 'PAGE',
    level: 1,
    target: { userId: target, name: 'someone' },
    channel: 'WEBHOOK',
    idempotencyKey: key,
    message: { title: 'Paged', body: 'Paged', severity: 'P2', status: 'TRIGGERED', url: 'https://vigil.example.com' },
  });
  const rows = () => server.app.db.dataSource.getRepository(Notification);
  /** What a crash between send and record leaves: the row SENDING under a lease nobody renews. */
  const crashedMidSend = (key: string, attempts: number) =>
    rows().update(
      { idempotencyKey: key },
      {
        status: 'SENDING',
        attempts,
        lockedUntil: new Date(clock.now().getTime() + 30_000),
        leaseOwner: 'gone-host:4242',
      },
    );

  it('an unconfigured channel is SKIPPED on its first attempt and never retried', async () => {
    await server.app.db.transaction((m) =>
      server.app.notifier.enqueueIn(m, [{ ...page(`skip:${kind}`, userId), channel: 'SLACK' }]),
    );
    expect((await server.app.notifications.runOnce()).skipped).toBe(1);
    clock.advance(MINUTE);
    expect((await server.app.notifications.runOnce()).claimed).toBe(0);
    expect(await rows().findOneByOrFail({ idempotencyKey: `skip:${kind}` })).toMatchObject({
      status: 'SKIPPED',
      attempts: 1,
    });
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
      expect(await rows().findOneByOrFail({ idempotencyKey: `gone:${kind}` })).toMatchObject({
        status: 'FAILED',
        lastError: expect.stringContaining('410'),
      });
    } finally {
      http.reply(null);
    }
  });

  it('a sender that died mid-send: its lease lapses after 30 s and the next pass delivers the row, noting the lost attempt', async () => {
    const target = await hookUser('/lease');
    await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, [page(`lease:${kind}`, target)]));
    await crashedMidSend(`lease:${kind}`, 1);
    clock.advance(30_000 - 1);
    await server.app.notifications.runOnce();
    expect(http.delivered('/lease')).toHaveLength(0);
    clock.advance(1);
    await server.app.notifications.runOnce();
    expect(http.delivered('/lease')).toHaveLength(1);
    const row = await rows().findOneByOrFail({ idempotencyKey: `lease:${kind}` });
    expect(row).toMatchObject({ status: 'SENT', attempts: 2, lockedUntil: null, leaseOwner: null });
    const log = await server.app.db.dataSource
      .getRepository(NotificationAttempt)
      .find({ where: { notificationId: row.id }, order: { id: 'ASC' } });
    expect(log.map((a) => [a.attempt, a.outcome, a.error])).toEqual([
      [
        1,
        'RETRY',
        'outcome unknown: gone-host:4242 stopped renewing its lease (stopped, or cut off from the database)',
      ],
      [2, 'SENT', null],
    ]);
  });

  it('a delivery slower than the lease keeps its claim: renewed while sending, no second sender takes it', async () => {
    const target = await hookUser('/slow');
    await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, [page(`slow:${kind}`, target)]));
    let answer: () => void = () => undefined;
    http.reply((r) =>
      r.path === '/slow' ? new Promise((resolve) => (answer = () => resolve({ status: 200 }))) : { status: 200 },
    );
    const channels = new ChannelSenders(NO_CHANNELS, 'https://vigil.example.com', null, RECEIVERS_ALLOWED);
    const renewing = new NotificationSender(server.app.db, clock, channels, { leaseMs: 30_000, renewEveryMs: 50 });
    const other = new NotificationSender(server.app.db, clock, channels, { leaseMs: 30_000 });
    try {
      const sending = renewing.runOnce();
      expect(await waitFor(() => http.pending().length === 1, 10_000, 20)).toBe(true);
      const claimedUntil = (await rows().findOneByOrFail({ idempotencyKey: `slow:${kind}` })).lockedUntil!.getTime();
      expect(claimedUntil).toBe(clock.now().getTime() + 30_000);
      clock.advance(25_000);
      // Renewed: the lease now runs 30 s from the clock's new time.
      expect(
        await waitFor(
          async () =>
            (await rows().findOneByOrFail({ idempotencyKey: `slow:${kind}` })).lockedUntil!.getTime() ===
            claimedUntil + 25_000,
          10_000,
          20,
        ),
      ).toBe(true);
      clock.advance(25_000);
      expect((await other.runOnce()).claimed).toBe(0);
      answer();
      expect(await sending).toMatchObject({ claimed: 1, sent: 1 });
    } finally {
      http.reply(null);
    }
    expect(http.requests.filter((r) => r.path === '/slow')).toHaveLength(1);
    expect(await rows().findOneByOrFail({ idempotencyKey: `slow:${kind}` })).toMatchObject({
      status: 'SENT',
      attempts: 1,
    });
  });

  it('sent again after a crash, a page carries the same keys: one Message-ID per email, Idempotency-Key on webhooks', async () => {
    const address = `again-${kind}@example.com`;
    const target = await hookUser('/again', address);
    const request: NotificationRequest = { ...page(`again:${kind}`, target), channel: undefined };
    await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, [request]));
    await server.app.notifications.runOnce();
    for (const channel of ['EMAIL', 'WEBHOOK']) await crashedMidSend(`again:${kind}:${channel}`, 1);
    clock.advance(30_000);
    expect(await server.app.notifications.runOnce()).toMatchObject({ claimed: 2, sent: 2 });

    const mails = smtp.mails.filter((m) => m.to.includes(address));
    const ids = mails.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1].trim());
    expect(ids).toEqual([
      messageIdFor(`again:${kind}:EMAIL`, 'https://vigil.example.com'),
      messageIdFor(`again:${kind}:EMAIL`, 'https://vigil.example.com'),
    ]);
    expect(ids[0]).toMatch(/^<[0-9a-f]{40}@vigil\.example\.com>$/);
    expect(mails.map((m) => /^X-Vigil-Idempotency-Key: (.*)$/im.exec(m.raw)?.[1].trim())).toEqual([
      `again:${kind}:EMAIL`,
      `again:${kind}:EMAIL`,
    ]);
    // Another deployment's incident with the same number is another message.
    expect(messageIdFor(`again:${kind}:EMAIL`, 'https://staging.vigil.example.com')).not.toBe(ids[0]);

    const hooks = http.delivered('/again');
    expect(
      hooks.map((r) => [r.headers['idempotency-key'], r.headers['x-vigil-idempotency-key'], r.body.idempotencyKey]),
    ).toEqual(Array(2).fill([`again:${kind}:WEBHOOK`, `again:${kind}:WEBHOOK`, `again:${kind}:WEBHOOK`]));
  });

  it('an outcome the database refuses to record is left to the lease: the pass ends, and the row is sent again later', async () => {
    const target = await hookUser('/refused');
    await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, [page(`refused:${kind}`, target)]));
    const { id } = await rows().findOneByOrFail({ idempotencyKey: `refused:${kind}` });
    // The database answers, with an error, every time the attempt is written.
    await server.app.db.dataSource.query(
      kind === 'sqlite'
        ? `CREATE TRIGGER refuse_attempt BEFORE INSERT ON notification_attempt WHEN NEW.notificationId = ${id} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`
        : `CREATE TRIGGER refuse_attempt BEFORE INSERT ON notification_attempt FOR EACH ROW BEGIN IF NEW.notificationId = ${id} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF; END`,
    );
    try {
      expect(await server.app.notifications.runOnce()).toMatchObject({ claimed: 1, sent: 0, unrecorded: 1 });
    } finally {
      await server.app.db.dataSource.query('DROP TRIGGER refuse_attempt');
    }
    expect(await rows().findOneByOrFail({ id })).toMatchObject({
      status: 'SENDING',
      attempts: 1,
      lockedUntil: new Date(clock.now().getTime() + 30_000),
    });
    clock.advance(30_000);
    expect(await server.app.notifications.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(http.delivered('/refused').map((r) => r.headers['idempotency-key'])).toEqual([
      `refused:${kind}`,
      `refused:${kind}`,
    ]);
    expect(await rows().findOneByOrFail({ id })).toMatchObject({ status: 'SENT', attempts: 2 });
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
        second = new NotificationSender(
          other,
          clock,
          new ChannelSenders(NO_CHANNELS, 'https://vigil.example.com', null, RECEIVERS_ALLOWED),
        );
      }
      await Promise.all([
        server.app.notifications.sender.runOnce(),
        second.runOnce(),
        server.app.notifications.sender.runOnce(),
        second.runOnce(),
      ]);
    } finally {
      await other?.close();
    }
    const keys = http.delivered('/many').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(60);
    expect(new Set(keys).size).toBe(60);
    expect(await rows().countBy({ status: 'SENT', attempts: 1, kind: 'PAGE', targetUserId: target })).toBe(60);
  });
});
