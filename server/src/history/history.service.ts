import { In } from 'typeorm';
import { Actor, Clock, SeverityOptions, metricDurations, slaDeadlines } from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Database } from '../db/data-source';
import { Incident } from '../model/incident.entity';
import { TimelineEvent } from '../model/timeline-event.entity';
import { HistoryFormat, HistoryRecord, parseHistory } from './history.parse';
import { ImportedIncident } from '../model/imported-incident.entity';

export interface ImportResult {
  /** Incidents created by this import. */
  created: number;
  /** Records whose external id was imported before: left exactly as they are. */
  alreadyImported: number;
}

const CHUNK = 500;

/**
 * Loads past incidents with their original timestamps so the charts start with real history. Keyed on
 * (format, external id): importing the same file twice changes nothing. Imported incidents do not run incident
 * hooks (no paging, no post-mortems for history); the whole file is one transaction.
 */
export class HistoryImportService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly severityOptions: SeverityOptions,
    private readonly onImported: () => void,
  ) {}

  /** Parses and imports; a bad row rejects the whole file (VALIDATION on `content`, naming the row). */
  async import(format: HistoryFormat, content: string, actor: Actor): Promise<ImportResult> {
    const records = parseHistory(format, content);
    const now = this.clock.now();
    const result = await this.db.transaction(async (m) => {
      const known = new Set<string>();
      for (let i = 0; i < records.length; i += CHUNK) {
        const ids = records.slice(i, i + CHUNK).map((r) => r.externalId);
        const rows = await m.find(ImportedIncident, {
          where: { source: format, externalId: In(ids) },
          select: { externalId: true },
        });
        rows.forEach((r) => known.add(r.externalId));
      }
      const fresh = records.filter((r) => !known.has(r.externalId));
      const services = await this.ensureServices(m.getRepository(ServiceEntity), fresh, now);
      for (const record of fresh) {
        const incident = await m.save(this.toIncident(m.create(Incident), record, services, now));
        await m.save(
          ImportedIncident,
          m.create(ImportedIncident, {
            source: format,
            externalId: record.externalId,
            incidentId: incident.id,
            importedAt: now,
          }),
        );
        await m.save(
          TimelineEvent,
          this.events(record, incident.id, actor, format).map((e) => m.create(TimelineEvent, e)),
        );
      }
      return { created: fresh.length, alreadyImported: records.length - fresh.length };
    });
    if (result.created) this.onImported();
    return result;
  }

  private toIncident(incident: Incident, r: HistoryRecord, services: Map<string, ServiceEntity>, now: Date): Incident {
    const deadlines = slaDeadlines(r.severity, r.detectedAt, this.severityOptions);
    // Resolving stamps mitigation when it was not recorded (the lifecycle's rule), so imported MTTM stays defined.
    const mitigatedAt = r.mitigatedAt ?? r.resolvedAt;
    return Object.assign(incident, {
      title: r.title,
      summary: null,
      severity: r.severity,
      source: 'MONITORING_ALERT',
      status: r.resolvedAt ? 'RESOLVED' : r.acknowledgedAt ? 'ACKNOWLEDGED' : 'TRIGGERED',
      detectedAt: r.detectedAt,
      acknowledgedAt: r.acknowledgedAt,
      mitigatedAt,
      resolvedAt: r.resolvedAt,
      ...metricDurations({
        detectedAt: r.detectedAt,
        acknowledgedAt: r.acknowledgedAt,
        mitigatedAt,
        resolvedAt: r.resolvedAt,
      }),
      acknowledgeBy: deadlines.acknowledgeBy,
      resolveBy: deadlines.resolveBy,
      lastStatusUpdateAt: null,
      commanderId: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
      services: r.services.map((s) => services.get(s)).filter((s): s is ServiceEntity => !!s),
    });
  }

  /** The original times on the timeline, so a post-mortem asked for later pre-fills from them. */
  private events(
    r: HistoryRecord,
    incidentId: number,
    actor: Actor,
    format: HistoryFormat,
  ): Array<Partial<TimelineEvent>> {
    const base = { incidentId, actorName: actor.name, actorKind: actor.kind, actorId: actor.userId, public: false };
    const out: Array<Partial<TimelineEvent>> = [
      {
        ...base,
        type: 'DECLARED',
        at: r.detectedAt,
        message: `Imported ${r.severity} from ${format === 'JSON' ? 'JSON history' : 'PagerDuty'}: ${r.title}`,
        data: { imported: true, format, externalId: r.externalId, severity: r.severity, services: r.services },
      },
    ];
    if (r.acknowledgedAt)
      out.push({
        ...base,
        type: 'ACKNOWLEDGED',
        at: r.acknowledgedAt,
        message: 'Acknowledged',
        data: { imported: true },
      });
    if (r.resolvedAt)
      out.push({ ...base, type: 'RESOLVED', at: r.resolvedAt, message: 'Resolved', data: { imported: true } });
    return out;
  }

  /** Catalog services named by the history, created when missing so charts can filter by them. */
  private async ensureServices(
    repo: import('typeorm').Repository<ServiceEntity>,
    records: HistoryRecord[],
    now: Date,
  ): Promise<Map<string, ServiceEntity>> {
    const names = [...new Set(records.flatMap((r) => r.services))];
    const existing = names.length ? await repo.findBy({ name: In(names) }) : [];
    const byName = new Map(existing.map((s) => [s.name, s]));
    for (const name of names.filter((n) => !byName.has(n))) {
      byName.set(
        name,
        await repo.save(repo.create({ name, description: 'Created by history import.', createdAt: now })),
      );
    }
    return byName;
  }
}
