import { EntityManager, In } from 'typeorm';
import {
  Actor,
  Clock,
  HOUR,
  INCIDENT_STATUSES,
  SeverityOptions,
  SlaBreach,
  breachAudience,
  breachKey,
  formatDuration,
  isOpen,
  levelAbove,
  severityLadder,
  severityPolicy,
  slaBreaches,
  formatUtc,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { Notification } from '../model/notification.entity';
import { INCIDENTS_CHANNEL, Notifier } from '../notify';
import { User } from '../model/user.entity';
import { EscalationEngine } from './escalation.engine';
import { IncidentEscalation } from '../model/escalation.entity';

const SLA_ACTOR: Actor = { kind: 'SYSTEM', name: 'sla', userId: null, role: 'RESPONDER' };
/** A breach is announced when the loop sees it; one older than this (the server was down for a day) is left unsaid. */
const ANNOUNCE_WITHIN_MS = 24 * HOUR;

/**
 * SLA breaches said out loud: when an acknowledge or resolve clock runs out, #incidents and the commander (else the
 * next level of the severity's ladder above the one responsible; never past that ladder, so a P1 never reaches the
 * CTO) are told, and the timeline says so, once per breach. The #incidents row is written first and its idempotency
 * key (breachKey) decides, across replicas, who announces.
 */
export class SlaBreachAnnouncer {
  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
    private readonly engine: EscalationEngine,
    private readonly notifier: Notifier,
    private readonly severityOptions: SeverityOptions,
    private readonly publicUrl: string,
  ) {}

  /** Announces every breach not yet announced; returns how many. */
  async checkOnce(): Promise<number> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - ANNOUNCE_WITHIN_MS);
    const candidates = await this.db.dataSource
      .getRepository(Incident)
      .createQueryBuilder('i')
      .where('i.status IN (:...open)', { open: INCIDENT_STATUSES.filter(isOpen) })
      .andWhere(
        '((i.acknowledgedAt IS NULL AND i.acknowledgeBy < :now AND i.acknowledgeBy >= :since) OR (i.resolveBy < :now AND i.resolveBy >= :since))',
        { now, since },
      )
      .getMany();
    let announced = 0;
    for (const candidate of candidates) {
      for (const breach of slaBreaches(candidate, now, this.severityOptions)) {
        const key = `${breachKey(candidate.id, breach)}:${INCIDENTS_CHANNEL}`;
        // Cheap pre-check outside a transaction; the unique key is what guarantees "once".
        if (await this.db.dataSource.getRepository(Notification).exists({ where: { idempotencyKey: key } })) continue;
        if (await this.units.run((uow) => this.announceIn(uow, candidate.id, breach, now))) announced++;
      }
    }
    return announced;
  }

  /** One breach announced, with its timeline line; false when it no longer holds or was announced already. */
  private async announceIn(uow: UnitOfWork, id: number, breach: SlaBreach, now: Date): Promise<boolean> {
    const m = uow.manager;
    const incident = await m.findOne(Incident, { where: { id } });
    if (
      !incident ||
      !slaBreaches(incident, now, this.severityOptions).some(
        (b) => b.clock === breach.clock && b.deadline.getTime() === breach.deadline.getTime(),
      )
    )
      return false;
    const policy = severityPolicy(incident.severity, this.severityOptions);
    const what =
      breach.clock === 'ACKNOWLEDGE'
        ? `acknowledge SLA (${formatDuration(policy.responseWithinMs)}) ran out at ${breach.deadline.toISOString()} with nobody acknowledging`
        : `resolve SLA (${formatDuration(policy.resolutionWithinMs)}) ran out at ${breach.deadline.toISOString()} with the incident still ${incident.status}`;
    const message = {
      title: `SLA breached: ${incident.title}`,
      body: `The ${incident.severity} ${what}.`,
      severity: incident.severity,
      status: incident.status,
      url: `${this.publicUrl.replace(/\/$/, '')}/incidents/${id}`,
    };
    const key = breachKey(id, breach);
    const base = { incidentId: id, kind: 'SLA_BREACHED', level: 0, message };
    const first = await this.notifier.enqueueIn(m, [
      {
        ...base,
        target: { userId: null, name: INCIDENTS_CHANNEL },
        channel: 'SLACK',
        idempotencyKey: `${key}:${INCIDENTS_CHANNEL}`,
      },
    ]);
    if (!first) return false;
    const people = await this.audience(m, incident, breach, now);
    if (people.length) {
      await this.notifier.enqueueIn(
        m,
        people.map((u) => ({ ...base, target: { userId: u.id, name: u.name }, idempotencyKey: `${key}:u${u.id}` })),
      );
    }
    const told = [...people.map((u) => u.name), INCIDENTS_CHANNEL].join(', ');
    await this.incidents.appendEvents(uow, id, SLA_ACTOR, now, [
      {
        type: 'SLA_BREACHED',
        message: `${breach.clock === 'ACKNOWLEDGE' ? 'Acknowledge' : 'Resolve'} SLA breached (due ${formatUtc(breach.deadline)}); told ${told}`,
        data: {
          clock: breach.clock,
          deadline: breach.deadline.toISOString(),
          told: people.map((u) => ({ userId: u.id, name: u.name })),
        },
      },
    ]);
    await this.incidents.attachServices([incident], m);
    this.incidents.changed(uow, incident);
    return true;
  }

  /** The commander, else the people of the severity's next level above the one responsible at the deadline. */
  private async audience(m: EntityManager, incident: Incident, breach: SlaBreach, now: Date): Promise<User[]> {
    const row = await m.findOne(IncidentEscalation, { where: { incidentId: incident.id } });
    const above = row
      ? levelAbove(
          {
            climbs: severityLadder(row.policy, incident.severity),
            level: row.level,
            active: row.active,
            nextLevel: row.nextLevel,
            nextAt: row.nextAt,
          },
          breach.deadline,
        )
      : null;
    const who = breachAudience(incident.commanderId, above);
    if (!who) return [];
    if ('userId' in who) return m.find(User, { where: { id: In([who.userId]), active: true } });
    return this.engine.resolveTargets(m, row?.policy.levels[who.level - 1]?.targets ?? [], now);
  }
}
