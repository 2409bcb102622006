import { Actor, CHECKLISTS } from '@vigil/shared';
import { ChecklistService } from '../checklists';
import { IncidentService } from '../incidents';

const EVIDENCE: Record<string, string> = {
  health_checks: 'All health checks green for 10 minutes (demo)',
  error_rates: '5xx back under 0.1% (demo)',
  performance: 'p99 latency back to baseline (demo)',
  user_reports: 'Support confirms no new reports (demo)',
};

/** What a demo responder does to close an incident: the procedure's verification, item by item, then resolve. */
export async function verifyAndResolve(
  checklists: ChecklistService,
  incidents: IncidentService,
  incidentId: number,
  note: string,
  who: Actor,
): Promise<void> {
  for (const item of CHECKLISTS.RESOLUTION_VERIFICATION.items) {
    await checklists.check(
      incidentId,
      { checklist: 'RESOLUTION_VERIFICATION', item: item.key, done: true, evidence: EVIDENCE[item.key] ?? null },
      who,
    );
  }
  await incidents.resolve(incidentId, note, who);
}
