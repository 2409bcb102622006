import { In, MoreThanOrEqual, Not } from 'typeorm';
import {
  Actor,
  Clock,
  SeverityOptions,
  formatDuration,
  reminderKey,
  reminderRecipient,
  reminderRound,
  statusUpdateCadence,
  formatUtc,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { TimelineEvent } from '../model/timeline-event.entity';
import { User } from '../model/user.entity';
import { IncidentEscalation } from '../model/escalation.entity';
import { Notification } from '../model/notification.entity';
import { INCIDENTS_CHANNEL, OutboxNotifier } from './notify.outbox';

const CADENCE_ACTOR: Actor = { kind: 'SYSTEM', name: 'status-update cadence', userId: null, role: 'RESPONDER' };

/**
 * The status-update cadence made active: when a P0/P1 update is overdue, remind the commander (else whoever took
 * the page or was handed the incident, else whoever acknowledged, else #incidents), and again every 10 minutes until an update is posted; each reminder goes on the
 * timeline and is published. The idempotency key holds the due time and the round (reminderKey), so several
 * processes or repeated checks send each reminder once.
 */
export class StatusUpdateReminders {
  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
    private readonly outbox: OutboxNotifier,
    private readonly severityOptions: SeverityOptions,
    private readonly publicUrl: string,
  ) {}

  /** Checks every open P0/P1 incident once; returns how many reminders were newly queued. */
  async checkOnce(): Promise<number> {
    const now = this.clock.now();
    const open = await this.db.dataSource
      .getRepository(Incident)
      .find({ where: { status: Not('RESOLVED'), severity: In(['P0', 'P1']) } });
    let reminded = 0;
    for (const candidate of open) {
      const cadence = statusUpdateCadence(candidate, now, this.severityOptions);
      if (!cadence.overdue || !cadence.nextUpdateDueAt) continue;
      const key = reminderKey(candidate.id, cadence.nextUpdateDueAt, reminderRound(cadence.nextUpdateDueAt, now));
      // Cheap pre-check outside a transaction; the unique key is what actually guarantees "once".
      if (await this.db.dataSource.getRepository(Notification).exists({ where: { idempotencyKey: key } })) continue;
      if (await this.units.run((uow) => this.remindIn(uow, candidate.id, now))) reminded++;
    }
    return reminded;
  }

  /** One reminder and its timeline line; false when there was nothing (more) to remind. */
  private async remindIn(uow: UnitOfWork, id: number, now: Date): Promise<boolean> {
    const m = uow.manager;
    const incident = await m.findOne(Incident, { where: { id } });
    if (!incident) return false;
    const cadence = statusUpdateCadence(incident, now, this.severityOptions);
    if (!cadence.overdue || !cadence.nextUpdateDueAt) return false;
    const dueAt = cadence.nextUpdateDueAt;
    const ack = await m.findOne(TimelineEvent, {
      where: { incidentId: id, type: 'ACKNOWLEDGED' },
      order: { id: 'ASC' },
    });
    const ladder = await m.findOne(IncidentEscalation, { where: { incidentId: id } });
    const recipient = reminderRecipient(incident.commanderId, ack?.actorId ?? null, ladder?.assigneeUserId ?? null);
    const user = recipient === 'INCIDENTS_CHANNEL' ? null : await m.findOne(User, { where: { id: recipient.userId } });
    const target = user ? { userId: user.id, name: user.name } : { userId: null, name: INCIDENTS_CHANNEL };
    const late = formatDuration(now.getTime() - dueAt.getTime());
    const round = reminderRound(dueAt, now);
    const inserted = await this.outbox.enqueueNew(m, [
      {
        incidentId: id,
        kind: 'STATUS_UPDATE_DUE',
        level: 0,
        target,
        channel: user ? undefined : 'SLACK',
        idempotencyKey: reminderKey(id, dueAt, round),
        message: {
          title: `Status update overdue: ${incident.title}`,
          body: `A ${incident.severity} status update was due at ${formatUtc(dueAt)} (${late} ago). Post one: what is known, what is being done, when the next update comes.`,
          severity: incident.severity,
          status: incident.status,
          url: `${this.publicUrl}/incidents/${id}`,
        },
      },
    ]);
    if (!inserted) return false;
    // Said as the reminders actually sent for this due time (all after it), not the rounds elapsed: a loop that
    // first runs late sends a first reminder, not a "reminder 2".
    const before = await m.count(TimelineEvent, {
      where: { incidentId: id, type: 'STATUS_UPDATE_OVERDUE', at: MoreThanOrEqual(dueAt) },
    });
    await this.incidents.appendEvents(uow, id, CADENCE_ACTOR, now, [
      {
        type: 'STATUS_UPDATE_OVERDUE',
        message: `Status update overdue since ${formatUtc(dueAt)}; reminded ${target.name}${before > 0 ? ` again (reminder ${before + 1})` : ''}`,
        data: { dueAt: dueAt.toISOString(), round, remindedUserId: target.userId, remindedName: target.name },
      },
    ]);
    await this.incidents.attachServices([incident], m);
    this.incidents.changed(uow, incident);
    return true;
  }
}
