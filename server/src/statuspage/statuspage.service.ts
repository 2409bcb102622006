import { In } from 'typeorm';
import {
  Clock, ComponentState, IncidentStatus, PublicStatus, Severity, componentState,
  componentStateForSeverity, formatPublicUpdate, overallStatusText, pastIncidentsSince, publicIncidentTitle, severityRank, shownPublicStatus, worstState,
} from '@vigil/shared';
import { ServiceEntity } from '../catalog/service.entity';
import { Database } from '../db/data-source';
import { Topic, VigilPubSub } from '../graphql/pubsub';
import { Incident } from '../incidents/incident.entity';
import { IncidentChange, IncidentReaction } from '../incidents/incident.service';
import { TimelineEvent } from '../incidents/timeline-event.entity';
import { MaintenanceWindow } from '../maintenance/maintenance.entity';
import { PublicStatusStream } from './statuspage.stream';
import { PublicIncident, PublicMaintenanceWindow, PublicStatusPage, PublicUpdate } from './statuspage.types';

const MAX_PAST = 100;

interface IncidentRow {
  id: number;
  severity: Severity;
  status: IncidentStatus;
  detectedAt: Date;
  resolvedAt: Date | null;
}

/**
 * The public status page. Reads only the columns it may show (never titles, notes, actor names or alert data),
 * so a later change to what other features store cannot leak through here.
 */
export class StatusPageService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly pubSub: VigilPubSub,
  ) {}

  private async maintenance(now: Date, serviceName: Map<number, string>): Promise<PublicMaintenanceWindow[]> {
    const rows = await this.db.dataSource.getRepository(MaintenanceWindow).createQueryBuilder('w')
      .select(['w.id', 'w.serviceId', 'w.startsAt', 'w.endsAt'])
      .where('w.endsAt IS NULL OR w.endsAt > :now', { now })
      .orderBy('w.startsAt', 'ASC').addOrderBy('w.id', 'ASC').take(MAX_PAST).getMany();
    return rows.map((w) => ({
      title: w.startsAt.getTime() <= now.getTime() ? 'Maintenance in progress' : 'Scheduled maintenance',
      startsAt: w.startsAt,
      endsAt: w.endsAt,
      components: [serviceName.get(w.serviceId)].filter((n): n is string => !!n),
    }));
  }

  /** Live updates for anonymous visitors (SSE); ended by `close()`. */
  readonly stream: PublicStatusStream = new PublicStatusStream(this, this.pubSub);

  /** Ends the live streams. */
  close(): void {
    this.stream.close();
  }

  /** The reaction: tells publicStatusChanged subscribers of every committed incident change the public can see. */
  readonly announceOnChange: IncidentReaction = {
    name: 'statusPage.announce',
    react: async (change) => {
      if (affectsPublicPage(change)) change.uow.publish(Topic.PUBLIC_STATUS_CHANGED, { at: change.now.toISOString() });
    },
  };

  /** The whole page at the clock's now. */
  async snapshot(): Promise<PublicStatusPage> {
    const now = this.clock.now();
    const since = pastIncidentsSince(now);
    const m = this.db.dataSource.manager;
    const services = await m.getRepository(ServiceEntity).find({ select: { id: true, name: true }, order: { name: 'ASC' } });
    const open = await m.getRepository(Incident).createQueryBuilder('i')
      .select(['i.id', 'i.severity', 'i.status', 'i.detectedAt', 'i.resolvedAt'])
      .where("i.status <> 'RESOLVED'").orderBy('i.detectedAt', 'ASC').getMany() as IncidentRow[];
    const past = await m.getRepository(Incident).createQueryBuilder('i')
      .select(['i.id', 'i.severity', 'i.status', 'i.detectedAt', 'i.resolvedAt'])
      .where("i.status = 'RESOLVED' AND i.resolvedAt >= :since", { since })
      .orderBy('i.resolvedAt', 'DESC').take(MAX_PAST).getMany() as IncidentRow[];
    const ids = [...open, ...past].map((i) => i.id);

    const links: Array<{ incidentId: number; serviceId: number }> = ids.length
      ? await m.createQueryBuilder().select(['isv.incidentId AS incidentId', 'isv.serviceId AS serviceId'])
        .from('incident_service', 'isv').where('isv.incidentId IN (:...ids)', { ids }).getRawMany()
      : [];
    const serviceName = new Map(services.map((s) => [s.id, s.name]));
    const componentsOf = (incidentId: number) => links.filter((l) => Number(l.incidentId) === incidentId)
      .map((l) => serviceName.get(Number(l.serviceId))).filter((n): n is string => !!n).sort();

    const events = ids.length
      ? await m.getRepository(TimelineEvent).find({
        select: { id: true, incidentId: true, message: true, at: true, data: true },
        where: { incidentId: In(ids), type: 'PUBLIC_UPDATE', public: true },
        order: { id: 'DESC' },
      })
      : [];
    const updatesOf = (incidentId: number): PublicUpdate[] => events.filter((e) => e.incidentId === incidentId).map((e) => ({
      id: String(e.id),
      at: e.at,
      status: publicWord(e.data?.publicStatus),
      message: e.message,
      line: formatPublicUpdate(e.at, e.message),
    }));
    const toPublic = (i: IncidentRow): PublicIncident => {
      const impact = componentStateForSeverity(i.severity);
      const components = componentsOf(i.id);
      return {
        id: String(i.id),
        title: publicIncidentTitle(impact, components),
        // Newest update first: the page and its latest update say the same word.
        status: shownPublicStatus(i.status, updatesOf(i.id)[0]?.status ?? null),
        impact,
        startedAt: i.detectedAt,
        resolvedAt: i.resolvedAt,
        components,
        updates: updatesOf(i.id),
      };
    };

    const components = services.map((s) => {
      const severities = open.filter((i) => componentsOf(i.id).includes(s.name)).map((i) => i.severity);
      return { name: s.name, state: componentState(severities) };
    });
    const state: ComponentState = worstState([...components.map((c) => c.state), ...open.map((i) => componentStateForSeverity(i.severity))]);
    const active = [...open].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.detectedAt.getTime() - b.detectedAt.getTime());
    return {
      generatedAt: now,
      state,
      headline: overallStatusText(state),
      components,
      activeIncidents: active.map(toPublic),
      pastIncidents: past.map(toPublic),
      scheduledMaintenance: await this.maintenance(now, serviceName),
    };
  }
}

/** Declares, status and severity moves, and public updates change the page; notes and checklists do not. */
function affectsPublicPage(change: IncidentChange): boolean {
  const { before, incident, events } = change;
  return !before || before.status !== incident.status || before.severity !== incident.severity || events.some((e) => e.public);
}

function publicWord(value: unknown): PublicStatus | null {
  return (Object.values(PublicStatus) as unknown[]).includes(value) ? (value as PublicStatus) : null;
}
