import crypto from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { Clock } from '@vigil/shared';
import { ContactMethod, User } from '../users/user.entity';
import { DeliveryChannel, Notification } from './notification.entity';
import { NotificationRequest, Notifier } from './notify.port';

/** The audience name used for Slack posts that go to the procedure's #incidents channel. */
export const INCIDENTS_CHANNEL = '#incidents';

const MAX_KEY = 240;
const DIRECT_KINDS: DeliveryChannel[] = ['EMAIL', 'SLACK', 'WEBHOOK'];

type Row = Omit<Notification, 'id' | 'incident'>;

/** Long caller keys are hashed so the stored key fits its column and stays unique. */
function storedKey(key: string): string {
  return key.length <= MAX_KEY ? key : `sha256:${crypto.createHash('sha256').update(key).digest('hex')}`;
}

/**
 * The outbox: rows are written in the caller's transaction, so a notification exists exactly when its cause
 * committed. The unique idempotency key turns a repeated enqueue (a retried transaction, a second process that
 * saw the same event) into a no-op.
 */
export class OutboxNotifier implements Notifier {
  constructor(private readonly clock: Clock) {}

  enqueueIn(m: EntityManager, requests: NotificationRequest[]): Promise<number> {
    return this.enqueueNew(m, requests);
  }

  /** Like `enqueueIn`, and returns how many rows were new (0 when every key was already in the outbox). */
  async enqueueNew(m: EntityManager, requests: NotificationRequest[]): Promise<number> {
    const now = this.clock.now();
    const rows: Row[] = [];
    for (const request of requests) rows.push(...(await this.expand(m, request, now)));
    let inserted = 0;
    for (const row of rows) inserted += await this.insertOrIgnore(m, row);
    return inserted;
  }

  /** A person without a fixed channel is reached through each of their contact methods, each its own row. */
  private async expand(m: EntityManager, r: NotificationRequest, now: Date): Promise<Row[]> {
    const base = (channel: DeliveryChannel, address: string | null, key: string): Row => ({
      idempotencyKey: storedKey(key),
      incidentId: r.incidentId,
      kind: r.kind.slice(0, 40),
      level: r.level,
      targetUserId: r.target.userId,
      targetName: r.target.name.slice(0, 200),
      channel,
      address: address?.slice(0, 500) ?? null,
      message: { ...r.message },
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: now,
      lockedUntil: null,
      leaseOwner: null,
      lastError: null,
      createdAt: now,
      sentAt: null,
    });
    if (r.target.userId === null) return [base(r.channel ?? 'SLACK', null, r.idempotencyKey)];

    const user = await m.findOne(User, { where: { id: r.target.userId } });
    const methods = user
      ? await m.find(ContactMethod, { where: { userId: user.id, kind: In(DIRECT_KINDS) }, order: { id: 'ASC' } })
      : [];
    const addressFor = (channel: DeliveryChannel): string | null => {
      const method = methods.find((c) => c.kind === channel);
      if (method) return method.address;
      if (channel === 'EMAIL') return user?.email ?? null;
      if (channel === 'SLACK') return user?.slackUserId ?? null;
      return null;
    };
    if (r.channel) return [base(r.channel, addressFor(r.channel), r.idempotencyKey)];
    if (!user) return [base('SLACK', null, `${r.idempotencyKey}:SLACK`)];
    const kinds = [...new Set(methods.map((c) => c.kind as DeliveryChannel))];
    // Everyone has an email address on their user row: the last resort when no contact method is set.
    if (!kinds.length) kinds.push('EMAIL');
    return kinds.map((kind) => base(kind, addressFor(kind), `${r.idempotencyKey}:${kind}`));
  }

  /** INSERT IGNORE (MariaDB) / INSERT … ON CONFLICT DO NOTHING (SQLite) on the unique key; returns rows written. */
  private async insertOrIgnore(m: EntityManager, row: Row): Promise<number> {
    const [sql, params] = m
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values(row)
      .orIgnore()
      .getQueryAndParameters();
    // The caller's transaction when there is one (the point of an outbox); a fresh runner otherwise.
    const runner = m.queryRunner ?? m.connection.createQueryRunner();
    try {
      const result = await runner.query(sql, params, true);
      return result.affected ?? 0;
    } finally {
      if (runner !== m.queryRunner) await runner.release();
    }
  }
}
