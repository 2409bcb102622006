import os from 'node:os';
import { Brackets, EntityManager, In } from 'typeorm';
import {
  redactAddress,
  Clock,
  DEFAULT_RETRY_POLICY,
  LeaseTimes,
  RetryPolicy,
  decideRetry,
  leaseTimes,
  leaseUntil,
  pullForward,
  recordRetryDelay,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { retryTransient } from '../db/transient';
import { AttemptOutcome, Notification, NotificationAttempt, NotificationStatus } from '../model/notification.entity';
import { Incident } from '../model/incident.entity';
import { DeliveryObserver, NO_METRICS } from '../observability/metrics';
import { ChannelSenders, DeliveryOutcome } from './notify.channels';
import { deliveryReason } from './delivery-reason';
import { admitByLane, fullLanes } from './delivery-lanes';

/**
 * Deliveries in flight at once per process; a slot that frees is filled by the next claim at once. Shared out by lane
 * (delivery-lanes.ts), so one provider or receiver that hangs cannot hold them all.
 */
const IN_FLIGHT = 25;
/** Due rows a claim reads per slot it fills: room to pass over rows whose lane is full, bounded. */
const CLAIM_WINDOW = 4;
/** Failures the database answered (not "unreachable") after which an outcome is left to the lease. */
const ANSWERED_RECORD_FAILURES = 3;

export interface SendReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  /** Delivered or tried, but the outcome could not be written: the lease hands the row on when it lapses. */
  unrecorded: number;
}

/** Constructor options, so a job runner can own the timings. */
export interface SenderOptions {
  /** How long a claim is the sender's without renewal; default 30 s. */
  leaseMs?: number;
  /** How often claims in flight are renewed; default a third of the lease. */
  renewEveryMs?: number;
  /** While deliveries keep a pass open, how often it claims what fell due meanwhile; default 1 s. */
  pollMs?: number;
  /** Names this process in `leaseOwner`; default host:pid. */
  owner?: string;
  policy?: RetryPolicy;
  random?: () => number;
  log?: (message: string) => void;
  /** Delivery metrics (observability/metrics.ts); none by default. */
  metrics?: DeliveryObserver;
}

interface Delivered {
  row: Notification;
  outcome: DeliveryOutcome;
  durationMs: number;
  /** When the channel answered: the time of the attempt, however late it is recorded. */
  at: Date;
}

const RESULT_FIELD: Record<AttemptOutcome, keyof SendReport> = {
  SENT: 'sent',
  RETRY: 'retried',
  FAILED: 'failed',
  SKIPPED: 'skipped',
};

