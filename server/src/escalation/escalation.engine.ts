import { EntityManager, In } from 'typeorm';
import {
  Actor,
  Clock,
  EscalationPolicySpec,
  EscalationReason,
  EscalationStep,
  PageRecipient,
  SeverityOptions,
  firstEscalationStep,
  nextEscalationStep,
  pagingPlan,
  splitPageable,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Topic } from '../pubsub/pubsub';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { isTransient } from '../db/transient';
import { Incident } from '../model/incident.entity';
import { IncidentChange, IncidentReaction, IncidentService } from '../incidents';
import { TimelineEvent } from '../model/timeline-event.entity';
import { NotificationRequest, Notifier } from '../notify';
import { OnCallService } from '../oncall';
import { TeamMember, User } from '../model/user.entity';
import { IncidentEscalation } from '../model/escalation.entity';
import { Job } from '../jobs/job-runner';
import { EscalationObserver } from '../observability/metrics';
import { routePolicy } from './escalation.routing';
import { notifyStakeholders } from './escalation.stakeholders';

/** Timers act as Vigil itself. */
const ESCALATION_ACTOR: Actor = { kind: 'SYSTEM', name: 'escalation', userId: null, role: 'RESPONDER' };

const ESCALATION_CYCLE_MS = 2000;
/** Bounds one row's chain of immediate levels (a P0's lead, unavailable levels) so a bad policy cannot spin. */
const MAX_CHAIN = 50;
const MAX_ROWS_PER_RUN = 200;

export interface EscalationEngineDeps {
  db: Database;
  units: Units;
  clock: Clock;
  incidents: IncidentService;
  oncall: OnCallService;
  notifier: Notifier;
  severityOptions: SeverityOptions;
  publicUrl: string;
  log: (message: string) => void;
  /** Escalation lag (observability/metrics.ts). */
  metrics?: EscalationObserver;
}

/** What a unit of work did to ladders: whose changed (announced after commit) and how many levels fired. */
export interface Outcome {
  incidentIds: Set<number>;
  events: TimelineEvent[];
  fired: number;
}

const sqlTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/**
 * The durable escalation engine: each open incident's next escalation time lives in `incident_escalation.nextAt`.
 * The loop claims due rows (`FOR UPDATE SKIP LOCKED` on MariaDB/MySQL, the single queued writer on SQLite), fires
 * the level and stores the next deadline in the same transaction; the row's version makes a stale timer a no-op.
 */
export class EscalationEngine {
  /** Runs one after another: a test's runOnce() starts after the loop's run and sees the clock as it is now. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: EscalationEngineDeps) {}

  /** The reaction: paging starts on declare, stops on acknowledge/resolve/any progress, restarts on reopen. */
  readonly startOrStop: IncidentReaction = {
    name: 'escalation.startOrStop',
    react: (change) => this.onIncidentChange(change),
  };

  /**
   * Lets acknowledging answer a page on an incident past TRIGGERED, and tells "I've got it" whom the page reached:
   * everyone the current ladder paged (a reopen starts a new one), and the person the incident was handed to.
   */
  attach(): void {
    this.deps.incidents.setPageProbe((m, incidentId) => this.pageRecipients(m, incidentId));
  }

  /** Whether a page waits for an answer, and whom it reached: the current ladder's pages and the assignee. */
  async pageRecipients(
    m: EntityManager,
    incidentId: number,
  ): Promise<{ awaiting: boolean; recipients: PageRecipient[] }> {
    const row = await m.findOne(IncidentEscalation, { where: { incidentId } });
    if (!row) return { awaiting: false, recipients: [] };
    const pages = await m.find(TimelineEvent, { where: { incidentId, type: 'ESCALATED' }, order: { id: 'ASC' } });
    const recipients = pages
      .filter((e) => Number(e.data?.cycle ?? row.cycle) === row.cycle)
      .flatMap((e) => (e.data?.paged as PageRecipient[] | undefined) ?? []);
    if (row.assigneeUserId !== null) {
      const assignee = await m.findOne(User, { where: { id: row.assigneeUserId } });
      if (assignee) recipients.push({ userId: assignee.id, name: assignee.name });
    }
    return { awaiting: row.awaitingAnswer === true, recipients };
  }

