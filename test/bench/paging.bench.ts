import { systemClock } from '@vigil/shared';
import { openDatabase } from '../../server/src/db/data-source';
import { ChannelSenders } from '../../server/src/notify/notify.channels';
import { OutboxNotifier } from '../../server/src/notify/notify.outbox';
import { NotificationRequest } from '../../server/src/notify/notify.port';
import { NotificationSender } from '../../server/src/notify/notify.sender';
import { OutboundGuard } from '../../server/src/outbound/outbound-guard';
import { createTestDatabase } from '../support/databases';
import { quietNotify } from '../support/notify-config';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { percentile, record } from './harness';
import { sleep } from './util';

const SID = `AC${'0'.repeat(32)}`;

/**
 * One burst of pages through the sender as production runs it (MariaDB, leases, the outbound guard's timeout):
 * `sms` texts to a Twilio stand-in answering in `providerMs`, interleaved with `hooks` pages to one webhook receiver.
 * Returns the texts' latencies from the burst's commit to their arrival at the provider.
 */
async function burst(o: {
  sms: number;
  hooks: number;
  hookHangs: boolean;
  providerMs: number;
  timeoutMs: number;
}): Promise<number[]> {
  const db = await createTestDatabase('mariadb');
  const data = await openDatabase({ databaseUrl: db.databaseUrl, sqlitePath: '' });
  let provider: HttpReceiver | null = null;
  let hook: HttpReceiver | null = null;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  try {
    provider = await startHttpReceiver('127.0.0.1');
    provider.reply(async () => {
      await sleep(o.providerMs);
      return { status: 201, headers: { 'content-type': 'application/json' }, body: '{"sid":"SM1"}' };
    });
    hook = await startHttpReceiver('127.0.0.2');
    if (o.hookHangs) hook.reply(() => held.then(() => ({ status: 200 })));
    const config = quietNotify({
      twilio: { apiUrl: provider.url, accountSid: SID, authToken: 'bench', from: '+15005550006', timeoutMs: 10_000 },
    });
    const guard = new OutboundGuard({ allow: ['127.0.0.1', '127.0.0.2'], timeoutMs: o.timeoutMs });
    const channels = new ChannelSenders(config, 'https://vigil.example.com', null, guard);
    const sender = new NotificationSender(data, systemClock, channels);
    const message = { title: 'Burst', body: 'Burst', severity: 'P1' as const, status: 'TRIGGERED' as const, url: 'x' };
    const requests: NotificationRequest[] = [];
    // The webhook pages are queued first (a team's and a status page's receivers, then the people's texts): before
    // lanes, they took every slot the first claim filled.
    for (let i = 0; i < o.sms + o.hooks; i++) {
      const isHook = i < o.hooks;
      requests.push({
        incidentId: null,
        kind: 'NOTICE',
        level: 0,
        target: { userId: null, name: `page ${i}` },
        channel: isHook ? 'WEBHOOK' : 'SMS',
        address: isHook ? `${hook.url}/page/${i}` : `+1555${String(i).padStart(7, '0')}`,
        idempotencyKey: `burst:${i}`,
        message,
      });
    }
    const texts = requests.filter((r) => r.channel === 'SMS').length;
    await data.transaction((m) => new OutboxNotifier(systemClock).enqueueIn(m, requests));
    const committed = performance.now();
    void sender.runOnce();
    const deadline = committed + 120_000;
    while (provider.delivered().length < texts && performance.now() < deadline) await sleep(20);
    const latencies = provider.delivered().map((r) => r.at - (performance.timeOrigin + committed));
    release();
    sender.stop();
    await sender.idle();
    return latencies;
  } finally {
    release();
    await hook?.close();
    await provider?.close();
    await data.close();
    await db.drop();
  }
}

/**
 * Issue 18 F2: a burst of 100 pages, 30 to one webhook receiver that never answers (held for the outbound guard's
 * 5 s timeout, as in production) queued before 70 texts. The texts' median latency beside the same burst with the
 * receiver answering: one hanging receiver must not hold the texts up.
 */
export async function benchPaging(o: { sms: number; hooks: number }): Promise<void> {
  const shape = { sms: o.sms, hooks: o.hooks, providerMs: 200, timeoutMs: 5000 };
  const healthy = await burst({ ...shape, hookHangs: false });
  const hanging = await burst({ ...shape, hookHangs: true });
  const p50 = percentile(hanging, 0.5);
  const base = percentile(healthy, 0.5);
  record({
    benchmark: `paging burst (${o.sms} SMS + ${o.hooks} webhook pages)`,
    metric: 'SMS p50 latency, one webhook receiver hanging',
    value: p50,
    unit: 'ms',
    baseline: { label: 'receiver answering', value: base },
    target: '≤ 150% of the burst with the receiver answering',
    met: p50 <= base * 1.5,
    note: `p90 ${percentile(hanging, 0.9).toFixed(0)} ms vs ${percentile(healthy, 0.9).toFixed(0)} ms; ${hanging.length}/${o.sms} texts`,
  });
}
