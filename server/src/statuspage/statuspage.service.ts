import crypto from 'node:crypto';
import { In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  Clock,
  ComponentState,
  IncidentStatus,
  PublicStatus,
  Severity,
  formatPublicUpdate,
  overallStatusText,
  pastIncidentsSince,
  publicImpact,
  publicIncidentTitle,
  severityRank,
  shownPublicStatus,
  worstState,
} from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Database } from '../db/data-source';
import { Topic, VigilPubSub } from '../pubsub/pubsub';
import { Incident } from '../model/incident.entity';
import { IncidentChange, IncidentReaction } from '../incidents';
import { TimelineEvent } from '../model/timeline-event.entity';
import { IncidentPublication } from '../model/publication.entity';
import { MaintenanceWindow } from '../model/maintenance.entity';
import { StatusPageConfig } from './statuspage.config';
import { Snapshot, SnapshotCache } from './statuspage.snapshot';
import { PublicStatusStream } from './statuspage.stream';
import { PublicIncident, PublicMaintenanceWindow, PublicStatusPage, PublicUpdate } from './statuspage.types';

const MAX_MAINTENANCE = 100;

interface IncidentRow {
  id: number;
  severity: Severity;
  status: IncidentStatus;
  detectedAt: Date;
  resolvedAt: Date | null;
  /** The public title and impact a responder chose (null: the neutral title, the severity's impact). */
  title: string | null;
  impact: ComponentState | null;
}

/**
 * The public status page. Reads only the columns it may show (never titles, notes, actor names or alert data),
 * so a later change to what other features store cannot leak through here. Everything public (GraphQL, JSON, Atom,
 * the live stream) is served from one snapshot, rebuilt at most once per `rebuildMs` (statuspage.snapshot.ts).
 */
export class StatusPageService {
  readonly snapshots: SnapshotCache<PublicStatusPage>;
  /** Live updates for anonymous visitors (SSE); ended by `close()`. */
  readonly stream: PublicStatusStream;
  private readonly loops: Array<AsyncIterator<unknown>> = [];

  constructor(
    private readonly db: Database,
    clock: Clock,
    private readonly pubSub: VigilPubSub,
    private readonly config: StatusPageConfig,
  ) {
    this.snapshots = new SnapshotCache((now) => this.build(now), pageVersion, clock, config.rebuildMs);
    this.stream = new PublicStatusStream(this.snapshots, config);
    // A change on any replica (through Redis), or a Redis link that came back after missing some: rebuild before
    // the next answer, and at once when someone is listening live.
    for (const topic of [Topic.PUBLIC_STATUS_CHANGED, Topic.RESYNC] as const) this.listen(topic);
  }

