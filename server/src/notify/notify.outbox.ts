import crypto from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock, planPersonalSteps, urgencyOf } from '@vigil/shared';
import { NotificationRule } from '../model/notification-rule.entity';
import { ContactMethod, User } from '../model/user.entity';
import { DeliveryChannel, Notification } from '../model/notification.entity';
import { NotificationRequest, Notifier } from './notify.port';

/** The audience name used for Slack posts that go to the procedure's #incidents channel. */
export const INCIDENTS_CHANNEL = '#incidents';

const MAX_KEY = 240;

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
  constructor(
    private readonly clock: Clock,
    /** Why this server cannot use a channel at all (SMS without Twilio), so its steps are skipped when planned. */
    private readonly unusable: (channel: string) => string | null = () => null,
    /** Whether a verified method is proven enough to page (a SLACK member id verified without a code is not, with a bot). */
    private readonly proven: (method: ContactMethod) => boolean = (c) => c.verifiedAt !== null,
  ) {}

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

  /**
   * A person without a fixed channel is reached through their contact methods, each its own row: a page follows
   * the person's notification rules for its urgency (steps with due times), anything else goes to every verified
   * method at once. A method that cannot be used is a SKIPPED row with the reason, never left out.
   */
  private async expand(m: EntityManager, r: NotificationRequest, now: Date): Promise<Row[]> {
    const rows = await this.plan(m, r, now);
    // A held notice is what would have gone, recorded with the reason it did not: never silently dropped.
    if (!r.held) return rows;
    const reason = r.held;
    return rows.map((row) => ({ ...row, status: 'SKIPPED', lastError: reason, replyCode: null }));
  }

  private async plan(m: EntityManager, r: NotificationRequest, now: Date): Promise<Row[]> {
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
      contactMethodId: null,
      pageKey: null,
      replyCode: null,
    });
    if (r.target.userId === null) return [base(r.channel ?? 'SLACK', r.address ?? null, r.idempotencyKey)];

    const user = await m.findOne(User, { where: { id: r.target.userId } });
    const methods = user ? await m.find(ContactMethod, { where: { userId: user.id }, order: { id: 'ASC' } }) : [];
    if (r.channel) {
      const method = methods.find((c) => c.kind === r.channel && this.proven(c));
      const address =
        method?.address ??
        (r.channel === 'EMAIL' ? (user?.email ?? null) : r.channel === 'SLACK' ? (user?.slackUserId ?? null) : null);
      return [base(r.channel, address, r.idempotencyKey)];
    }
    if (!user) return [base('SLACK', null, `${r.idempotencyKey}:SLACK`)];

    const chosen = r.contactMethodId ? methods.filter((c) => c.id === r.contactMethodId) : methods;
    // A page runs the person's rules; a hand-over ("handed to you") goes where their rules say to reach them first.
    const followsRules = (r.kind === 'PAGE' || r.kind === 'REASSIGNED') && !r.contactMethodId;
    const rules = followsRules
      ? (
          await m.find(NotificationRule, {
            where: { userId: user.id, urgency: urgencyOf(r.message.severity) },
            order: { position: 'ASC' },
          })
        ).map((x) => ({ contactMethodId: x.contactMethodId, delayMinutes: x.delayMinutes }))
      : [];
    let plan = planPersonalSteps(
      chosen.map((c) => ({
        id: c.id,
        kind: c.kind,
        verified: this.proven(c),
        unusable: c.unusableReason ?? this.unusable(c.kind),
      })),
      rules,
      now,
    );
    if (r.kind !== 'PAGE') {
      // Only a page waits for an answer and climbs the person's later steps (a call after a minute); a notice is
      // sent once, at the person's first moment, and nothing follows it.
      const steps = plan.steps.filter((step) => step.dueAt.getTime() <= now.getTime());
      plan = { steps, fallbackToAccountEmail: !steps.some((step) => step.skip === null) };
    }
    // Six digits (900,000 values): with five wrong replies a quarter hour per number, a guesser's chance over a whole
    // day is about 1 in 2,000 (four digits gave 1 in 20); still short enough to type on a phone at night.
    const replyCode = String(crypto.randomInt(100_000, 1_000_000));
    const keys = new Set<string>();
    const keyFor = (kind: string, methodId: number | null, i: number) => {
      let key = `${r.idempotencyKey}:${kind}`;
      if (keys.has(key)) key = `${key}:m${methodId ?? 0}`;
      if (keys.has(key)) key = `${key}:s${i}`;
      keys.add(key);
      return key;
    };
    const rows = plan.steps.map((step, i): Row => {
      const method = chosen.find((c) => c.id === step.contactMethodId) as ContactMethod;
      const row = base(step.kind, method.address, keyFor(step.kind, method.id, i));
      return {
        ...row,
        nextAttemptAt: step.dueAt,
        status: step.skip === null ? 'PENDING' : 'SKIPPED',
        lastError: step.skip,
        contactMethodId: method.id,
        pageKey: r.idempotencyKey.slice(0, 300),
        // Only a page can be acknowledged by a reply; a reminder or a hand-off by text carries no code.
        replyCode: r.kind === 'PAGE' && (step.kind === 'SMS' || step.kind === 'VOICE') ? replyCode : null,
      };
    });
    // Everyone has an email address on their user row: the last resort when no contact method can be used.
    if (plan.fallbackToAccountEmail && !r.contactMethodId)
      rows.push({ ...base('EMAIL', user.email, keyFor('EMAIL', null, rows.length)), pageKey: r.idempotencyKey });
    return rows;
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
