import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  Actor,
  Clock,
  DomainError,
  assertPublicStatusAllowed,
  ErrorCode,
  INCIDENT_STATUSES,
  IncidentStatus,
  LIMITS,
  PublicStatus,
  reopenedPublicUpdate,
  Severity,
  isOpen,
  SeverityOptions,
  TimelineEventType,
  metricDurations,
  optionalText,
  planAcknowledge,
  PageRecipient,
  assertMayAcceptPage,
  mayAcceptPage,
  roleAtLeast,
  planTransition,
  requireText,
  slaDeadlines,
  validationError,
  teamFilterSet,
} from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { attachServices, servicesByIncident } from './incident-services';
import { Database } from '../db/data-source';
import { Topic } from '../pubsub/pubsub';
import DataLoader from 'dataloader';
import { NewestRows } from '../db/newest';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { Incident } from '../model/incident.entity';
import { TimelineEvent } from '../model/timeline-event.entity';
import { DeclareIncidentInput, IncidentFilter, PageInput } from './incident.inputs';
import { automaticPublicEvent, transitionDecision } from './incident.transitions';
import {
  affectsServices,
  decodeCursor,
  decodeRankedCursor,
  encodeCursor,
  encodeRankedCursor,
  ownedByTeams,
} from './incident.ids';
import { parseId } from '../graphql/ids';

import { TeamMember } from '../model/user.entity';

/** A timeline line about to be written; the service fills in incident, actor and time. */
export interface EventDraft {
  type: TimelineEventType;
  message: string;
  data?: Record<string, unknown> | null;
  public?: boolean;
}

/** What a change writes: the incident's new fields and its timeline lines. */
interface Change {
  patch: Partial<Incident>;
  events: EventDraft[];
}

/** Computes a change from the incident as read in the transaction (which a decision may read more from). */
export type Decide = (incident: Incident, now: Date, m: EntityManager) => Change | Promise<Change>;

/** What a reaction sees: the change, inside its unit of work (its transaction), before commit. */
export interface IncidentChange {
  uow: UnitOfWork;
  manager: EntityManager;
  /** State after the change. */
  incident: Incident;
  /** State before the change; null when the incident was just declared. */
  before: Incident | null;
  events: TimelineEvent[];
  actor: Actor;
  now: Date;
  /** Set by an earlier reaction when nobody is to be paged (an affected service is in maintenance). */
  quiet: boolean;
}

/**
 * Another feature's reaction to an incident change (paging starts on declare and stops on acknowledge, a post-mortem
 * opens on resolve): inside the same transaction, so a change and its consequences commit or fail together. The
 * reactions and their order are declared once, in server/src/reactions.ts.
 */
export interface IncidentReaction {
  name: string;
  react(change: IncidentChange): Promise<void>;
}

/** Copies timeline lines elsewhere inside the transaction that wrote them (server/src/slack/incident-channels.ts). */
export type TimelineMirror = (uow: UnitOfWork, incidentId: number, events: TimelineEvent[]) => Promise<void>;

/**
 * Whether a page sent for the incident still waits for an answer, and whom its current ladder paged (the escalation
 * feature knows; nothing waits and nobody was paged without it).
 */
export type PageProbe = (
  m: EntityManager,
  incidentId: number,
) => Promise<{ awaiting: boolean; recipients: PageRecipient[] }>;

/** What a caller inside its own transaction already knows, so a declare costs fewer round trips. */
export interface DeclareOptions {
  /** The services named by the input, already loaded (alert ingestion caches its integration's service). */
  services?: ServiceEntity[];
  /**
   * Lines written with DECLARED in one insert, before the hooks run; called once the incident row exists so the
   * caller can write rows that refer to it (the alert) and mention them.
   */
  firstEvents?: (incident: Incident) => Promise<EventDraft[]>;
}

const MAX_PAGE = 200;
const MAX_CONFLICT_RETRIES = 5;

/**
 * The incident core: every change is one transaction that writes the incident and its timeline events, guarded
 * by the row's version; subscribers hear of it only after commit.
 */
