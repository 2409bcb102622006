import { EntityManager } from 'typeorm';
import { Actor, EscalationLevel } from '@vigil/shared';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { UnitOfWork } from '../db/unit-of-work';
import { TimelineEvent } from '../model/timeline-event.entity';
import { Notifier } from '../notify';
import { User } from '../model/user.entity';
import { IncidentEscalation } from '../model/escalation.entity';

export interface StakeholderDeps {
  notifier: Notifier;
  incidents: IncidentService;
  publicUrl: string;
  resolveTargets(m: EntityManager, targets: EscalationLevel['targets'], now: Date): Promise<User[]>;
}

/**
 * A P0's "all stakeholders immediately": everyone on the incident's escalation path who has not been paged in this
 * cycle is told at once through their contact methods (a notice, nothing to acknowledge), while the page climbs.
 * Once per person per paging cycle (the outbox key); the timeline says whom, only when someone new was told.
 */
export async function notifyStakeholders(
  d: StakeholderDeps,
  uow: UnitOfWork,
  row: IncidentEscalation,
  incident: Incident,
  actor: Actor,
  now: Date,
): Promise<TimelineEvent[]> {
  const m = uow.manager;
  const paged = new Set<number>();
  const escalated = await m.find(TimelineEvent, { where: { incidentId: incident.id, type: 'ESCALATED' } });
  for (const e of escalated) {
    const data = (e.data ?? {}) as { cycle?: number; paged?: Array<{ userId: number }> };
    if (data.cycle === row.cycle) data.paged?.forEach((p) => paged.add(p.userId));
  }
  const told: Array<{ user: User; level: string }> = [];
  for (const level of row.policy.levels) {
    for (const user of await d.resolveTargets(m, level.targets, now)) {
      if (!paged.has(user.id) && !told.some((t) => t.user.id === user.id)) told.push({ user, level: level.name });
    }
  }
  if (!told.length) return [];
  const url = `${d.publicUrl.replace(/\/$/, '')}/incidents/${incident.id}`;
  const inserted = await d.notifier.enqueueIn(
    m,
    told.map(({ user, level }) => ({
      incidentId: incident.id,
      kind: 'STAKEHOLDER_NOTICE',
      level: 0,
      target: { userId: user.id, name: user.name },
      idempotencyKey: `notice:${incident.id}:c${row.cycle}:u${user.id}`,
      message: {
        title: incident.title,
        body: `${incident.severity} incident #${incident.id}: ${incident.title}. Every stakeholder is told at once; you are on its escalation path (${level}). The on-call engineer and team lead are being paged; nothing to acknowledge unless you are paged too.`,
        severity: incident.severity,
        status: incident.status,
        url,
      },
    })),
  );
  if (!inserted) return [];
  return d.incidents.appendEvents(uow, incident.id, actor, now, [
    {
      type: 'STAKEHOLDERS_NOTIFIED',
      message: `${incident.severity}: every stakeholder told at once — ${told.map((t) => t.user.name).join(', ')}`,
      data: { cycle: row.cycle, notified: told.map((t) => ({ userId: t.user.id, name: t.user.name, level: t.level })) },
    },
  ]);
}
