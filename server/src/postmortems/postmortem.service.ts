import { EntityManager, In, IsNull, LessThan } from 'typeorm';
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
  DEPLOYMENT_WINDOW_DEFAULTS,
  DeploymentWindowOptions,
  FactDeployment,
  postmortemFacts,
  PostmortemFacts,
  recentDeployments,
  decidePostmortemAssignment,
  assertPostmortemAssignees,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Topic } from '../pubsub/pubsub';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { Incident } from '../model/incident.entity';
import { EventDraft, IncidentReaction, IncidentService } from '../incidents';
import { TimelineEvent } from '../model/timeline-event.entity';
import { PostmortemFilter, UpdatePostmortemInput } from './postmortem.inputs';
import { Postmortem } from '../model/postmortem.entity';
import { Deployment } from '../model/deployment.entity';
import { User } from '../model/user.entity';
import { Job } from '../jobs/job-runner';
import { NotificationRequest, Notifier } from '../notify';

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
    private readonly out: {
      notifier: Notifier;
      publicUrl: string;
      /** Wakes the outbox sender after commit, so a notice leaves at once. */
      wakeSender: () => void;
      deploymentWindow: DeploymentWindowOptions;
    },
  ) {}

  /**
   * The reaction: opens P0/P1 post-mortems on the first resolution (unless monitoring resolved it unacknowledged),
   * and keeps an unpublished one true on every later change of its incident (facts; resolution, due time).
   */
  readonly onIncidentChange: IncidentReaction = {
    name: 'postmortems.openAndKeepTrue',
    react: async (change) => {
      if (change.before === null) return; // just declared: nothing to open or refresh yet
      const resolvedNow = change.incident.status === 'RESOLVED' && change.before.status !== 'RESOLVED';
      // A locking read on MySQL: an author's edit in flight commits first, and this refresh builds on it.
      const qb = change.manager
        .createQueryBuilder(Postmortem, 'p')
        .where('p.incidentId = :id', { id: change.incident.id });
      const existing = await (this.db.kind === 'sqlite' ? qb : qb.setLock('pessimistic_write')).getOne();
      if (existing) {
        if (existing.status !== 'PUBLISHED')
          await this.refreshIn(change.uow, existing, change.incident, change.now, resolvedNow);
        return;
      }
      if (!resolvedNow) return;
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
        facts: await this.factsIn(uow, incident, source, now),
        ownerId: null,
        reviewerIds: [],
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
   * Keeps an unpublished post-mortem true after its incident changed: the facts drawn again from the whole timeline;
   * on a new resolution also resolved and due as of it (48 h after the last resolution) and the timeline's new
   * events added (domain timelineSince). The author's sections and entries are never touched.
   */
  private async refreshIn(
    uow: UnitOfWork,
    postmortem: Postmortem,
    incident: Incident,
    now: Date,
    resolvedNow: boolean,
  ): Promise<void> {
    const m = uow.manager;
    const source = await m.find(TimelineEvent, { where: { incidentId: incident.id }, order: { id: 'ASC' } });
    const patch: Partial<Postmortem> = { facts: await this.factsIn(uow, incident, source, now) };
    if (resolvedNow) {
      const resolvedAt = incident.resolvedAt ?? now;
      Object.assign(patch, {
        timeline: timelineSince(postmortem.timeline, source, postmortem.resolvedAt),
        resolvedAt,
        // One asked for on request keeps the later of its due times.
        dueAt: new Date(Math.max(postmortem.dueAt.getTime(), postmortemDueAt(resolvedAt, null).getTime())),
        // A new due time is a new overdue period: its owner is reminded again if it passes.
        overdueNotifiedAt: null,
      });
    }
    Object.assign(patch, { updatedAt: now, version: postmortem.version + 1 });
    // The row is locked (MySQL) or the database serialises writers (SQLite): the version read is current.
    const update = await m
      .createQueryBuilder()
      .update(Postmortem)
      .set(patch)
      .where('id = :id AND version = :version', { id: postmortem.id, version: postmortem.version })
      .execute();
    if (update.affected !== 1)
      throw new DomainError(ErrorCode.CONFLICT, 'The post-mortem was changed at the same time; try again.', 'id');
    uow.publish(Topic.POSTMORTEM_CHANGED, Object.assign(postmortem, patch));
  }

  /** The facts as of now: the timeline (oldest first) with the suspect deployments of the change window. */
  private async factsIn(
    uow: UnitOfWork,
    incident: Incident,
    source: TimelineEvent[],
    now: Date,
  ): Promise<PostmortemFacts> {
    return postmortemFacts({
      events: source,
      now,
      detectedAt: incident.detectedAt,
      deployments: await this.suspectsIn(uow, incident),
    });
  }

  private async suspectsIn(uow: UnitOfWork, incident: Incident): Promise<FactDeployment[]> {
    const window = { ...DEPLOYMENT_WINDOW_DEFAULTS, ...this.out.deploymentWindow };
    const lookbackMs = window.lookbackMs;
    const rows = await uow.manager
      .createQueryBuilder(Deployment, 'd')
      .innerJoinAndSelect('d.service', 's')
      .innerJoin('incident_service', 'x', 'x.serviceId = d.serviceId')
      .where('x.incidentId = :id', { id: incident.id })
      .andWhere('d.deployedAt BETWEEN :from AND :to', {
        from: new Date(incident.detectedAt.getTime() - lookbackMs),
        to: incident.detectedAt,
      })
      .getMany();
    return recentDeployments(rows, incident.detectedAt, window)
      .filter((d) => d.suspect)
      .map(({ deployment: d }) => ({ version: d.version, service: d.service?.name ?? null, deployedAt: d.deployedAt }));
  }

  /**
   * Gives the post-mortem an owner and reviewers (fields left out unchanged); a newly assigned owner is notified
   * (outbox, after commit). Only before publishing; every person named must exist.
   */
  async assign(
    id: number,
    input: { ownerId?: number | null; reviewerIds?: number[] | null },
    actor: Actor,
  ): Promise<Postmortem> {
    return this.units.run(async (uow) => {
      const m = uow.manager;
      const pm = await m.findOne(Postmortem, { where: { id } });
      if (!pm) throw new DomainError(ErrorCode.NOT_FOUND, `No post-mortem with id ${id}.`, 'id');
      assertPostmortemEditable(pm.status);
      const next = decidePostmortemAssignment({ ownerId: pm.ownerId, reviewerIds: pm.reviewerIds ?? [] }, input);
      const ids = [...new Set([...(next.ownerId === null ? [] : [next.ownerId]), ...next.reviewerIds])];
      const users = ids.length ? await m.findBy(User, { id: In(ids) }) : [];
      const names = new Map(users.map((u) => [u.id, u.name]));
      if (next.ownerId !== null && !names.has(next.ownerId))
        throw validationError('ownerId', `ownerId: no user with id ${next.ownerId}.`);
      const unknown = next.reviewerIds.find((r) => !names.has(r));
      if (unknown !== undefined) throw validationError('reviewerIds', `reviewerIds: no user with id ${unknown}.`);
      const byId = new Map(users.map((u) => [u.id, u]));
      assertPostmortemAssignees(
        next.ownerChanged && next.ownerId !== null ? byId.get(next.ownerId)! : null,
        next.reviewerIds.filter((r) => !(pm.reviewerIds ?? []).includes(r)).map((r) => byId.get(r)!),
      );
      const now = this.clock.now();
      await this.writeVersioned(m, pm, { ownerId: next.ownerId, reviewerIds: next.reviewerIds }, now);
      const owner = next.ownerId === null ? 'nobody' : names.get(next.ownerId)!;
      const reviewers = next.reviewerIds.map((r) => names.get(r)!).join(', ') || 'none';
      await this.incidents.appendEvents(uow, pm.incidentId, actor, now, [
        {
          type: 'POSTMORTEM_ASSIGNED',
          message: `Post-mortem owner: ${owner}; reviewers: ${reviewers}`,
          data: { postmortemId: pm.id, ownerId: next.ownerId, reviewerIds: next.reviewerIds },
        },
      ]);
      if (next.ownerChanged && next.ownerId !== null) {
        await this.out.notifier.enqueueIn(m, [
          this.ownerNotice(pm, { userId: next.ownerId, name: owner }, 'POSTMORTEM_ASSIGNED', `v${pm.version}`, {
            title: `You own the post-mortem: ${pm.title}`,
            body: `${actor.name} made you the owner of the post-mortem "${pm.title}", due ${formatUtc(pm.dueAt)}.`,
          }),
        ]);
        uow.afterCommit(this.out.wakeSender);
      }
      uow.publish(Topic.POSTMORTEM_CHANGED, pm);
      return pm;
    });
  }

  private ownerNotice(
    pm: Postmortem,
    target: { userId: number; name: string },
    kind: string,
    key: string,
    text: { title: string; body: string },
  ): NotificationRequest {
    return {
      incidentId: pm.incidentId,
      kind,
      level: 0,
      target,
      idempotencyKey: `postmortem:${pm.id}:${kind.toLowerCase()}:${target.userId}:${key}`,
      message: { ...text, severity: null, status: null, url: `${this.out.publicUrl}/postmortems/${pm.id}` },
    };
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
      await this.writeVersioned(m, pm, patch, now);
      if (events.length) await this.incidents.appendEvents(uow, pm.incidentId, actor, now, events);
      uow.publish(Topic.POSTMORTEM_CHANGED, pm);
      return pm;
    });
  }

  /**
   * Writes `patch` only if nobody changed the post-mortem since `pm` was read (its version), and brings `pm` up to
   * date; a concurrent edit gets CONFLICT and nothing is written.
   */
  private async writeVersioned(m: EntityManager, pm: Postmortem, patch: Partial<Postmortem>, now: Date) {
    const written = { ...patch, updatedAt: now, version: pm.version + 1 };
    const update = await m
      .createQueryBuilder()
      .update(Postmortem)
      .set(written)
      .where('id = :id AND version = :version', { id: pm.id, version: pm.version })
      .execute();
    if (update.affected !== 1)
      throw new DomainError(
        ErrorCode.CONFLICT,
        'The post-mortem was changed by someone else; reload and try again.',
        'id',
      );
    Object.assign(pm, written);
  }

  /** Announces post-mortems as they become overdue (and reminds their owners), every minute. */
  job(): Job {
    return { name: 'postmortem-overdue', everyMs: 60_000, run: () => this.runOnce() };
  }

  /**
   * The overdue sweep: announces each post-mortem that has just become overdue, once per overdue period, and
   * reminds its owner (tests call it with a ManualClock). Returns how many it announced.
   */
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
        // Another replica may have announced it first; only the one whose update landed publishes and reminds.
        if (update.affected !== 1) return false;
        pm.overdueNotifiedAt = now;
        const owner = pm.ownerId === null ? null : await uow.manager.findOne(User, { where: { id: pm.ownerId } });
        if (owner) {
          // Keyed by the due time: once per overdue period, even if the sweep's mark were lost.
          await this.out.notifier.enqueueIn(uow.manager, [
            this.ownerNotice(pm, { userId: owner.id, name: owner.name }, 'POSTMORTEM_OVERDUE', pm.dueAt.toISOString(), {
              title: `Post-mortem overdue: ${pm.title}`,
              body: `The post-mortem "${pm.title}" you own was due at ${formatUtc(pm.dueAt)} and is not published yet.`,
            }),
          ]);
          uow.afterCommit(this.out.wakeSender);
        }
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

  /** These people, in the order asked (someone removed since is left out). */
  async users(ids: readonly number[]): Promise<User[]> {
    if (!ids.length) return [];
    const found = await this.db.dataSource.getRepository(User).findBy({ id: In([...ids]) });
    return ids.flatMap((id) => found.filter((u) => u.id === id));
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