export class IncidentService {
  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly severityOptions: SeverityOptions,
  ) {}

  private readonly newest = new NewestRows(this.db, TimelineEvent);

  private reactions: readonly IncidentReaction[] | null = null;
  private pageAwaiting: PageProbe = async () => ({ awaiting: false, recipients: [] });
  private timelineMirror: TimelineMirror | null = null;

  /** The ordered reaction list (server/src/reactions.ts), given once at start-up before any change runs. */
  useReactions(reactions: readonly IncidentReaction[]): void {
    if (this.reactions) throw new Error('The incident reactions are declared once.');
    this.reactions = reactions;
  }

  /**
   * Sees every timeline line as it is written, in its transaction (an incident's Slack channel mirrors the
   * timeline through the outbox, so a line and its copy commit together). One at most, given at start-up.
   */
  useTimelineMirror(mirror: TimelineMirror): void {
    this.timelineMirror = mirror;
  }

  /** Lets acknowledging answer a page on an incident past TRIGGERED (the escalation engine registers this). */
  setPageProbe(probe: PageProbe): void {
    this.pageAwaiting = probe;
  }

  /** Opens an incident (any of the three detection sources) with its DECLARED event. */
  declare(input: DeclareIncidentInput, actor: Actor): Promise<Incident> {
    return this.units.run((uow) => this.declareIn(uow, input, actor));
  }

  /** Declares inside the caller's unit of work (alert ingestion opens an incident atomically with its alert). */
  async declareIn(
    uow: UnitOfWork,
    input: DeclareIncidentInput,
    actor: Actor,
    options: DeclareOptions = {},
  ): Promise<Incident> {
    const m = uow.manager;
    const now = this.clock.now();
    const title = requireText('title', input.title, 1, LIMITS.title);
    const summary = optionalText('summary', input.summary, LIMITS.summary);
    const names = [...new Set((input.services ?? []).map((s) => requireText('services', s, 1, LIMITS.serviceName)))];
    if (names.length > LIMITS.servicesPerIncident)
      throw validationError('services', `services may name at most ${LIMITS.servicesPerIncident} services.`);
    const detectedAt = input.detectedAt ?? now;
    if (Number.isNaN(detectedAt.getTime())) throw validationError('detectedAt', 'detectedAt must be a date.');
    if (detectedAt.getTime() > now.getTime() + 60_000)
      throw validationError('detectedAt', 'detectedAt must not be in the future.');

    {
      const services =
        options.services ?? (names.length ? await m.find(ServiceEntity, { where: { name: In(names) } }) : []);
      const unknown = names.filter((n) => !services.some((s) => s.name === n));
      if (unknown.length)
        throw validationError(
          'services',
          `Unknown service: ${unknown.join(', ')}. Create it in the service catalog first.`,
        );
      const deadlines = slaDeadlines(input.severity, detectedAt, this.severityOptions);
      // The first service named is the primary one: its escalation policy decides who is paged.
      const primaryServiceId = services.find((s) => s.name === names[0])?.id ?? null;
      const incident = m.create(Incident, {
        title,
        summary,
        severity: input.severity,
        status: 'TRIGGERED',
        source: input.source,
        detectedAt,
        primaryServiceId,
        acknowledgedAt: null,
        mitigatedAt: null,
        resolvedAt: null,
        lastStatusUpdateAt: null,
        commanderId: null,
        acknowledgeBy: deadlines.acknowledgeBy,
        resolveBy: deadlines.resolveBy,
        createdAt: now,
        updatedAt: now,
        version: 1,
        services,
      });
      // Two inserts rather than save, which would diff the relation and read the row back first.
      const { identifiers } = await m.insert(Incident, { ...incident, services: undefined });
      incident.id = Number(identifiers[0].id);
      if (services.length)
        await m
          .createQueryBuilder()
          .relation(Incident, 'services')
          .of(incident.id)
          .add(services.map((s) => s.id));
      this.changed(uow, incident);
      const sourceWords = input.source.toLowerCase().replace('_', ' ');
      const more = options.firstEvents ? await options.firstEvents(incident) : [];
      const events = await this.writeEvents(uow, incident.id, actor, now, [
        {
          type: 'DECLARED',
          message: `Declared ${input.severity} from ${sourceWords}: ${title}`,
          data: { severity: input.severity, source: input.source, services: names },
        },
        ...more,
      ]);
      return this.react(uow, incident, null, events, actor, now);
    }
  }

  /**
   * First response (TRIGGERED → ACKNOWLEDGED), or, later, answering the page that waits (a reopened incident paged
   * again, a level paged by hand): paging stops and the first acknowledgement is kept (domain planAcknowledge).
   */
  acknowledge(id: number, actor: Actor): Promise<Incident> {
    return this.answerPage(id, actor, false);
  }

  /**
   * "I've got it": answers the waiting page as its owner, on the timeline; on a new incident it also acknowledges.
   * Only someone the page reached may take it (domain assertMayAcceptPage): FORBIDDEN otherwise, nothing written.
   */
  acceptPage(id: number, actor: Actor): Promise<Incident> {
    return this.answerPage(id, actor, true);
  }

  /** Whether `actor` may say "I've got it" now: a page waits on the open incident and it is theirs to take. */
  async mayAcceptPage(incident: Incident, actor: Actor): Promise<boolean> {
    if (incident.status === 'RESOLVED' || actor.userId === null || !roleAtLeast(actor.role, 'RESPONDER')) return false;
    const { awaiting, recipients } = await this.pageAwaiting(this.db.dataSource.manager, incident.id);
    return awaiting && mayAcceptPage(actor, recipients);
  }

  private answerPage(id: number, actor: Actor, accept: boolean): Promise<Incident> {
    return this.change(id, actor, async (incident, now, m) => {
      const { awaiting: paged, recipients } = await this.pageAwaiting(m, id);
      // A new incident is acknowledged whether or not anyone was paged (a P3 pages nobody).
      const plan = planAcknowledge(incident, incident.status === 'TRIGGERED' ? false : paged, now);
      if (accept) assertMayAcceptPage(id, actor, recipients);
      const events: EventDraft[] = [];
      if (plan.status !== plan.from)
        events.push({
          type: 'ACKNOWLEDGED',
          message: 'Acknowledged',
          data: { from: plan.from, to: plan.status, note: null },
        });
      else if (!accept)
        events.push({
          type: 'ACKNOWLEDGED',
          message: `Acknowledged the page (${plan.from}); paging stops`,
          data: { from: plan.from, to: plan.status, note: null, pageOnly: true },
        });
      if (accept)
        events.push({
          type: 'PAGE_ACCEPTED',
          message: paged
            ? `I've got it: ${actor.name} took the page; paging stops`
            : `I've got it: ${actor.name} took the incident (nobody was paged)`,
          data: { userId: actor.userId, status: plan.status },
        });
      return { patch: { status: plan.status, acknowledgedAt: plan.acknowledgedAt }, events };
    });
  }

  /**
   * Moves through the lifecycle; the domain decides what is allowed and which times get stamped. A person moving it
   * to RESOLVED needs the resolution verification, or an override reason (see `resolve`).
   */
  transition(
    id: number,
    to: IncidentStatus,
    note: string | null | undefined,
    actor: Actor,
    overrideReason?: string | null,
    publicMessage?: string | null,
  ): Promise<Incident> {
    return this.change(id, actor, transitionDecision(to, note, actor, overrideReason, publicMessage));
  }

  /**
   * The same transition inside the caller's unit of work (an alert event and the incident change it causes commit
   * together). Null when another writer moved the incident since it was read: the caller redoes its transaction.
   */
  transitionIn(
    uow: UnitOfWork,
    id: number,
    to: IncidentStatus,
    note: string | null | undefined,
    actor: Actor,
  ): Promise<Incident | null> {
    return this.changeIn(uow, id, actor, transitionDecision(to, note, actor));
  }

  /**
   * Resolves. A person needs the resolution-verification checklist complete, or an override reason (VALIDATION on
   * overrideReason naming what is missing otherwise); monitoring resolves regardless, recorded as not verified.
   */
  resolve(
    id: number,
    note: string | null | undefined,
    actor: Actor,
    overrideReason?: string | null,
    publicMessage?: string | null,
  ): Promise<Incident> {
    return this.transition(id, 'RESOLVED', note, actor, overrideReason, publicMessage);
  }

  /** A resolved incident that came back: reopens to INVESTIGATING, with the reason on the timeline. */
  reopen(id: number, reason: string, actor: Actor): Promise<Incident> {
    const why = requireText('reason', reason, 1, LIMITS.reason);
    return this.change(id, actor, (incident, now) => {
      if (incident.status !== 'RESOLVED') {
        throw new DomainError(
          ErrorCode.INVALID_TRANSITION,
          `Only a RESOLVED incident can be reopened; this one is ${incident.status}.`,
          'id',
          { from: incident.status, to: 'INVESTIGATING' },
        );
      }
      const plan = planTransition(incident, 'INVESTIGATING', now);
      const told = reopenedPublicUpdate(plan.status);
      return {
        patch: {
          status: plan.status,
          acknowledgedAt: plan.acknowledgedAt,
          mitigatedAt: plan.mitigatedAt,
          resolvedAt: plan.resolvedAt,
          publishedStatus: told.publicStatus,
        },
        events: [
          {
            type: 'REOPENED',
            message: `Reopened: ${why}`,
            data: { from: 'RESOLVED', to: 'INVESTIGATING', reason: why },
          },
          automaticPublicEvent(told),
        ],
      };
    });
  }

  /** Re-rates an incident; SLA deadlines are recomputed from the original detection time. */
  changeSeverity(id: number, severity: Severity, reason: string, actor: Actor): Promise<Incident> {
    const why = requireText('reason', reason, 1, LIMITS.reason);
    return this.change(id, actor, (incident) => {
      if (incident.severity === severity) throw validationError('severity', `The incident is already ${severity}.`);
      const deadlines = slaDeadlines(severity, incident.detectedAt, this.severityOptions);
      return {
        patch: { severity, acknowledgeBy: deadlines.acknowledgeBy, resolveBy: deadlines.resolveBy },
        events: [
          {
            type: 'SEVERITY_CHANGED',
            message: `Severity ${incident.severity} → ${severity}: ${why}`,
            data: { from: incident.severity, to: severity, reason: why },
          },
        ],
      };
    });
  }

  /** "Document all actions taken": a free-text line on the timeline. */
  addNote(id: number, message: string, actor: Actor): Promise<Incident> {
    const text = requireText('message', message, 1, LIMITS.note);
    return this.change(id, actor, () => ({ patch: {}, events: [{ type: 'NOTE', message: text }] }));
  }

  /**
   * The procedure's status update: an internal line for responders and, optionally, a public one for the status
   * page, with the status page word, which must fit the lifecycle (status-updates.ts). Resets the P0/P1 cadence clock.
   */
  postStatusUpdate(
    id: number,
    input: { publicStatus: PublicStatus; internalMessage?: string | null; publicMessage?: string | null },
    actor: Actor,
  ): Promise<Incident> {
    const internal = optionalText('internalMessage', input.internalMessage, LIMITS.note);
    const publicText = optionalText('publicMessage', input.publicMessage, LIMITS.note);
    if (!internal && !publicText)
      throw validationError('publicMessage', 'A status update needs an internal or a public message.');
    return this.change(id, actor, (incident, now) => {
      assertPublicStatusAllowed(incident.status, input.publicStatus);
      const events: EventDraft[] = [
        {
          type: 'STATUS_UPDATE',
          message: `Status update (${input.publicStatus}): ${internal ?? publicText}`,
          data: { publicStatus: input.publicStatus, internalMessage: internal, publicMessage: publicText },
        },
      ];
      // The public line is its own event so the status page reads only events marked public, never internal text.
      if (publicText)
        events.push({
          type: 'PUBLIC_UPDATE',
          message: publicText,
          data: { publicStatus: input.publicStatus },
          public: true,
        });
      // The word customers were given is the page's word from now on (while the lifecycle allows it).
      return {
        patch: { lastStatusUpdateAt: now, ...(publicText ? { publishedStatus: input.publicStatus } : {}) },
        events,
      };
    });
  }

  /** One incident without its services, for GraphQL reads: the services field loads them (servicesOf) when asked. */
  async load(id: number): Promise<Incident> {
    const incident = await this.db.dataSource.getRepository(Incident).findOneBy({ id });
    if (!incident) throw new DomainError(ErrorCode.NOT_FOUND, `No incident with id ${id}.`, 'id');
    return incident;
  }

  async get(id: number): Promise<Incident> {
    // find, not findOne: with a relation, findOne's LIMIT 1 makes TypeORM run a second query; the id is unique.
    const [incident] = await this.db.dataSource
      .getRepository(Incident)
      .find({ where: { id }, relations: { services: true } });
    if (!incident) throw new DomainError(ErrorCode.NOT_FOUND, `No incident with id ${id}.`, 'id');
    return incident;
  }

  /**
   * Newest first by detection time, keyset-paginated so deep pages cost the same as the first. Service and team
   * filters narrow like the others (an empty list matches nothing). Team filters and myTeamsFirst
   * (shared/src/domain/teams.ts) need the caller, whose teams are "mine".
   */
  async list(
    filter: IncidentFilter | null | undefined,
    page: PageInput,
    caller?: Actor,
  ): Promise<{ nodes: Incident[]; endCursor: string | null; hasNextPage: boolean }> {
    if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_PAGE) {
      throw validationError('first', `first must be from 1 to ${MAX_PAGE}.`);
    }
    const qb = this.db.dataSource.getRepository(Incident).createQueryBuilder('i');
    if (filter?.status?.length) qb.andWhere('i.status IN (:...status)', { status: filter.status });
    if (filter?.severity?.length) qb.andWhere('i.severity IN (:...severity)', { severity: filter.severity });
    // IN over the open statuses (not <> 'RESOLVED') so the status index serves it on a million resolved rows.
    if (filter?.open === true)
      qb.andWhere('i.status IN (:...openStatuses)', { openStatuses: INCIDENT_STATUSES.filter(isOpen) });
    if (filter?.open === false) qb.andWhere("i.status = 'RESOLVED'");
    const myTeams =
      filter?.mine === true || filter?.myTeamsFirst === true ? await this.teamIdsOf(caller?.userId ?? null) : [];
    const teams = teamFilterSet(
      filter?.teamIds?.map((id) => parseId(id, 'teamIds')),
      filter?.mine,
      myTeams,
    );
    if (teams !== null) qb.andWhere(teams.length ? ownedByTeams('filterTeams') : '1 = 0', { filterTeams: teams });
    if (filter?.serviceIds) {
      const services = [...new Set(filter.serviceIds.map((id) => parseId(id, 'serviceIds')))];
      qb.andWhere(services.length ? affectsServices('filterServices') : '1 = 0', { filterServices: services });
    }
    if (filter?.myTeamsFirst === true) return this.listMyTeamsFirst(qb, myTeams, page);
    if (page.after) {
      const c = decodeCursor(page.after);
      qb.andWhere('(i.detectedAt < :d OR (i.detectedAt = :d AND i.id < :cid))', { d: c.detectedAt, cid: c.id });
    }
    const rows = await qb
      .orderBy('i.detectedAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .take(page.first + 1)
      .getMany();
    // Services are not attached here: the field resolver asks servicesOf, which loads a page's worth in one query,
    // and only when the query selects them.
    const nodes = rows.slice(0, page.first);
    const last = nodes[nodes.length - 1];
    return { nodes, endCursor: last ? encodeCursor(last) : null, hasNextPage: rows.length > page.first };
  }

  /**
   * Open incidents, P0 first, newest detection first within a severity, and how many are open in all (`/vigil
   * status`). Severities are stored as 'P0'…'P3', so their text order is their rank (severityRank).
   */
  async openMostSevereFirst(first: number): Promise<{ nodes: Incident[]; total: number }> {
    const [nodes, total] = await this.db.dataSource
      .getRepository(Incident)
      .createQueryBuilder('i')
      .where('i.status IN (:...open)', { open: INCIDENT_STATUSES.filter(isOpen) })
      .orderBy('i.severity', 'ASC')
      .addOrderBy('i.detectedAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .take(first)
      .getManyAndCount();
    return { nodes, total };
  }

  /** The myTeamsFirst order: rank (0: a service of my teams), then newest detection, then highest id. */
  private async listMyTeamsFirst(
    qb: SelectQueryBuilder<Incident>,
    myTeams: number[],
    page: PageInput,
  ): Promise<{ nodes: Incident[]; endCursor: string | null; hasNextPage: boolean }> {
    const rank = myTeams.length ? `(CASE WHEN ${ownedByTeams('myTeams')} THEN 0 ELSE 1 END)` : '1';
    qb.setParameter('myTeams', myTeams);
    if (page.after) {
      const c = decodeRankedCursor(page.after);
      qb.andWhere(`(${rank} > :cr OR (${rank} = :cr AND (i.detectedAt < :d OR (i.detectedAt = :d AND i.id < :cid))))`, {
        cr: c.rank,
        d: c.detectedAt,
        cid: c.id,
      });
    }
    const { entities, raw } = await qb
      .addSelect(rank, 'team_rank')
      .orderBy('team_rank', 'ASC')
      .addOrderBy('i.detectedAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(page.first + 1)
      .getRawAndEntities();
    const nodes = entities.slice(0, page.first);
    const last = nodes[nodes.length - 1];
    const lastRank = last ? Number((raw as Array<Record<string, unknown>>)[nodes.length - 1]?.team_rank ?? 1) : 1;
    return {
      nodes,
      endCursor: last ? encodeRankedCursor(last, lastRank) : null,
      hasNextPage: entities.length > page.first,
    };
  }

  /** The ids of the teams a person belongs to ("my teams"). */
  private async teamIdsOf(userId: number | null): Promise<number[]> {
    if (userId === null) return [];
    return (await this.db.dataSource.getRepository(TeamMember).findBy({ userId })).map((r) => r.teamId);
  }

  /** Loads the services of many incidents (two indexed reads, whatever the page size). */
  attachServices(incidents: Incident[], m: EntityManager = this.db.dataSource.manager): Promise<void> {
    return attachServices(m, incidents);
  }

  /**
   * An incident's services for GraphQL reads: calls made in the same tick (a page of incidents, field by field)
   * share two reads, not two per incident; nothing is cached between batches. The result is kept on the incident:
   * the rollback and recent-deployment fields read `incident.services` after awaiting this.
   */
  async servicesOf(incident: Incident): Promise<ServiceEntity[]> {
    incident.services ??= await this.services.load(incident.id);
    return incident.services;
  }

  private readonly services = new DataLoader<number, ServiceEntity[]>(
    async (ids) => {
      const byIncident = await servicesByIncident(this.db.dataSource.manager, ids);
      return ids.map((id) => byIncident.get(id)!);
    },
    { cache: false, maxBatchSize: 1_000 },
  );

  /** The newest `last` events of an incident, oldest first. */
  timeline(incidentId: number, last: number): Promise<TimelineEvent[]> {
    return this.newest.of(incidentId, last);
  }

  /**
   * Loads, lets `decide` compute the change, writes it with a version check, and retries if another writer got
   * there first (the retry re-decides on fresh state, so a second acknowledgement becomes INVALID_TRANSITION).
   */
  private async change(id: number, actor: Actor, decide: Decide): Promise<Incident> {
    for (let attempt = 0; ; attempt++) {
      const incident = await this.units.run((uow) => this.changeIn(uow, id, actor, decide));
      if (incident) return incident;
      if (attempt >= MAX_CONFLICT_RETRIES) {
        throw new DomainError(ErrorCode.CONFLICT, 'The incident is being changed by someone else; try again.', 'id');
      }
    }
  }

  /**
   * One change with its reactions, in the caller's unit of work; null when the version check lost to another
   * writer (nothing was written).
   */
  async changeIn(uow: UnitOfWork, id: number, actor: Actor, decide: Decide): Promise<Incident | null> {
    const m = uow.manager;
    const incident = await m.findOne(Incident, { where: { id } });
    if (!incident) throw new DomainError(ErrorCode.NOT_FOUND, `No incident with id ${id}.`, 'id');
    const now = this.clock.now();
    const { patch, events } = await decide(incident, now, m);
    const update = await m
      .createQueryBuilder()
      .update(Incident)
      .set({ ...patch, ...metricDurations({ ...incident, ...patch }), updatedAt: now, version: incident.version + 1 }) // durations: metrics SQL
      .where('id = :id AND version = :version', { id, version: incident.version })
      .execute();
    if (update.affected !== 1) return null;
    this.changed(uow, incident);
    const written = await this.writeEvents(uow, id, actor, now, events);
    const before = Object.assign(new Incident(), incident);
    Object.assign(incident, patch, { updatedAt: now, version: incident.version + 1 });
    await this.attachServices([incident], m);
    return this.react(uow, incident, before, written, actor, now);
  }

  /**
   * Writes timeline lines and queues them for subscribers. A person who acted from outside Vigil (Slack, an email
   * link, a phone) has the channel written on each line as `data.via`.
   */
  private async writeEvents(
    uow: UnitOfWork,
    incidentId: number,
    actor: Actor,
    at: Date,
    drafts: EventDraft[],
  ): Promise<TimelineEvent[]> {
    const m = uow.manager;
    const via = actor.via && actor.via !== 'console' && actor.via !== 'api' ? { via: actor.via } : null;
    const events = drafts.map((d) =>
      m.create(TimelineEvent, {
        incidentId,
        type: d.type,
        message: d.message,
        data: via ? { ...(d.data ?? {}), ...via } : (d.data ?? null),
        public: d.public ?? false,
        actorName: actor.name,
        actorKind: actor.kind,
        actorId: actor.userId,
        at,
      }),
    );
    if (!events.length) return [];
    // insert, not save: save reads back what it wrote and costs twice the CPU; only the ids are missing. Insert is
    // given copies because it merges returned raw columns into its input (MariaDB hands booleans back as 0/1).
    const { identifiers } = await m.insert(
      TimelineEvent,
      events.map((e) => ({ ...e })) as QueryDeepPartialEntity<TimelineEvent>[],
    );
    events.forEach((e, i) => {
      e.id = Number(identifiers[i].id);
    });
    for (const event of events) uow.publish(Topic.TIMELINE_EVENT_ADDED, event);
    if (this.timelineMirror) await this.timelineMirror(uow, incidentId, events);
    return events;
  }

  /** Runs the reactions in their declared order (the incident's new state was queued for subscribers before). */
  private async react(
    uow: UnitOfWork,
    incident: Incident,
    before: Incident | null,
    events: TimelineEvent[],
    actor: Actor,
    now: Date,
  ): Promise<Incident> {
    if (!this.reactions)
      throw new Error('IncidentService.useReactions was never called: the reactions are not declared.');
    const change: IncidentChange = { uow, manager: uow.manager, incident, before, events, actor, now, quiet: false };
    for (const reaction of this.reactions) await reaction.react(change);
    return incident;
  }

  /**
   * Queues the incident for subscribers; it goes out as it stands at commit (a change that left the row as it was
   * need not call this).
   */
  changed(uow: UnitOfWork, incident: Incident): void {
    uow.publish(Topic.INCIDENT_CHANGED, incident);
  }

  /** Loads the incident (with its services) in the unit of work and queues it for subscribers. */
  async changedById(uow: UnitOfWork, id: number): Promise<Incident> {
    const incident = await this.loadIn(uow.manager, id);
    this.changed(uow, incident);
    return incident;
  }

  /** The incident with its services (sorted by name), in one query, inside the caller's transaction. */
  async loadIn(m: EntityManager, id: number): Promise<Incident> {
    const incident = await m
      .createQueryBuilder(Incident, 'i')
      .leftJoinAndSelect('i.services', 's')
      .where('i.id = :id', { id })
      .getOne();
    if (!incident) throw new DomainError(ErrorCode.NOT_FOUND, `No incident with id ${id}.`, 'id');
    incident.services?.sort((a, b) => a.name.localeCompare(b.name));
    return incident;
  }

  /** Writes extra timeline lines for an incident inside a unit of work (for reactions and other features). */
  appendEvents(
    uow: UnitOfWork,
    incidentId: number,
    actor: Actor,
    at: Date,
    drafts: EventDraft[],
  ): Promise<TimelineEvent[]> {
    return this.writeEvents(uow, incidentId, actor, at, drafts);
  }
}
