import DataLoader from 'dataloader';
import { FindOptionsWhere, In } from 'typeorm';
import { Database } from './data-source';

/** Ids per read by primary key: well below SQLite's bound on parameters in one statement (32,766). */
const IDS_PER_READ = 5_000;

/**
 * The newest `last` rows of incidents' histories (timeline, alerts, notifications), oldest first: reads that never
 * return a history without bound (shared/src/domain/history.ts sets the sizes).
 *
 * A page of incidents asks for each one's history field by field; calls made in the same tick are answered together
 * (dataloader, without its cache: nothing is kept between batches, so a later read sees later rows). One read finds
 * the ids — one bounded, indexed read per incident, joined with UNION ALL, so an incident with 30,000 rows costs no
 * more than one with 30 — and one more loads those rows by primary key: two round trips for the page instead of one
 * per incident. A page of 200 incidents with their timeline, alerts and notifications took 600 reads before.
 */
export class NewestRows<T extends { id: number; incidentId: number | null }> {
  /** One loader for every page size: a batch holds the calls of one tick, grouped by `last` when it runs. */
  private readonly loader = new DataLoader<{ incidentId: number; last: number }, T[]>(
    async (keys) => {
      const answers = new Map<(typeof keys)[number], T[]>();
      for (const last of new Set(keys.map((k) => k.last))) {
        const group = keys.filter((k) => k.last === last);
        const rows = await this.load(
          group.map((k) => k.incidentId),
          last,
        );
        group.forEach((k, i) => answers.set(k, rows[i]));
      }
      return keys.map((k) => answers.get(k)!);
    },
    { cache: false, maxBatchSize: 500 },
  );

  constructor(
    private readonly db: Database,
    private readonly entity: new () => T,
  ) {}

  of(incidentId: number, last: number): Promise<T[]> {
    return this.loader.load({ incidentId, last });
  }

  private async load(incidentIds: readonly number[], last: number): Promise<T[][]> {
    if (!Number.isInteger(last) || last < 1) throw new Error(`last must be a positive integer, got ${last}`);
    const repository = this.db.dataSource.getRepository(this.entity);
    const escape = (name: string) => this.db.dataSource.driver.escape(name);
    const table = escape(repository.metadata.tableName);
    const incidentColumn = escape(repository.metadata.findColumnWithPropertyName('incidentId')!.databaseName);
    const unique = [...new Set(incidentIds)];
    const reads = unique.map(
      (_, i) =>
        `SELECT * FROM (SELECT id FROM ${table} WHERE ${incidentColumn} = ? ORDER BY id DESC LIMIT ${last}) AS q${i}`,
    );
    const found: Array<{ id: number | string }> = await this.db.dataSource.query(reads.join(' UNION ALL '), unique);
    const ids = found.map((row) => Number(row.id));
    const rows: T[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_READ) {
      // Every history row has a numeric id: TypeORM cannot see that through T.
      const where = { id: In(ids.slice(i, i + IDS_PER_READ)) } as unknown as FindOptionsWhere<T>;
      rows.push(...(await repository.findBy(where)));
    }
    rows.sort((a, b) => a.id - b.id);
    const byIncident = new Map<number, T[]>(unique.map((id) => [id, []]));
    for (const row of rows) byIncident.get(row.incidentId!)?.push(row);
    return incidentIds.map((id) => byIncident.get(id)!);
  }
}