  /** The engine as a timer job; a deadline that passed while the server was down fires on the first pass. */
  job(everyMs = ESCALATION_CYCLE_MS): Job {
    return { name: 'escalation', everyMs, run: () => this.runOnce() };
  }

  /** Waits for a pass in progress (after the job runner stopped). */
  async stop(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  /** Fires every due level once; returns how many levels fired. Safe to call from several processes at once. */
  runOnce(): Promise<number> {
    const next = this.chain.then(() => this.drain());
    this.chain = next.catch(() => 0);
    return next;
  }

  private async drain(): Promise<number> {
    let fired = 0;
    for (let i = 0; i < MAX_ROWS_PER_RUN; i++) {
      let outcome: Outcome | null;
      try {
        outcome = await this.deps.units.run((uow) => this.claimAndFire(uow));
      } catch (e) {
        // Someone else fired it first, or MariaDB chose this transaction as a deadlock's victim (two engines and an
        // acknowledgement inserting pages at once): rolled back, nothing paged; claim again.
        if (e instanceof StaleEscalationError || isTransient(e)) continue;
        throw e;
      }
      if (!outcome) break;
      fired += outcome.fired;
    }
    return fired;
  }

  private async claimAndFire(uow: UnitOfWork): Promise<Outcome | null> {
    const m = uow.manager;
    const now = this.deps.clock.now();
    let row: IncidentEscalation | null;
    if (this.deps.db.kind === 'sqlite') {
      row = await m
        .createQueryBuilder(IncidentEscalation, 'e')
        .where('e.active = :active AND e.nextAt IS NOT NULL AND e.nextAt <= :now', { active: true, now })
        .orderBy('e.nextAt', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .getOne();
    } else {
      // Another process holding a due row skips it instead of waiting: each row is fired by exactly one process.
      // The join locks the incident row too, so this transaction never waits on an incident change (and so never
      // deadlocks with one): a row whose incident is being changed right now is simply left for the next cycle.
      const claimed: Array<{ id: number }> = await m.query(
        'SELECT e.id AS id FROM incident_escalation e JOIN incident i ON i.id = e.incidentId ' +
          'WHERE e.active = 1 AND e.nextAt IS NOT NULL AND e.nextAt <= ? ORDER BY e.nextAt, e.id LIMIT 1 FOR UPDATE SKIP LOCKED',
        [sqlTime(now)],
      );
      row = claimed.length ? await m.findOne(IncidentEscalation, { where: { id: Number(claimed[0].id) } }) : null;
    }
    if (!row) return null;
    const outcome: Outcome = { incidentIds: new Set(), events: [], fired: 0 };
    const dueAt = row.nextAt;
    await this.fireDue(uow, row, now, outcome, {});
    this.announce(uow, outcome);
    // The timer's lag: how long past its due time the first level of this claim fired (counted once committed).
    const { metrics } = this.deps;
    if (metrics && dueAt && outcome.fired > 0)
      uow.afterCommit(() => metrics.levelFired((now.getTime() - dueAt.getTime()) / 1000));
    return outcome;
  }

  /**
   * Fires the row's due levels (a chain when levels fire at once), then saves it with a version check; the last
   * level fired schedules the next one, whether it was due by the clock or paged by hand.
   */
  async fireDue(
    uow: UnitOfWork,
    row: IncidentEscalation,
    now: Date,
    outcome: Outcome,
    opts: { note?: string; actor?: Actor; data?: Record<string, unknown> },
  ): Promise<void> {
    const m = uow.manager;
    const version = row.version;
    const incident = await m.findOne(Incident, { where: { id: row.incidentId } });
    outcome.incidentIds.add(row.incidentId);
    if (!incident || incident.status === 'RESOLVED') {
      Object.assign(row, { active: false, nextAt: null, nextLevel: null, nextReason: null });
    } else {
      for (
        let i = 0;
        i < MAX_CHAIN && row.nextLevel !== null && row.nextAt && row.nextAt.getTime() <= now.getTime();
        i++
      ) {
        await this.fireLevel(
          uow,
          row,
          incident,
          now,
          outcome,
          i === 0 ? opts.note : undefined,
          opts.actor,
          i === 0 ? opts.data : undefined,
        );
      }
    }
    await this.save(m, row, version, now);
  }

  /** Writes the row only if nobody else moved it since it was read; otherwise the whole transaction is undone. */
  private async save(m: EntityManager, row: IncidentEscalation, version: number, now: Date): Promise<void> {
    const { id, incident: _incident, ...fields } = row;
    const result = await m
      .createQueryBuilder()
      .update(IncidentEscalation)
      .set({ ...fields, version: version + 1, updatedAt: now })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (result.affected !== 1) throw new StaleEscalationError();
    row.version = version + 1;
  }

  private async fireLevel(
    uow: UnitOfWork,
    row: IncidentEscalation,
    incident: Incident,
    now: Date,
    outcome: Outcome,
    note?: string,
    actor: Actor = ESCALATION_ACTOR,
    extra?: Record<string, unknown>,
  ): Promise<void> {
    const m = uow.manager;
    const spec = row.policy;
    const level = row.nextLevel ?? 1;
    const round = row.nextRound;
    const reason = (row.nextReason ?? 'TIMEOUT') as EscalationReason;
    // The ladder's clock: when this level was due, which is earlier than now for an incident declared late.
    const dueAt = row.nextAt && row.nextAt.getTime() < now.getTime() ? row.nextAt : now;
    const def = spec.levels[level - 1];
    // Someone whose role cannot answer (made a VIEWER after the policy or rotation was saved) is not paged but named
    // on the timeline; a level left with nobody hands on at once, like one with nobody on call.
    const { page: users, skip } = splitPageable(def ? await this.resolveTargets(m, def.targets, now) : []);
    const url = `${this.deps.publicUrl.replace(/\/$/, '')}/incidents/${incident.id}`;
    const requests: NotificationRequest[] = users.map((u) => ({
      incidentId: incident.id,
      kind: 'PAGE',
      level,
      target: { userId: u.id, name: u.name },
      idempotencyKey: `page:${incident.id}:c${row.cycle}:r${round}:l${level}:u${u.id}`,
      message: {
        title: incident.title,
        body: `You are paged at escalation level ${level} (${def?.name ?? 'level'}) for ${incident.severity} incident #${incident.id}: ${incident.title}. Acknowledge it in Vigil.`,
        severity: incident.severity,
        status: incident.status,
        url,
      },
    }));
    if (requests.length) await this.deps.notifier.enqueueIn(m, requests);
    const next = nextEscalationStep(
      spec,
      incident.severity,
      { level, round, at: dueAt, firedAt: now, pagedCount: users.length, reason },
      this.deps.severityOptions,
    );
    const names = users.map((u) => u.name).join(', ');
    const skipped = skip.length
      ? ` (skipped ${skip.map((u) => `${u.name}: ${u.role}, cannot answer a page`).join('; ')})`
      : '';
    const why = {
      START: '',
      TIMEOUT: ' (not acknowledged in time)',
      IMMEDIATE: ` (immediately for ${incident.severity})`,
      UNAVAILABLE: ' (previous level had nobody to page)',
      MANUAL: ' (escalated by hand)',
      UNANSWERED: ' (the level paged by hand did not answer)',
      REPEAT: ' (repeating the escalation path)',
    }[reason];
    const events = await this.deps.incidents.appendEvents(uow, incident.id, actor, now, [
      {
        type: 'ESCALATED',
        message: `Escalation level ${level} (${def?.name ?? '?'})${why}: ${users.length ? `paged ${names}` : 'nobody to page'}${skipped}${note ? ` — ${note}` : ''}`,
        data: {
          level,
          round,
          cycle: row.cycle,
          reason,
          levelName: def?.name ?? null,
          note: note ?? null,
          dueAt: dueAt.toISOString(),
          paged: users.map((u) => ({ userId: u.id, name: u.name })),
          ...(skip.length ? { skipped: skip.map((u) => ({ userId: u.id, name: u.name, role: u.role })) } : {}),
          nextLevel: next?.level ?? null,
          nextAt: next?.at.toISOString() ?? null,
          ...extra,
        },
      },
    ]);
    outcome.events.push(...events);
    outcome.fired++;
    Object.assign(row, {
      level,
      round,
      lastFiredAt: now,
      clockAt: dueAt,
      lastPagedCount: users.length,
      awaitingAnswer: row.awaitingAnswer || users.length > 0,
    });
    this.schedule(row, next);
  }

  /** Sets the row's next step (or stops it when there is none). */
  schedule(row: IncidentEscalation, next: EscalationStep | null): void {
    Object.assign(
      row,
      next
        ? { nextLevel: next.level, nextRound: next.round, nextAt: next.at, nextReason: next.reason, active: true }
        : { nextLevel: null, nextAt: null, nextReason: null, active: false },
    );
  }

  /** Reads an incident's row with a write lock where the database has row locks, so its version is the latest. */
  async lockRow(m: EntityManager, incidentId: number): Promise<IncidentEscalation | null> {
    const found = await m.findOne(IncidentEscalation, { where: { incidentId } });
    if (!found || this.deps.db.kind === 'sqlite') return found;
    // Lock by primary key only once the row is known to exist: a locking read of a missing key takes an InnoDB gap
    // lock, and two transactions holding gap locks and then inserting deadlock each other.
    return m.findOne(IncidentEscalation, { where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Everyone a level's targets name, active users only, without duplicates, in target order. */
  async resolveTargets(
    m: EntityManager,
    targets: EscalationPolicySpec['levels'][number]['targets'],
    now: Date,
  ): Promise<User[]> {
    const ids: number[] = [];
    for (const t of targets) {
      if (t.kind === 'USER') ids.push(t.id);
      else if (t.kind === 'SCHEDULE') ids.push(...(await this.deps.oncall.onCallUserIds(m, t.id, now)));
      else {
        const leads = await m.find(TeamMember, { where: { teamId: t.id, isLead: true }, order: { userId: 'ASC' } });
        ids.push(...leads.map((l) => l.userId));
      }
    }
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const users = await m.find(User, { where: { id: In(unique), active: true } });
    return unique.map((id) => users.find((u) => u.id === id)).filter((u): u is User => !!u);
  }

  private async onIncidentChange(change: IncidentChange): Promise<void> {
    const { manager: m, incident, before, now } = change;
    const outcome: Outcome = { incidentIds: new Set(), events: [], fired: 0 };
    // A brand-new incident has no row yet: no read, so concurrent declares never contend here.
    const existing = before ? await this.lockRow(m, incident.id) : null;
    const reopened = before?.status === 'RESOLVED' && incident.status !== 'RESOLVED';
    let row: IncidentEscalation;
    let announce = true;
    if (!before || reopened) {
      if (change.quiet) return; // recorded, but nobody is paged during maintenance
      const policy = await routePolicy(m, incident);
      if (!policy) return;
      row =
        existing ??
        m.create(IncidentEscalation, { incidentId: incident.id, cycle: 0, version: 1, assigneeUserId: null });
      Object.assign(row, {
        policyId: policy.id,
        policyName: policy.name,
        policy: { levels: policy.levels, repeat: policy.repeatCount },
        cycle: (row.cycle ?? 0) + 1,
        level: 0,
        round: 0,
        lastFiredAt: null,
        clockAt: null,
        lastPagedCount: 0,
        active: true,
        awaitingAnswer: false,
        updatedAt: now,
      });
      // Declared: the ladder keeps the SLA clock, from detection. Reopened: a new ladder, from now. A P3 is a ticket.
      this.schedule(
        row,
        pagingPlan(incident.severity).page ? firstEscalationStep(reopened ? now : incident.detectedAt, now) : null,
      );
      if (!existing) await m.save(row);
      // Level 1 is paged in the declaring transaction: the page and the incident commit together.
      await this.fireDue(change.uow, row, now, outcome, {});
    } else if (existing && (existing.active || existing.awaitingAnswer) && answered(change)) {
      // Someone acknowledged, accepted ("I've got it"), progressed or resolved it: the page is answered, the ladder stops.
      const version = existing.version;
      const taker = change.events.some((e) => e.type === 'PAGE_ACCEPTED') ? change.actor.userId : null;
      Object.assign(existing, {
        active: false,
        awaitingAnswer: false,
        nextAt: null,
        nextLevel: null,
        nextReason: null,
      });
      if (taker !== null) existing.assigneeUserId = taker;
      await this.save(m, existing, version, now);
      outcome.incidentIds.add(incident.id);
      row = existing;
      announce = false;
    } else if (
      existing &&
      before.severity !== incident.severity &&
      (await this.reRate(change.uow, existing, incident, now, outcome))
    ) {
      row = existing;
    } else {
      return;
    }
    if (announce && pagingPlan(incident.severity).notifyEveryone && incident.status !== 'RESOLVED') {
      outcome.events.push(
        ...(await notifyStakeholders(
          { ...this.deps, resolveTargets: (mm, t, at) => this.resolveTargets(mm, t, at) },
          change.uow,
          row,
          incident,
          ESCALATION_ACTOR,
          now,
        )),
      );
    }
    // Later reactions see the lines the ladder wrote (they are published with every other line of the change).
    change.events.push(...outcome.events);
    this.announce(change.uow, outcome);
  }

  /**
   * A re-rating moves the ladder to the new severity's rules: the waiting level's clock changes (a P1 becoming P0
   * pages the manager on the P0 clock), a ticket that becomes a P0–P2 before anyone acknowledged starts paging
   * from detection, and a page that becomes a P3 stops climbing. False when nothing changed.
   */
  private async reRate(
    uow: UnitOfWork,
    row: IncidentEscalation,
    incident: Incident,
    now: Date,
    outcome: Outcome,
  ): Promise<boolean> {
    const m = uow.manager;
    const version = row.version;
    if (!pagingPlan(incident.severity).page) {
      if (!row.active) return false;
      this.schedule(row, null);
    } else if (row.active && row.lastFiredAt) {
      this.schedule(
        row,
        nextEscalationStep(
          row.policy,
          incident.severity,
          {
            level: row.level,
            round: row.round,
            at: row.clockAt ?? row.lastFiredAt,
            firedAt: row.lastFiredAt,
            pagedCount: row.lastPagedCount,
          },
          this.deps.severityOptions,
        ),
      );
    } else if (row.level === 0 && incident.status === 'TRIGGERED') {
      this.schedule(row, firstEscalationStep(incident.detectedAt, now));
    } else {
      return pagingPlan(incident.severity).notifyEveryone;
    }
    await this.save(m, row, version, now);
    await this.fireDue(uow, row, now, outcome, {});
    outcome.incidentIds.add(incident.id);
    return true;
  }

  /** Tells subscribers, after commit, that the ladder changed for these incidents (timeline lines go by themselves). */
  announce(uow: UnitOfWork, outcome: Pick<Outcome, 'incidentIds'>): void {
    for (const incidentId of outcome.incidentIds) uow.publish(Topic.ESCALATION_CHANGED, { incidentId });
  }
}

/** A change answers the waiting page when it acknowledges, accepts, or moves the incident on. */
function answered(change: IncidentChange): boolean {
  return (
    change.before?.status !== change.incident.status ||
    change.events.some((e) => e.type === 'ACKNOWLEDGED' || e.type === 'PAGE_ACCEPTED')
  );
}

/** Another process (or a duplicate timer) moved the row first: this attempt is rolled back and fires nothing. */
class StaleEscalationError extends Error {
  constructor() {
    super('The escalation row was changed by another process.');
    this.name = 'StaleEscalationError';
  }
}
