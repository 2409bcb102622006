import { EntityManager, In } from 'typeorm';
import { ServiceEntity } from '../model/service.entity';
import { Incident } from '../model/incident.entity';

/** Each incident's services (sorted by name), in two indexed reads whatever the number of incidents. */
export async function servicesByIncident(
  m: EntityManager,
  incidentIds: readonly number[],
): Promise<Map<number, ServiceEntity[]>> {
  const ids = [...new Set(incidentIds)];
  const byIncident = new Map<number, ServiceEntity[]>(ids.map((id) => [id, []]));
  if (!ids.length) return byIncident;
  // Two indexed reads, not a join: with few services a planner may drive a join from the service table and walk
  // every link of a busy service (a million, on the benchmark's history) instead of this page's links.
  const links: Array<{ incidentId: number; serviceId: number }> = await m
    .createQueryBuilder()
    .select(['isv.incidentId AS incidentId', 'isv.serviceId AS serviceId'])
    .from('incident_service', 'isv')
    .where('isv.incidentId IN (:...ids)', { ids })
    .getRawMany();
  const serviceIds = [...new Set(links.map((l) => Number(l.serviceId)))];
  const services = serviceIds.length ? await m.getRepository(ServiceEntity).findBy({ id: In(serviceIds) }) : [];
  const byId = new Map(services.map((s) => [s.id, s]));
  for (const link of links) {
    const service = byId.get(Number(link.serviceId));
    if (service) byIncident.get(Number(link.incidentId))?.push(service);
  }
  for (const list of byIncident.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return byIncident;
}

/** Sets `services` (sorted by name) on each incident, in two indexed reads whatever the number of incidents. */
export async function attachServices(m: EntityManager, incidents: Incident[]): Promise<void> {
  const byIncident = await servicesByIncident(
    m,
    incidents.map((i) => i.id),
  );
  for (const incident of incidents) incident.services = [...(byIncident.get(incident.id) ?? [])];
}
