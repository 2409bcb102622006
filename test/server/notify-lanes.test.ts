import { ManualClock } from '@vigil/shared';
import { Notification } from '../../server/src/model/notification.entity';
import { ChannelSenders } from '../../server/src/notify/notify.channels';
import { NotifyConfig } from '../../server/src/notify/notify.config';
import { NotificationRequest } from '../../server/src/notify/notify.port';
import { NotificationSender } from '../../server/src/notify/notify.sender';
import { OutboundGuard } from '../../server/src/outbound/outbound-guard';
import { testDatabaseKinds } from '../support/databases';
import { waitFor } from '../support/outbox';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { TestServer, startTestServer } from '../support/server';

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

/**
 * F2 of issue 18: one receiver that hangs must not hold the sender's shared slots. Two real receivers on two
 * loopback addresses: a hanging one (answers only when the test lets it) and a healthy one.
 */
describe.each(testDatabaseKinds())('delivery lanes on %s', (kind) => {
  let server: TestServer;
  let hanging: HttpReceiver;
  let healthy: HttpReceiver;
  const clock = new ManualClock('2026-06-02T09:00:00.000Z');

  beforeAll(async () => {
    hanging = await startHttpReceiver('127.0.0.1');
    healthy = await startHttpReceiver('127.0.0.2');
    server = await startTestServer(kind, { clock, config: { notify: NO_CHANNELS } });
  });

  afterAll(async () => {
    await server?.dispose();
    await hanging?.close();
    await healthy?.close();
  });

  const hook = (key: string, url: string): NotificationRequest => ({
    incidentId: null,
    kind: 'NOTICE',
    level: 0,
    target: { userId: null, name: 'a webhook' },
    channel: 'WEBHOOK',
    address: url,
    idempotencyKey: key,
    message: { title: 'Lanes', body: 'Lanes', severity: null, status: null, url: 'https://vigil.example.com' },
  });

  it('a receiver that hangs holds a few slots; pages to another destination go through meanwhile, and none is lost', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    hanging.reply(() => held.then(() => ({ status: 200 })));
    // The hanging receiver's rows are due first: before lanes, the claim gave it all 25 slots.
    const requests = [
      ...Array.from({ length: 40 }, (_, i) => hook(`hang:${kind}:${i}`, `${hanging.url}/page/${i}`)),
      ...Array.from({ length: 10 }, (_, i) => hook(`ok:${kind}:${i}`, `${healthy.url}/page/${i}`)),
    ];
    await server.app.db.transaction((m) => server.app.notifier.enqueueIn(m, requests));
    // A hanging receiver is held for the whole outbound timeout (30 s here): longer than this test waits.
    const guard = new OutboundGuard({ allow: ['127.0.0.1', '127.0.0.2'], timeoutMs: 30_000 });
    const channels = new ChannelSenders(NO_CHANNELS, 'https://vigil.example.com', null, guard);
    const sender = new NotificationSender(server.app.db, clock, channels, { leaseMs: 30_000 });
    const sending = sender.runOnce();
    let report: unknown;
    try {
      expect(await waitFor(() => healthy.delivered().length === 10, 30_000, 20)).toBe(true);
      // Still held: the healthy pages did not wait for it, and it holds no more than its lane's few slots.
      expect(hanging.pending().length).toBeGreaterThan(0);
      expect(hanging.pending().length).toBeLessThanOrEqual(4);
      const waiting = await server.app.db.dataSource
        .getRepository(Notification)
        .countBy({ status: 'PENDING', channel: 'WEBHOOK' });
      expect(waiting).toBe(40 - hanging.pending().length);
    } finally {
      release();
      hanging.reply(null);
      report = await sending;
    }
    // Every row that waited for its lane is delivered once the receiver answers again.
    expect(report).toMatchObject({ claimed: 50, sent: 50 });
    expect(new Set(hanging.delivered().map((r) => r.path)).size).toBe(40);
  });
});
