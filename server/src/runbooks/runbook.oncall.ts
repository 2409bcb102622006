import { In } from 'typeorm';
import { Database } from '../db/data-source';
import { IncidentEscalation } from '../model/escalation.entity';
import { Schedule } from '../model/oncall.entity';
import { OnCallService } from '../oncall';

/**
 * Whether a person is on call for an incident's service at `at`: on call in a schedule the incident's escalation
 * policy pages (as it was when paging started), or in a schedule of the team that owns the service.
 */
export async function onCallForService(
  db: Database,
  oncall: OnCallService,
  incidentId: number,
  service: { teamId: number | null },
  userId: number,
  at: Date,
): Promise<boolean> {
  const m = db.dataSource.manager;
  const ladder = await m.findOne(IncidentEscalation, { where: { incidentId } });
  const paged =
    ladder?.policy.levels.flatMap((l) => l.targets.filter((t) => t.kind === 'SCHEDULE').map((t) => t.id)) ?? [];
  const owned =
    service.teamId === null
      ? []
      : (await m.find(Schedule, { select: { id: true }, where: { teamId: In([service.teamId]) } })).map((s) => s.id);
  for (const scheduleId of new Set([...paged, ...owned])) {
    if ((await oncall.onCallUserIds(m, scheduleId, at)).includes(userId)) return true;
  }
  return false;
}