const OUTCOME_LABEL = { SENT: 'sent', RETRY: 'retry', FAILED: 'failed', SKIPPED: 'skipped' } as const;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Delivers the outbox under leases. A claim (FOR UPDATE SKIP LOCKED on MySQL/MariaDB, so processes share the work;
 * SQLite's one queued writer) marks rows SENDING with a short lease, renewed while the channel sends. Outcomes are
 * recorded by a conditional update that only the claim that sent the row can make, retried until the database
 * answers. A sender that dies or loses the database stops renewing, and the next claim after its lease lapses takes
 * the row over: an outcome unknown is retried with the same idempotency key.
 */
export class NotificationSender {
  /** The pass running now, if any: a call meanwhile joins it rather than waiting behind it. */
  private current: Promise<SendReport> | null = null;
  /** Someone asked for a pass (a new page, the job's tick) since the running pass last claimed. */
  private asked = false;
  /** Wakes the running pass when a delivery is recorded, a pass is asked for, or the sender stops. */
  private nudge: (() => void) | null = null;
  private readonly lease: LeaseTimes;
  private readonly owner: string;
  private readonly policy: RetryPolicy;
  private readonly pollMs: number;
  private readonly random: () => number;
  private readonly log: (message: string) => void;
  private readonly metrics: DeliveryObserver;
  private stopping = false;
  /** A skip brought a step forward to now during this pass: claim once more so it goes out in the same pass. */
  private movedOn = false;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly channels: ChannelSenders,
    options: SenderOptions = {},
  ) {
    this.lease = leaseTimes(options.leaseMs, options.renewEveryMs);
    this.owner = (options.owner ?? `${os.hostname()}:${process.pid}`).slice(0, 100);
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.pollMs = options.pollMs ?? 1000;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => undefined);
    this.metrics = options.metrics ?? NO_METRICS.delivery;
  }

  /**
   * Delivers every row due now. A call while a pass runs joins that pass, which claims again before it ends, so
   * a caller always gets a pass that claimed after its call (and saw the clock as it was then). A new page is thus
   * claimed at once, never queued behind a slow delivery of an earlier one.
   */
  runOnce(): Promise<SendReport> {
    this.asked = true;
    if (this.current) {
      this.nudge?.();
      return this.current;
    }
    const pass = this.pass();
    this.current = pass;
    // A pass that ended before its first await (stopping) cleared nothing yet: clear it here.
    void pass
      .finally(() => {
        if (this.current === pass) this.current = null;
      })
      .catch(() => undefined);
    return pass;
  }

  /** Rows were just queued: a pass that is sending claims them now (with no pass running, this does nothing). */
  hurry(): void {
    if (!this.current) return;
    this.asked = true;
    this.nudge?.();
  }

  /** For shutdown: claims nothing more, and stops waiting for an unreachable database to record outcomes. */
  stop(): void {
    this.stopping = true;
    this.wakeUp?.();
    this.nudge?.();
  }

  /** Resolves when no pass is in flight (for shutdown: finish recording, start nothing new). */
  async idle(): Promise<void> {
    await this.current?.catch(() => undefined);
  }

  /**
   * Claims due rows while fewer than IN_FLIGHT deliveries run, and claims again whenever one is recorded (a full
   * claim, or one that passed over rows of a full lane, may have left rows behind), a skip brought a step forward, or a pass is asked for. Each outcome is
   * recorded as soon as its delivery ends, one record at a time: a crash meanwhile re-sends only what was still in
   * flight. The leases of every row in flight are renewed while it is sent and recorded. Ends when nothing is in
   * flight and nothing more is due.
   */
  private async pass(): Promise<SendReport> {
    const report: SendReport = { claimed: 0, sent: 0, retried: 0, failed: 0, skipped: 0, unrecorded: 0 };
    const inFlight = new Map<number, { row: Notification; done: Promise<void> }>();
    let recording: Promise<void> = Promise.resolve();
    let cannotRecord = false;
    let claimFull = false;
    /** The last claim passed over due rows whose lane was full: claim again as soon as a delivery ends. */
    let leftBehind = false;
    let laneFreed = false;
    /** Metrics read after a claim's deliveries ended (never before them); the pass ends after they are read. */
    const observing = new Set<Promise<void>>();
    const stopRenewing = this.renewing(() => [...inFlight.values()].map((f) => f.row));
    try {
      for (;;) {
        const room = IN_FLIGHT - inFlight.size;
        if (!this.stopping && room > 0 && (this.asked || this.movedOn || claimFull || laneFreed)) {
          this.asked = false;
          this.movedOn = false;
          laneFreed = false;
          const claimed = await this.claim(
            room,
            [...inFlight.values()].map((f) => f.row),
          );
          const rows = claimed.rows;
          leftBehind = claimed.leftBehind;
          const claimedAt = this.clock.now();
          report.claimed += rows.length;
          claimFull = rows.length === room;
          const deliveries: Array<Promise<void>> = [];
          for (const row of rows) {
            const done = this.deliver(row).then((d) => {
              recording = recording.then(async () => {
                const result = cannotRecord ? null : await this.recordPersistently(d);
                if (result === null && this.stopping) cannotRecord = true;
                report[result === null ? 'unrecorded' : RESULT_FIELD[result]]++;
                if (result !== null) await this.observe(d, result);
                inFlight.delete(row.id);
                if (leftBehind) laneFreed = true;
                this.nudge?.();
              });
              return recording;
            });
            inFlight.set(row.id, { row, done });
            deliveries.push(done);
          }
          if (rows.length) {
            const observed: Promise<void> = Promise.all(deliveries)
              .then(() => this.observeFirstPages(rows, claimedAt))
              .finally(() => {
                observing.delete(observed);
                this.nudge?.();
              });
            observing.add(observed);
          }
          continue;
        }
        if (inFlight.size === 0 && observing.size === 0) {
          // Ends in the same turn as the last check: a call from here on starts a pass of its own.
          this.current = null;
          return report;
        }
        // Until a delivery is recorded or rows are queued; and now and then, for rows that fell due meanwhile.
        await new Promise<void>((resolve) => {
          const poll = setTimeout(() => {
            this.asked = true;
            resolve();
          }, this.pollMs);
          poll.unref();
          this.nudge = () => {
            clearTimeout(poll);
            resolve();
          };
        });
        this.nudge = null;
      }
    } catch (e) {
      // The claim failed for good: what is in flight is still recorded before the pass reports the failure.
      await Promise.allSettled([...inFlight.values()].map((f) => f.done));
      this.current = null;
      throw e;
    } finally {
      stopRenewing();
    }
  }

  /**
   * Takes due rows, and rows whose lease lapsed, and marks them SENDING under this process's lease; a row whose lane
   * is full (`busy` holds its slots) stays PENDING for a later claim. Two senders claiming at once can deadlock on
   * MariaDB (one is rolled back, nothing claimed): that one simply claims again.
   */
  private claim(limit: number, busy: Notification[]): Promise<{ rows: Notification[]; leftBehind: boolean }> {
    return retryTransient(() => this.claimOnce(limit, busy), 5);
  }

  private claimOnce(limit: number, busy: Notification[]): Promise<{ rows: Notification[]; leftBehind: boolean }> {
    return this.db.transaction(async (m) => {
      const now = this.clock.now();
      const full = fullLanes(busy);
      const qb = m
        .getRepository(Notification)
        .createQueryBuilder('n')
        .where('(n.status = :pending AND n.nextAttemptAt <= :now) OR (n.status = :sending AND n.lockedUntil <= :now)', {
          pending: NotificationStatus.PENDING,
          sending: NotificationStatus.SENDING,
          now,
        })
        .orderBy('n.nextAttemptAt', 'ASC')
        .addOrderBy('n.id', 'ASC')
        .limit(limit * CLAIM_WINDOW);
      // Rows of a full lane are left in the database, where they wait (due, PENDING) without taking a slot.
      if (full.channels.length) qb.andWhere('n.channel NOT IN (:...fullChannels)', { fullChannels: full.channels });
      full.addresses.forEach((d, i) => {
        const same = [
          ...(d.addresses.length ? [`(n.address IS NOT NULL AND n.address IN (:...fullAddresses${i}))`] : []),
          ...(d.nullAddress ? ['n.address IS NULL'] : []),
        ].join(' OR ');
        qb.andWhere(`NOT (n.channel = :fullChannel${i} AND (${same}))`, {
          [`fullChannel${i}`]: d.channel,
          [`fullAddresses${i}`]: d.addresses,
        });
      });
      if (this.db.kind !== 'sqlite') qb.setLock('pessimistic_write').setOnLocked('skip_locked');
      const due = await qb.getMany();
      const { take: rows, leftBehind } = admitByLane(due, busy, limit);
      const lockedUntil = leaseUntil(now, this.lease);
      for (const row of rows) {
        // A lapsed lease: its holder's attempt has no recorded outcome. Say so in the attempt log before retrying.
        if (row.status === NotificationStatus.SENDING) await this.recordTakeover(m, row, now);
        row.attempts += 1;
        row.status = NotificationStatus.SENDING;
        row.lockedUntil = lockedUntil;
        row.leaseOwner = this.owner;
        await m
          .createQueryBuilder()
          .update(Notification)
          .set({ status: row.status, attempts: row.attempts, lockedUntil, leaseOwner: this.owner })
          .where('id = :id', { id: row.id })
          .execute();
      }
      return { rows, leftBehind: leftBehind || full.channels.length > 0 || full.addresses.length > 0 };
    });
  }

  /** Counts a recorded attempt; a page delivered is timed from its first attempt's start. Never fails the pass. */
  private async observe(d: Delivered, result: AttemptOutcome): Promise<void> {
    const { row, outcome } = d;
    const page = row.kind === 'PAGE';
    this.metrics.attempt(row.channel, page, OUTCOME_LABEL[result], deliveryReason(row.channel, outcome));
    if (!page || result !== 'SENT') return;
    if (row.attempts <= 1) return this.metrics.pageDelivered(row.channel, d.durationMs / 1000);
    const first = await this.db.dataSource
      .getRepository(NotificationAttempt)
      .findOne({ where: { notificationId: row.id, attempt: 1 } })
      .catch(() => null);
    if (first) this.metrics.pageDelivered(row.channel, (d.at.getTime() - first.at.getTime() + first.durationMs) / 1000);
  }

  /**
   * Alert → first page: of the pages this batch attempted for the first time, those of incidents opened by an alert
   * that no page had been attempted for before. Two indexed reads, after the batch was delivered (never before it).
   */
  private async observeFirstPages(rows: Notification[], claimedAt: Date): Promise<void> {
    const firsts = rows.filter((r) => r.kind === 'PAGE' && r.attempts === 1 && r.incidentId !== null);
    const incidentIds = [...new Set(firsts.map((r) => r.incidentId as number))];
    if (!incidentIds.length) return;
    try {
      const ds = this.db.dataSource;
      const opened = await ds.getRepository(Incident).find({
        select: { id: true, createdAt: true },
        where: { id: In(incidentIds), source: 'MONITORING_ALERT' },
      });
      if (!opened.length) return;
      const pagedBefore = await ds
        .getRepository(Notification)
        .createQueryBuilder('n')
        .select('DISTINCT n.incidentId', 'incidentId')
        .where('n.incidentId IN (:...ids) AND n.kind = :page AND n.attempts > 0 AND n.id NOT IN (:...batch)', {
          ids: opened.map((i) => i.id),
          page: 'PAGE',
          batch: rows.map((r) => r.id),
        })
        .getRawMany<{ incidentId: number }>();
      const before = new Set(pagedBefore.map((p) => Number(p.incidentId)));
      for (const incident of opened)
        if (!before.has(incident.id))
          this.metrics.firstPage((claimedAt.getTime() - incident.createdAt.getTime()) / 1000);
    } catch (e) {
      this.log(`notifications: reading first pages for metrics failed: ${message(e)}`);
    }
  }

  private async recordTakeover(m: EntityManager, row: Notification, now: Date): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(NotificationAttempt)
      .values({
        notificationId: row.id,
        attempt: row.attempts,
        at: now,
        outcome: AttemptOutcome.RETRY,
        responseCode: null,
        durationMs: 0,
        retryAt: now,
        error: `outcome unknown: ${row.leaseOwner ?? 'the sender'} stopped renewing its lease (stopped, or cut off from the database)`,
      })
      .execute();
  }

  /**
   * Renews the leases of the rows in flight until the returned function is called, so a slow channel never lets
   * another sender in. A renewal still running then is not waited for: it matches only rows still SENDING under
   * this claim.
   */
  private renewing(rows: () => Notification[]): () => void {
    let renewing: Promise<void> | null = null;
    const timer = setInterval(() => {
      const now = rows();
      if (!now.length) return;
      renewing ??= this.renew(now)
        .catch((e) => this.log(`notifications: renewing ${now.length} leases failed: ${message(e)}`))
        .finally(() => {
          renewing = null;
        });
    }, this.lease.renewEveryMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Extends the leases this process still holds; a row taken over meanwhile (more attempts) is left alone. */
  private renew(rows: Notification[]): Promise<void> {
    return this.db.transaction(async (m) => {
      const lockedUntil = leaseUntil(this.clock.now(), this.lease);
      await m
        .createQueryBuilder()
        .update(Notification)
        .set({ lockedUntil })
        .where('status = :sending', { sending: NotificationStatus.SENDING })
        .andWhere(
          new Brackets((qb) => {
            rows.forEach((row, i) =>
              qb.orWhere(`(id = :id${i} AND attempts = :attempts${i})`, {
                [`id${i}`]: row.id,
                [`attempts${i}`]: row.attempts,
              }),
            );
          }),
        )
        .execute();
    });
  }

  private async deliver(row: Notification): Promise<Delivered> {
    const started = process.hrtime.bigint();
    const outcome = await this.channels
      .deliver(row)
      .catch((e: unknown): DeliveryOutcome => ({ ok: false, code: null, error: message(e).slice(0, 500) }));
    return { row, outcome, durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n), at: this.clock.now() };
  }

  /**
   * Records an outcome, retrying while the database cannot be reached: a page already delivered must not be sent
   * again for want of one row update. Gives up (null) on shutdown, or when the database answers with errors: the
   * lease then hands the row on, and it is retried with the same idempotency key.
   */
  private async recordPersistently(d: Delivered): Promise<AttemptOutcome | null> {
    let answered = 0;
    for (let failures = 1; ; failures++) {
      try {
        return await this.record(d);
      } catch (e) {
        const reachable = await this.db.dataSource.query('SELECT 1').then(
          () => true,
          () => false,
        );
        if (reachable) answered++;
        if (this.stopping || answered >= ANSWERED_RECORD_FAILURES) {
          this.log(
            `notifications: the outcome of notification ${d.row.id} attempt ${d.row.attempts} was not recorded (${message(e)}); its lease hands it on`,
          );
          return null;
        }
        if (failures === 1)
          this.log(
            `notifications: recording notification ${d.row.id} failed (${message(e)}); retrying until the database answers`,
          );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, recordRetryDelay(failures, this.random()));
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = null;
      }
    }
  }

  /** Writes the attempt and moves the row on; only the claim that sent it may move it. */
  private async record({ row, outcome, durationMs, at }: Delivered): Promise<AttemptOutcome> {
    let result: AttemptOutcome;
    let retryAt: Date | null = null;
    let reason: string | null = outcome.error ?? null;
    if (outcome.skipped) {
      result = 'SKIPPED';
      reason = outcome.skipped;
    } else {
      // SMTP has no 2xx/429 vocabulary: a mail failure is "no answer" unless the channel called it permanent.
      const status = outcome.ok ? 200 : row.channel === 'EMAIL' ? null : outcome.code;
      const decision = decideRetry(
        { attempt: row.attempts, status, retryAfter: outcome.retryAfter, permanent: outcome.permanent },
        at,
        this.random(),
        this.policy,
      );
      result = decision.action === 'SENT' ? 'SENT' : decision.action === 'RETRY' ? 'RETRY' : 'FAILED';
      if (decision.action === 'RETRY') retryAt = decision.at;
      if (decision.action !== 'SENT') reason = `${reason ?? 'failed'} (${decision.reason})`.slice(0, 1000);
    }
    // A provider's refusal may name the address (Twilio 21211: "The 'To' number +1… is not a valid phone number"):
    // the address has its own column, so the reason keeps only its masked form.
    if (reason !== null) reason = redactAddress(reason, row.address);
    const next: Partial<Notification> = {
      // A send whose outcome is uncertain (a provider that took the request and never answered) is sent, with why.
      SENT: { status: NotificationStatus.SENT, sentAt: at, lastError: reason },
      RETRY: { status: NotificationStatus.PENDING, nextAttemptAt: retryAt ?? at, lastError: reason },
      FAILED: { status: NotificationStatus.FAILED, lastError: reason },
      SKIPPED: { status: NotificationStatus.SKIPPED, lastError: reason },
    }[result];
    await this.db.transaction(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(NotificationAttempt)
        .values({
          notificationId: row.id,
          attempt: row.attempts,
          at,
          outcome: result,
          responseCode: outcome.code,
          error: reason,
          durationMs,
          retryAt,
        })
        .execute();
      await m
        .createQueryBuilder()
        .update(Notification)
        .set({ ...next, lockedUntil: null, leaseOwner: null })
        .where('id = :id AND status = :sending AND attempts = :attempts', {
          id: row.id,
          sending: NotificationStatus.SENDING,
          attempts: row.attempts,
        })
        .execute();
      if (result === 'SKIPPED' && row.pageKey) await this.moveOn(m, row.pageKey, at);
    });
    return result;
  }

  /** A step of a person's page was skipped: their next step is due now, the later ones keep their spacing. */
  private async moveOn(m: EntityManager, pageKey: string, at: Date): Promise<void> {
    const waiting = await m.find(Notification, {
      where: { pageKey, status: NotificationStatus.PENDING },
      order: { nextAttemptAt: 'ASC', id: 'ASC' },
    });
    // A step already due and about to be sent reaches the person now: nothing needs to come forward.
    if (waiting.some((w) => w.nextAttemptAt.getTime() <= at.getTime())) return;
    const moved = pullForward(
      waiting.map((w) => ({ id: w.id, dueAt: w.nextAttemptAt, skip: null })),
      at,
    );
    for (const step of moved) {
      const before = waiting.find((w) => w.id === step.id);
      if (!before || before.nextAttemptAt.getTime() === step.dueAt.getTime()) continue;
      this.movedOn = true;
      await m
        .createQueryBuilder()
        .update(Notification)
        .set({ nextAttemptAt: step.dueAt })
        .where('id = :id AND status = :pending', { id: step.id, pending: NotificationStatus.PENDING })
        .execute();
    }
  }
}
