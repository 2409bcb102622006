import { IncidentReaction, IncidentService } from '../incidents';
import { MaintenanceService } from './maintenance.service';

/**
 * "Alerts for a service in maintenance are recorded but do not page": a new incident on a service in a window
 * is kept and marked on its timeline, and the change is flagged quiet so the paging reactions after this one skip
 * it. First in the reaction list (server/src/reactions.ts).
 */
export function quietDuringMaintenance(maintenance: MaintenanceService, incidents: IncidentService): IncidentReaction {
  return {
    name: 'maintenance.silence',
    react: async (change) => {
      if (change.before !== null) return;
      const services = change.incident.services ?? [];
      const windows = await maintenance.activeFor(
        services.map((s) => s.id),
        change.now,
        change.manager,
      );
      if (!windows.length) return;
      change.quiet = true;
      const names = services.filter((s) => windows.some((w) => w.serviceId === s.id)).map((s) => s.name);
      const written = await incidents.appendEvents(
        change.uow,
        change.incident.id,
        { kind: 'SYSTEM', name: 'Vigil', userId: null, role: 'RESPONDER' },
        change.now,
        [
          {
            type: 'MAINTENANCE_QUIET',
            message: `Not paged: ${names.join(', ')} in maintenance.`,
            data: { windows: windows.map((w) => w.id) },
          },
        ],
      );
      change.events.push(...written);
    },
  };
}
