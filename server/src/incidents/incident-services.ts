import { EntityManager, In } from 'typeorm';
import { ServiceEntity } from '../catalog/service.entity';
import { Database } from '../db/data-source';
import { Incident } from './incident.entity';

/** Sets `services` (sorted by name) on each incident, in two indexed reads whatever the number of incidents. */
export async function attachServices(m: EntityManager, incidents: Incident[]): Promise<void> {
  if (!incidents.length) return;
  const ids = [...new Set(incidents.map((i) => i.id))];
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
  const byIncident = new Map<number, ServiceEntity[]>();
  for (const link of links) {
    const service = byId.get(Number(link.serviceId));
    if (!service) continue;
    const list = byIncident.get(Number(link.incidentId)) ?? [];
    list.push(service);
    byIncident.set(Number(link.incidentId), list);
  }
  for (const incident of incidents) {
    incident.services = [...(byIncident.get(incident.id) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }
}

/**
 * Services for GraphQL reads, outside any transaction: calls made in the same tick share one load, so a page of
 * incidents whose `services` field resolves item by item costs two reads, not two per incident. Nothing is cached
 * between batches.
 */
export class ServicesBatch {
  private pending: { incidents: Incident[]; loaded: Promise<void> } | null = null;

  constructor(private readonly db: Database) {}

  servicesOf(incident: Incident): Promise<ServiceEntity[]> {
    if (incident.services) return Promise.resolve(incident.services);
    if (!this.pending) {
      const batch: { incidents: Incident[]; loaded: Promise<void> } = { incidents: [], loaded: Promise.resolve() };
      batch.loaded = new Promise<void>((resolve) => process.nextTick(resolve)).then(() => {
        if (this.pending === batch) this.pending = null;
        return attachServices(this.db.dataSource.manager, batch.incidents);
      });
      this.pending = batch;
    }
    const batch = this.pending;
    batch.incidents.push(incident);
    return batch.loaded.then(() => incident.services ?? []);
  }
}