  private listen(topic: typeof Topic.PUBLIC_STATUS_CHANGED | typeof Topic.RESYNC): void {
    const iterator = this.pubSub.subscribe(topic)[Symbol.asyncIterator]();
    this.loops.push(iterator);
    void (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        this.changed();
      }
    })().catch(() => undefined);
  }

  /** Something public changed: the next answer includes it, and live listeners hear of it within `rebuildMs`. */
  changed(): void {
    this.snapshots.invalidate();
    this.stream.wake();
  }

  /** Ends the live streams and the pub/sub listeners. */
  close(): void {
    this.stream.close();
    for (const loop of this.loops) void loop.return?.();
  }

  /** The reaction: the page and its listeners (here and, through Redis, on every replica) hear of every committed
   * incident change the public can see. */
  readonly announceOnChange: IncidentReaction = {
    name: 'statusPage.announce',
    react: async (change) => {
      if (!affectsPublicPage(change)) return;
      change.uow.publish(Topic.PUBLIC_STATUS_CHANGED, { at: change.now.toISOString() });
      change.uow.afterCommit(() => this.changed());
    },
  };

  /** The current snapshot (cached, or the next build). */
  current(): Promise<Snapshot<PublicStatusPage>> {
    return this.snapshots.current();
  }

  /** The current page. */
  async snapshot(): Promise<PublicStatusPage> {
    return (await this.snapshots.current()).value;
  }

  /** The page after a change just heard of (subscriptions): a build that includes it. */
  async afterChange(): Promise<PublicStatusPage> {
    this.snapshots.invalidate();
    return this.snapshot();
  }

  /** Builds the page as of `now`, with bounded lists: what the snapshot cache calls. */
  private async build(now: Date): Promise<PublicStatusPage> {
    const since = pastIncidentsSince(now);
    const m = this.db.dataSource.manager;
    const services = await m
      .getRepository(ServiceEntity)
      .find({ select: { id: true, name: true }, order: { name: 'ASC' } });
    const serviceName = new Map(services.map((s) => [s.id, s.name]));
    // Only what is published (publication.service.ts): an incident with no row yet (imported history) follows the
    // default for its severity. 'P0' < 'P1' < … as text.
    const upTo = this.config.autoPublishUpTo;
    const published = upTo
      ? "(p.state = 'PUBLISHED' OR (p.incidentId IS NULL AND i.severity <= :upTo))"
      : "p.state = 'PUBLISHED'";
    // Every list reads the same published incidents: joined to their publication, `where` and the rule above.
    const publishedWhere = <Q extends SelectQueryBuilder<ObjectLiteral>>(
      query: Q,
      where: string,
      parameters: ObjectLiteral = {},
    ): Q =>
      query
        .leftJoin(IncidentPublication, 'p', 'p.incidentId = i.id')
        .where(where, parameters)
        .andWhere(published, { upTo });
    const isOpen = "i.status <> 'RESOLVED'";
    // Components and the headline count every open published incident, by the impact it shows; only the list is
    // bounded. Distinct (service, severity, impact) triples: at most a few per service, however many are open.
    const openImpacts: Array<{ serviceId: number; severity: Severity; impact: ComponentState | null }> =
      await publishedWhere(
        m.createQueryBuilder().from(Incident, 'i').innerJoin('incident_service', 'isv', 'isv.incidentId = i.id'),
        isOpen,
      )
        .select('isv.serviceId', 'serviceId')
        .addSelect('i.severity', 'severity')
        .addSelect('p.impact', 'impact')
        .distinct(true)
        .getRawMany();
    const openStates: Array<{ severity: Severity; impact: ComponentState | null; count: number | string }> =
      await publishedWhere(m.createQueryBuilder().from(Incident, 'i'), isOpen)
        .select('i.severity', 'severity')
        .addSelect('p.impact', 'impact')
        .addSelect('COUNT(*)', 'count')
        .groupBy('i.severity')
        .addGroupBy('p.impact')
        .getRawMany();
    const listed = (where: string, parameters: ObjectLiteral = {}) =>
      publishedWhere(m.getRepository(Incident).createQueryBuilder('i'), where, parameters).select([
        'i.id',
        'i.severity',
        'i.status',
        'i.detectedAt',
        'i.resolvedAt',
      ]);
    const openRows = (await listed(isOpen)
      .orderBy('i.severity', 'ASC')
      .addOrderBy('i.detectedAt', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .take(this.config.maxActiveIncidents)
      .getMany()) as Array<Omit<IncidentRow, 'title' | 'impact'>>;
    const pastRows = (await listed("i.status = 'RESOLVED' AND i.resolvedAt >= :since", { since })
      .orderBy('i.resolvedAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .take(this.config.maxPastIncidents)
      .getMany()) as Array<Omit<IncidentRow, 'title' | 'impact'>>;
    const chosen = new Map(
      (openRows.length + pastRows.length
        ? await m
            .getRepository(IncidentPublication)
            .findBy({ incidentId: In([...openRows, ...pastRows].map((i) => i.id)) })
        : []
      ).map((p) => [p.incidentId, p]),
    );
    const withChoice = (i: Omit<IncidentRow, 'title' | 'impact'>): IncidentRow => ({
      ...i,
      title: chosen.get(i.id)?.title ?? null,
      impact: chosen.get(i.id)?.impact ?? null,
    });
    const open = openRows.map(withChoice);
    const past = pastRows.map(withChoice);
    const ids = [...open, ...past].map((i) => i.id);

    const links: Array<{ incidentId: number; serviceId: number }> = ids.length
      ? await m
          .createQueryBuilder()
          .select(['isv.incidentId AS incidentId', 'isv.serviceId AS serviceId'])
          .from('incident_service', 'isv')
          .where('isv.incidentId IN (:...ids)', { ids })
          .getRawMany()
      : [];
    const componentsOf = (incidentId: number) =>
      links
        .filter((l) => Number(l.incidentId) === incidentId)
        .map((l) => serviceName.get(Number(l.serviceId)))
        .filter((n): n is string => !!n)
        .sort();

    const events = ids.length
      ? await m.getRepository(TimelineEvent).find({
          select: { id: true, incidentId: true, message: true, at: true, data: true },
          where: { incidentId: In(ids), type: 'PUBLIC_UPDATE', public: true },
          order: { id: 'DESC' },
        })
      : [];
    const updatesOf = (incidentId: number): PublicUpdate[] =>
      events
        .filter((e) => e.incidentId === incidentId)
        .map((e) => ({
          id: String(e.id),
          at: e.at,
          status: publicWord(e.data?.publicStatus),
          message: e.message,
          line: formatPublicUpdate(e.at, e.message),
        }));
    const toPublic = (i: IncidentRow): PublicIncident => {
      const impact = publicImpact(i, i.severity);
      const components = componentsOf(i.id);
      return {
        id: String(i.id),
        title: i.title ?? publicIncidentTitle(impact, components),
        // Newest update first: the page and its latest update say the same word.
        status: shownPublicStatus(i.status, updatesOf(i.id)[0]?.status ?? null),
        impact,
        startedAt: i.detectedAt,
        resolvedAt: i.resolvedAt,
        components,
        updates: updatesOf(i.id),
      };
    };

    const worstOf = new Map<number, ComponentState>();
    for (const row of openImpacts) {
      const id = Number(row.serviceId);
      worstOf.set(id, worstState([worstOf.get(id) ?? 'OPERATIONAL', publicImpact(row, row.severity)]));
    }
    const components = services.map((s) => ({ name: s.name, state: worstOf.get(s.id) ?? 'OPERATIONAL' }));
    const state: ComponentState = worstState([
      ...components.map((c) => c.state),
      ...openStates.map((row) => publicImpact(row, row.severity)),
    ]);
    const active = [...open].sort(
      (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.detectedAt.getTime() - b.detectedAt.getTime(),
    );
    return {
      generatedAt: now,
      state,
      headline: overallStatusText(state),
      components,
      activeIncidents: active.map(toPublic),
      activeIncidentCount: openStates.reduce((sum, row) => sum + Number(row.count), 0),
      pastIncidents: past.map(toPublic),
      scheduledMaintenance: await this.maintenance(now, serviceName),
    };
  }

  private async maintenance(now: Date, serviceName: Map<number, string>): Promise<PublicMaintenanceWindow[]> {
    const rows = await this.db.dataSource
      .getRepository(MaintenanceWindow)
      .createQueryBuilder('w')
      .select(['w.id', 'w.serviceId', 'w.startsAt', 'w.endsAt'])
      .where('w.endsAt IS NULL OR w.endsAt > :now', { now })
      .orderBy('w.startsAt', 'ASC')
      .addOrderBy('w.id', 'ASC')
      .take(MAX_MAINTENANCE)
      .getMany();
    return rows.map((w) => ({
      title: w.startsAt.getTime() <= now.getTime() ? 'Maintenance in progress' : 'Scheduled maintenance',
      startsAt: w.startsAt,
      endsAt: w.endsAt,
      components: [serviceName.get(w.serviceId)].filter((n): n is string => !!n),
    }));
  }
}

/** What the page shows, its generation time aside: equal pages have equal versions on every replica. */
function pageVersion(page: PublicStatusPage): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ ...page, generatedAt: null }))
    .digest('base64url')
    .slice(0, 22);
}

/** Declares, status and severity moves, and public updates change the page; notes and checklists do not. */
function affectsPublicPage(change: IncidentChange): boolean {
  const { before, incident, events } = change;
  return (
    !before ||
    before.status !== incident.status ||
    before.severity !== incident.severity ||
    events.some((e) => e.public)
  );
}

function publicWord(value: unknown): PublicStatus | null {
  return (Object.values(PublicStatus) as unknown[]).includes(value) ? (value as PublicStatus) : null;
}
