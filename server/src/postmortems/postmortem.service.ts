import { In, IsNull, LessThan } from 'typeorm';
import {
  Actor,
  Clock,
  DomainError,
  ErrorCode,
  LIMITS,
  POSTMORTEM_LIMITS,
  PostmortemStatus,
  assertPostmortemEditable,
  assertPostmortemTransition,
  isAutoResolved,
  optionalText,
  postmortemDueAt,
  postmortemRequired,
  prefillTimeline,
  timelineSince,
  requireText,
  validateTimeline,
  validationError,
  formatUtc,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Topic } from '../pubsub/pubsub';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { Incident } from '../model/incident.entity';
import { EventDraft, IncidentReaction, IncidentService } from '../incidents';
import { TimelineEvent } from '../model/timeline-event.entity';
import { PostmortemFilter, UpdatePostmortemInput } from './postmortem.inputs';
import { Postmortem } from '../model/postmortem.entity';
import { Job } from '../jobs/job-runner';

const MAX_LIST = 500;

/**
 * Post-mortems: opened inside the resolving transaction for P0/P1 (once per incident, however often it is
 * reopened), on request for P2/P3 and auto-resolved incidents; edited until published; announced after commit.
 */
export class PostmortemService {
  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
  ) {}

  /** The reaction: opens P0/P1 post-mortems on the first resolution, unless monitoring resolved it unacknowledged. */
  readonly openOnResolve: IncidentReaction = {
    name: 'postmortems.openOnResolve',
    react: async (change) => {
      const resolvedNow =
        change.incident.status === 'RESOLVED' && change.before !== null && change.before.status !== 'RESOLVED';
      if (!resolvedNow) return;
      // Resolved again after a reopen: a post-mortem not yet published is brought up to date.
      const existing = await change.manager.findOne(Postmortem, { where: { incidentId: change.incident.id } });
      if (existing) {
        if (existing.status !== 'PUBLISHED') await this.refreshIn(change.uow, existing, change.incident, change.now);
        return;
      }
      if (!postmortemRequired(change.incident.severity, isAutoResolved(change.incident))) return;
      const opened = await this.openIn(change.uow, change.incident, change.actor, change.now, false);
      if (opened) change.events.push(...opened.events);
    },
  };

  /** A post-mortem for a resolved incident of any severity (P2/P3 ask for one); CONFLICT if it already has one. */
  async request(incidentId: number, actor: Actor): Promise<Postmortem> {
    return this.units.run(async (uow) => {
      const incident = await uow.manager.findOne(Incident, { where: { id: incidentId } });
      if (!incident) throw new DomainError(ErrorCode.NOT_FOUND, `No incident with id ${incidentId}.`, 'incidentId');
      if (incident.status !== 'RESOLVED' || !incident.resolvedAt) {
        throw new DomainError(
          ErrorCode.INVALID_TRANSITION,
          `A post-mortem needs a resolved incident; this one is ${incident.status}.`,
          'incidentId',
          { from: incident.status },
        );
      }
      const opened = await this.openIn(
        uow,
        incident,
        actor,
        this.clock.now(),
        !postmortemRequired(incident.severity, isAutoResolved(incident)),
      );
      if (!opened)
        throw new DomainError(ErrorCode.CONFLICT, `Incident ${incidentId} already has a post-mortem.`, 'incidentId');
      return opened.postmortem;
    });
  }

  /**
   * Creates the post-mortem with its pre-filled timeline, unless the incident already has one (returns null). An
   * optional one (`onRequest`) is due 48 h after now, not after a resolution that may be days old.
   */
  private async openIn(
    uow: UnitOfWork,
    incident: Incident,
    actor: Actor,
    now: Date,
    onRequest: boolean,
  ): Promise<{ postmortem: Postmortem; events: TimelineEvent[] } | null> {
    const m = uow.manager;
    if (await m.findOne(Postmortem, { where: { incidentId: incident.id } })) return null;
    const resolvedAt = incident.resolvedAt ?? now;
    const source = await m.find(TimelineEvent, { where: { incidentId: incident.id }, order: { id: 'ASC' } });
    const postmortem = await m.save(
      m.create(Postmortem, {
        incidentId: incident.id,
        status: 'DRAFT',
        title: incident.title,
        impactSummary: null,
        timeline: prefillTimeline(source, incident.detectedAt).slice(0, POSTMORTEM_LIMITS.timelineEntries),
        whatHappened: null,
        whyItHappened: null,
        contributingFactors: null,
        usersAffected: null,
        usersAffectedPercent: null,
        revenueImpact: null,
        reputationImpact: null,
        resolvedAt,
        dueAt: postmortemDueAt(resolvedAt, onRequest ? now : null),
        publishedAt: null,
        overdueNotifiedAt: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      }),
    );
    const events = await this.incidents.appendEvents(uow, incident.id, actor, now, [
      {
        type: 'POSTMORTEM_OPENED',
        message: `Post-mortem opened, due ${formatUtc(postmortem.dueAt)}`,
        data: { postmortemId: postmortem.id, dueAt: postmortem.dueAt.toISOString() },
      },
    ]);
    uow.publish(Topic.POSTMORTEM_CHANGED, postmortem);
    return { postmortem, events };
  }

  /**
   * After the incident was reopened and resolved again: resolved and due as of the last resolution (48 h after it),
   * and the timeline's new events added (domain timelineSince); the author's sections and entries are never touched.
   */
  private async refreshIn(uow: UnitOfWork, postmortem: Postmortem, incident: Incident, now: Date): Promise<void> {
    const m = uow.manager;
    const resolvedAt = incident.resolvedAt ?? now;
    const source = await m.find(TimelineEvent, { where: { incidentId: incident.id }, order: { id: 'ASC' } });
    const patch = {
      timeline: timelineSince(postmortem.timeline, source, postmortem.resolvedAt),
      resolvedAt,
      // One asked for on request keeps the later of its due times.
      dueAt: new Date(Math.max(postmortem.dueAt.getTime(), postmortemDueAt(resolvedAt, null).getTime())),
      overdueNotifiedAt: null,
      updatedAt: now,
      version: postmortem.version + 1,
    };
    await m.update(Postmortem, { id: postmortem.id }, patch);
    uow.publish(Topic.POSTMORTEM_CHANGED, Object.assign(postmortem, patch));
  }

  /** Edits the template's sections; only before publishing. */
  async update(id: number, input: UpdatePostmortemInput, actor: Actor): Promise<Postmortem> {
    const patch: Partial<Postmortem> = {};
    if (input.title !== undefined) patch.title = requireText('title', input.title, 1, LIMITS.title);
    for (const key of [
      'impactSummary',
      'whatHappened',
      'whyItHappened',
      'contributingFactors',
      'revenueImpact',
      'reputationImpact',
    ] as const) {
      if (input[key] !== undefined) patch[key] = optionalText(key, input[key], POSTMORTEM_LIMITS.text);
    }
    if (input.timeline !== undefined) {
      if (input.timeline === null)
        throw validationError('timeline', 'timeline may be edited but not removed; send [] to empty it.');
      patch.timeline = validateTimeline(input.timeline);
    }
    if (input.usersAffected !== undefined) {
      if (input.usersAffected !== null && (!Number.isInteger(input.usersAffected) || input.usersAffected < 0))
        throw validationError('usersAffected', 'usersAffected must be a whole number, 0 or more.');
      patch.usersAffected = input.usersAffected;
    }
    if (input.usersAffectedPercent !== undefined) {
      const p = input.usersAffectedPercent;
      if (p !== null && !(Number.isFinite(p) && p >= 0 && p <= 100))
        throw validationError('usersAffectedPercent', 'usersAffectedPercent must be from 0 to 100.');
      patch.usersAffectedPercent = p;
    }
    const result = await this.change(id, actor, (pm) => {
      assertPostmortemEditable(pm.status);
      return { patch, events: [] };
    });
    return result;
  }

  /** DRAFT → IN_REVIEW → PUBLISHED (or back to DRAFT from review); publishing needs the root cause. */
  transition(id: number, to: PostmortemStatus, actor: Actor): Promise<Postmortem> {
    return this.change(id, actor, (pm, now) => {
      assertPostmortemTransition(pm.status, to, pm);
      return {
        patch: { status: to, ...(to === 'PUBLISHED' ? { publishedAt: now } : {}) },
        events: [
          {
            type: 'POSTMORTEM_STATUS_CHANGED',
            message: `Post-mortem ${pm.status} → ${to}`,
            data: { postmortemId: pm.id, from: pm.status, to },
          },
        ],
      };
    });
  }

  private async change(
    id: number,
    actor: Actor,
    decide: (pm: Postmortem, now: Date) => { patch: Partial<Postmortem>; events: EventDraft[] },
  ): Promise<Postmortem> {
    return this.units.run(async (uow) => {
      const m = uow.manager;
      const pm = await m.findOne(Postmortem, { where: { id } });
      if (!pm) throw new DomainError(ErrorCode.NOT_FOUND, `No post-mortem with id ${id}.`, 'id');
      const now = this.clock.now();
      const { patch, events } = decide(pm, now);
      const update = await m
        .createQueryBuilder()
        .update(Postmortem)
        .set({ ...patch, updatedAt: now, version: pm.version + 1 })
        .where('id = :id AND version = :version', { id, version: pm.version })
        .execute();
      if (update.affected !== 1)
        throw new DomainError(
          ErrorCode.CONFLICT,
          'The post-mortem was changed by someone else; reload and try again.',
          'id',
        );
      if (events.length) await this.incidents.appendEvents(uow, pm.incidentId, actor, now, events);
      Object.assign(pm, patch, { updatedAt: now, version: pm.version + 1 });
      uow.publish(Topic.POSTMORTEM_CHANGED, pm);
      return pm;
    });
  }

  /**
   * The overdue sweep: announces each post-mortem that has just become overdue, once (a loop calls this; tests
   * call it with a ManualClock). Returns how many it announced.
   */
  /** Announces post-mortems as they become overdue, every minute. */
  job(): Job {
    return { name: 'postmortem-overdue', everyMs: 60_000, run: () => this.runOnce() };
  }

  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const due = await this.db.dataSource.getRepository(Postmortem).find({
      where: { status: In(['DRAFT', 'IN_REVIEW']), dueAt: LessThan(now), overdueNotifiedAt: IsNull() },
      order: { dueAt: 'ASC' },
      take: 200,
    });
    let announced = 0;
    for (const pm of due) {
      const landed = await this.units.run(async (uow) => {
        const update = await uow.manager
          .createQueryBuilder()
          .update(Postmortem)
          .set({ overdueNotifiedAt: now })
          .where('id = :id AND overdueNotifiedAt IS NULL', { id: pm.id })
          .execute();
        // Another replica may have announced it first; only the one whose update landed publishes.
        if (update.affected !== 1) return false;
        pm.overdueNotifiedAt = now;
        uow.publish(Topic.POSTMORTEM_CHANGED, pm);
        return true;
      });
      if (!landed) continue;
      announced++;
    }
    return announced;
  }

  async get(id: number): Promise<Postmortem> {
    const pm = await this.db.dataSource.getRepository(Postmortem).findOne({ where: { id } });
    if (!pm) throw new DomainError(ErrorCode.NOT_FOUND, `No post-mortem with id ${id}.`, 'id');
    return pm;
  }

  byIncident(incidentId: number): Promise<Postmortem | null> {
    return this.db.dataSource.getRepository(Postmortem).findOne({ where: { incidentId } });
  }

  /** Newest due first; `overdue` filters in SQL with the service clock. */
  list(filter: PostmortemFilter | null | undefined): Promise<Postmortem[]> {
    const qb = this.db.dataSource.getRepository(Postmortem).createQueryBuilder('p');
    if (filter?.status?.length) qb.andWhere('p.status IN (:...status)', { status: filter.status });
    if (filter?.overdue === true) qb.andWhere("p.status <> 'PUBLISHED' AND p.dueAt < :now", { now: this.clock.now() });
    if (filter?.overdue === false)
      qb.andWhere("(p.status = 'PUBLISHED' OR p.dueAt >= :now)", { now: this.clock.now() });
    return qb.orderBy('p.dueAt', 'DESC').addOrderBy('p.id', 'DESC').take(MAX_LIST).getMany();
  }
}

/** Rebuilds a Postmortem from a pub/sub payload (dates arrive as strings across Redis). */
export function hydratePostmortem(json: Record<string, unknown>): Postmortem {
  const pm = Object.assign(new Postmortem(), json);
  for (const key of ['resolvedAt', 'dueAt', 'publishedAt', 'overdueNotifiedAt', 'createdAt', 'updatedAt'] as const) {
    const v = json[key];
    (pm as unknown as Record<string, unknown>)[key] = v === null || v === undefined ? null : new Date(v as string);
  }
  return pm;
}
