import { ServiceEntity } from '../model/service.entity';
import { Incident } from '../model/incident.entity';
import { TimelineEvent } from '../model/timeline-event.entity';

/** Rebuilds an Incident from a pub/sub payload (dates arrive as strings when they cross Redis). */
export function hydrateIncident(json: Record<string, unknown>): Incident {
  const incident = Object.assign(new Incident(), json);
  for (const key of [
    'detectedAt',
    'acknowledgedAt',
    'mitigatedAt',
    'resolvedAt',
    'acknowledgeBy',
    'resolveBy',
    'lastStatusUpdateAt',
    'createdAt',
    'updatedAt',
  ] as const) {
    const v = json[key];
    (incident as unknown as Record<string, unknown>)[key] =
      v === null || v === undefined ? null : new Date(v as string);
  }
  incident.services = ((json.services as Array<Record<string, unknown>> | undefined) ?? []).map((s) =>
    Object.assign(new ServiceEntity(), s, { createdAt: new Date(s.createdAt as string) }),
  );
  return incident;
}

export function hydrateTimelineEvent(json: Record<string, unknown>): TimelineEvent {
  return Object.assign(new TimelineEvent(), json, { at: new Date(json.at as string) });
}
