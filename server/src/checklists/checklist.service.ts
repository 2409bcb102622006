import { In } from 'typeorm';
import {
  Actor,
  CHECKLIST_EVENT_TYPES,
  ChecklistState,
  Clock,
  DomainError,
  ErrorCode,
  checklistMessage,
  checklistStates,
  parseChecklistCheck,
  parseResolutionVerification,
  resolutionSummary,
  verificationLabels,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Units } from '../db/unit-of-work';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { TimelineEvent } from '../model/timeline-event.entity';
import { ChecklistCheckInput, ResolutionView } from './checklist.types';

/** The mitigation and resolution-verification checklists: state lives only on the timeline (CHECKLIST events). */
export class ChecklistService {
  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
  ) {}

  /** Checks or unchecks one item: one CHECKLIST timeline event, published after commit like any incident change. */
  async check(incidentId: number, input: ChecklistCheckInput, actor: Actor): Promise<Incident> {
    const check = parseChecklistCheck(input);
    return this.units.run(async (uow) => {
      const m = uow.manager;
      const incident = await m.findOne(Incident, { where: { id: incidentId } });
      if (!incident) throw new DomainError(ErrorCode.NOT_FOUND, `No incident with id ${incidentId}.`, 'id');
      const now = this.clock.now();
      await this.incidents.appendEvents(uow, incidentId, actor, now, [
        {
          type: 'CHECKLIST',
          message: checklistMessage(check),
          data: { checklist: check.checklist, item: check.item, done: check.done, evidence: check.evidence },
        },
      ]);
      await this.incidents.attachServices([incident], m);
      this.incidents.changed(uow, incident);
      return incident;
    });
  }

  /** Both checklists of an incident, derived from its CHECKLIST (and REOPENED) events. */
  async states(incidentId: number): Promise<ChecklistState[]> {
    const events = await this.db.dataSource.getRepository(TimelineEvent).find({
      select: { id: true, type: true, at: true, actorName: true, data: true },
      where: { incidentId, type: In([...CHECKLIST_EVENT_TYPES]) },
      order: { id: 'ASC' },
    });
    return checklistStates(events);
  }

  /** How a resolved incident's latest resolution was verified (its RESOLVED line); null while it is open. */
  async resolution(incident: Pick<Incident, 'id' | 'status'>): Promise<ResolutionView | null> {
    if (incident.status !== 'RESOLVED') return null;
    const event = await this.db.dataSource.getRepository(TimelineEvent).findOne({
      where: { incidentId: incident.id, type: 'RESOLVED' },
      order: { id: 'DESC' },
    });
    if (!event) return null;
    const v = parseResolutionVerification(event.data);
    return {
      verified: v?.verified ?? null,
      byMonitoring: v ? v.by === 'MONITORING' : event.actorKind === 'INTEGRATION' || event.actorKind === 'SYSTEM',
      overrideReason: v?.overrideReason ?? null,
      missing: verificationLabels(v?.missing ?? []),
      summary: resolutionSummary(v) ?? 'Resolved before verification was recorded.',
      resolvedBy: event.actorName,
      at: event.at,
    };
  }
}
