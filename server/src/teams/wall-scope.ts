import { In } from 'typeorm';
import { Database } from '../db/data-source';
import { Postmortem } from '../model/postmortem.entity';
import { ServiceEntity } from '../model/service.entity';

const REMEMBER_MS = 10_000;
const MAX_REMEMBERED = 5_000;

/**
 * The incidents a team's wall may see: those with a service its team owns. Subscription events carry only an
 * incident id, so the teams of an incident are looked up (indexed) and remembered for a few seconds per incident.
 */
export class WallScope {
  private readonly teamsOf = new Map<number, { teams: Set<number>; at: number }>();

  constructor(
    private readonly db: Database,
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {}

  /** Whether the incident has a service owned by one of `teams`. */
  async incidentVisible(incidentId: number, teams: readonly number[]): Promise<boolean> {
    const owners = await this.incidentTeams(incidentId);
    return teams.some((t) => owners.has(t));
  }

  /** Keeps the items whose incident `teams` may see. */
  async filterByIncident<T>(items: T[], incidentOf: (item: T) => number, teams: readonly number[]): Promise<T[]> {
    const visible = await Promise.all(items.map((i) => this.incidentVisible(incidentOf(i), teams)));
    return items.filter((_, n) => visible[n]);
  }

  /** The incident behind a post-mortem (action-item events carry only the post-mortem). */
  async postmortemIncident(postmortemId: number): Promise<number | null> {
    const pm = await this.db.dataSource
      .getRepository(Postmortem)
      .findOne({ where: { id: postmortemId }, select: { id: true, incidentId: true } });
    return pm?.incidentId ?? null;
  }

  private async incidentTeams(incidentId: number): Promise<Set<number>> {
    const now = this.elapsedMs();
    const known = this.teamsOf.get(incidentId);
    if (known && now - known.at < REMEMBER_MS) return known.teams;
    const m = this.db.dataSource.manager;
    const links: Array<{ serviceId: number }> = await m
      .createQueryBuilder()
      .select('isv.serviceId AS serviceId')
      .from('incident_service', 'isv')
      .where('isv.incidentId = :incidentId', { incidentId })
      .getRawMany();
    const ids = links.map((l) => Number(l.serviceId));
    const services = ids.length
      ? await m.getRepository(ServiceEntity).find({ where: { id: In(ids) }, select: { id: true, teamId: true } })
      : [];
    const teams = new Set(services.map((s) => s.teamId).filter((t): t is number => t !== null));
    if (this.teamsOf.size >= MAX_REMEMBERED) this.teamsOf.clear();
    this.teamsOf.set(incidentId, { teams, at: now });
    return teams;
  }
}
