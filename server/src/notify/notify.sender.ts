import { Clock, DEFAULT_RETRY_POLICY, MINUTE, RetryPolicy, decideRetry } from '@vigil/shared';
import { Database } from '../db/data-source';
import { AttemptOutcome, Notification, NotificationAttempt, NotificationStatus } from './notification.entity';
import { ChannelSenders, DeliveryOutcome } from './notify.channels';

const BATCH = 25;
/** A claimed row whose sender went silent this long is presumed dead and claimed again. */
const LEASE_MS = 5 * MINUTE;

export interface SendReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

/**
 * Delivers the outbox. Each row is claimed in a short transaction (FOR UPDATE SKIP LOCKED on MySQL/MariaDB, so
 * several processes share the work; SQLite's single queued writer on one process), marked SENDING with a lease,
 * sent outside any transaction, then its attempt and outcome are recorded. A SENT row is never claimed again.
 *
 * Delivery is exactly-once per idempotency key except in one window: if the process dies after the receiver
 * accepted a message but before the outcome is recorded, the lease expires and the row is sent again. That is
 * the at-least-once window; receivers can close it with the Idempotency-Key header every delivery carries.
 */
export class NotificationSender {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly channels: ChannelSenders,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * Delivers every row due now. Passes in one process run one after another, so a caller always gets a pass that
   * started after its call (and saw the clock as it was then), never the tail of an older one.
   */
  runOnce(): Promise<SendReport> {
    const next = this.chain.then(() => this.pass());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when no pass is in flight (for shutdown: finish recording, start nothing new). */
  async idle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  private async pass(): Promise<SendReport> {
    const report: SendReport = { claimed: 0, sent: 0, retried: 0, failed: 0, skipped: 0 };
    for (;;) {
      const rows = await this.claim();
      if (!rows.length) return report;
      report.claimed += rows.length;
      const outcomes = await Promise.all(rows.map(async (row) => {
        const started = process.hrtime.bigint();
        const outcome = await this.channels.deliver(row);
        return { row, outcome, durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n) };
      }));
      for (const { row, outcome, durationMs } of outcomes) {
        const result = await this.record(row, outcome, durationMs);
        report[result === 'SENT' ? 'sent' : result === 'RETRY' ? 'retried' : result === 'FAILED' ? 'failed' : 'skipped']++;
      }
      if (rows.length < BATCH) return report;
    }
  }

  /** Takes due rows (and rows whose lease ran out) and marks them SENDING, counting the attempt. */
  private claim(): Promise<Notification[]> {
    return this.db.transaction(async (m) => {
      const now = this.clock.now();
      const qb = m.getRepository(Notification).createQueryBuilder('n')
        .where('(n.status = :pending AND n.nextAttemptAt <= :now) OR (n.status = :sending AND n.lockedUntil <= :now)', {
          pending: NotificationStatus.PENDING, sending: NotificationStatus.SENDING, now,
        })
        .orderBy('n.nextAttemptAt', 'ASC').addOrderBy('n.id', 'ASC')
        .limit(BATCH);
      if (this.db.kind !== 'sqlite') qb.setLock('pessimistic_write').setOnLocked('skip_locked');
      const rows = await qb.getMany();
      const lockedUntil = new Date(now.getTime() + LEASE_MS);
      for (const row of rows) {
        row.attempts += 1;
        row.status = NotificationStatus.SENDING;
        row.lockedUntil = lockedUntil;
        await m.createQueryBuilder().update(Notification)
          .set({ status: row.status, attempts: row.attempts, lockedUntil })
          .where('id = :id', { id: row.id }).execute();
      }
      return rows;
    });
  }

  /** Writes the attempt and moves the row on; only the claim that sent it may record it. */
  private async record(row: Notification, outcome: DeliveryOutcome, durationMs: number): Promise<AttemptOutcome> {
    const now = this.clock.now();
    let result: AttemptOutcome;
    let retryAt: Date | null = null;
    let reason: string | null = outcome.error ?? null;
    if (outcome.skipped) {
      result = 'SKIPPED';
      reason = outcome.skipped;
    } else {
      // SMTP has no 2xx/429 vocabulary: a mail failure is "no answer" unless the channel called it permanent.
      const status = outcome.ok ? 200 : row.channel === 'EMAIL' ? null : outcome.code;
      const decision = decideRetry({ attempt: row.attempts, status, retryAfter: outcome.retryAfter, permanent: outcome.permanent }, now, this.random(), this.policy);
      result = decision.action === 'SENT' ? 'SENT' : decision.action === 'RETRY' ? 'RETRY' : 'FAILED';
      if (decision.action === 'RETRY') retryAt = decision.at;
      if (decision.action !== 'SENT') reason = `${reason ?? 'failed'} (${decision.reason})`.slice(0, 1000);
    }
    const next: Partial<Notification> = {
      SENT: { status: NotificationStatus.SENT, sentAt: now, lastError: null },
      RETRY: { status: NotificationStatus.PENDING, nextAttemptAt: retryAt ?? now, lastError: reason },
      FAILED: { status: NotificationStatus.FAILED, lastError: reason },
      SKIPPED: { status: NotificationStatus.SKIPPED, lastError: reason },
    }[result];
    await this.db.transaction(async (m) => {
      await m.createQueryBuilder().insert().into(NotificationAttempt).values({
        notificationId: row.id, attempt: row.attempts, at: now, outcome: result, responseCode: outcome.code,
        error: result === 'SENT' ? null : reason, durationMs, retryAt,
      }).execute();
      await m.createQueryBuilder().update(Notification)
        .set({ ...next, lockedUntil: null })
        .where('id = :id AND status = :sending AND attempts = :attempts', { id: row.id, sending: NotificationStatus.SENDING, attempts: row.attempts })
        .execute();
    });
    return result;
  }
}
