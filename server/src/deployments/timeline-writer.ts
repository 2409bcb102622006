import { EntityManager } from 'typeorm';
import { Actor, Clock, DomainError, ErrorCode } from '@vigil/shared';
import { Database } from '../db/data-source';
import { Units } from '../db/unit-of-work';
import { Incident } from '../model/incident.entity';
import { EventDraft, IncidentService } from '../incidents';
import { TimelineEvent } from '../model/timeline-event.entity';

/**
 * Writes timeline lines about an incident without changing the incident itself (runbook output, probes, flags):
 * one transaction that also runs `extra`, then publishes the lines after commit.
 */
export class TimelineWriter {
  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly incidents: IncidentService,
    private readonly clock: Clock,
  ) {}

  /** Throws NOT_FOUND unless the incident exists; returns it with its services. */
  async incident(id: number, m: EntityManager = this.db.dataSource.manager): Promise<Incident> {
    const incident = await m.findOne(Incident, { where: { id } });
    if (!incident) throw new DomainError(ErrorCode.NOT_FOUND, `No incident with id ${id}.`, 'id');
    await this.incidents.attachServices([incident], m);
    return incident;
  }

  /**
   * Appends `drafts` (after running `extra` in the same transaction) and publishes them once committed; with
   * `incidentChanged`, also tells incident subscribers (something they show, like rollback advice, changed).
   */
  async write(
    incidentId: number,
    actor: Actor,
    drafts: EventDraft[] | ((incident: Incident, now: Date) => EventDraft[]),
    extra?: (m: EntityManager, incident: Incident, now: Date) => Promise<void>,
    options: { incidentChanged?: boolean } = {},
  ): Promise<TimelineEvent[]> {
    return this.units.run(async (uow) => {
      const m = uow.manager;
      const found = await this.incident(incidentId, m);
      const now = this.clock.now();
      if (extra) await extra(m, found, now);
      const list = typeof drafts === 'function' ? drafts(found, now) : drafts;
      if (options.incidentChanged) this.incidents.changed(uow, found);
      return this.incidents.appendEvents(uow, incidentId, actor, now, list);
    });
  }
}
