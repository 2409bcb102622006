import { metricDurations } from '@vigil/shared';
import { openDatabase } from '../../server/src/db/data-source';
import { createTestDatabase, testDatabaseKinds } from '../support/databases';

describe.each(testDatabaseKinds())('migrations on %s', (kind) => {
  it('run up from empty, match the entities exactly, and go down and up again', async () => {
    const target = await createTestDatabase(kind);
    const db = await openDatabase({ databaseUrl: target.databaseUrl, sqlitePath: target.sqlitePath });
    try {
      expect(await db.dataSource.showMigrations()).toBe(false);
      // If an entity and the migrations disagree, TypeORM would want to change the schema: it must not.
      const diff = await db.dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);

      const tables = (
        await db.dataSource.query(
          kind === 'sqlite'
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
        )
      ).map((r: { name: string }) => r.name);
      expect(tables).toEqual(
        expect.arrayContaining(['incident', 'timeline_event', 'service', 'incident_service', 'user', 'migrations']),
      );

      for (let i = db.dataSource.migrations.length; i > 0; i--) await db.dataSource.undoLastMigration();
      expect(await db.dataSource.showMigrations()).toBe(true);
      await db.dataSource.runMigrations();
      expect(await db.dataSource.showMigrations()).toBe(false);
    } finally {
      await db.close();
      await target.drop();
    }
  });

  it('fills the metrics durations of incidents that existed before the columns did', async () => {
    const target = await createTestDatabase(kind);
    const db = await openDatabase({ databaseUrl: target.databaseUrl, sqlitePath: target.sqlitePath });
    try {
      const ran = async () =>
        (await db.dataSource.query('SELECT name FROM migrations')).map((r: { name: string }) => r.name);
      while ((await ran()).includes('MetricsDurations1764493000000')) await db.dataSource.undoLastMigration();
      const times = {
        detectedAt: new Date('2026-03-29T00:59:59.999Z'),
        acknowledgedAt: new Date('2026-03-29T01:00:00.250Z'),
        mitigatedAt: null,
        resolvedAt: new Date('2026-04-30T10:00:00.001Z'),
      };
      const sql = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').replace('Z', '') : null);
      await db.dataSource.query(
        `INSERT INTO incident (id, title, severity, status, source, detectedAt, acknowledgedAt, mitigatedAt, resolvedAt, acknowledgeBy, resolveBy, createdAt, updatedAt)
         VALUES (1, 'old', 'P1', 'RESOLVED', 'USER_REPORT', ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          sql(times.detectedAt),
          sql(times.acknowledgedAt),
          sql(times.mitigatedAt),
          sql(times.resolvedAt),
          sql(times.resolvedAt),
          sql(times.resolvedAt),
          sql(times.detectedAt),
          sql(times.detectedAt),
        ],
      );
      await db.dataSource.runMigrations();
      const [row] = await db.dataSource.query('SELECT acknowledgeMs, mitigateMs, resolveMs FROM incident WHERE id = 1');
      const num = (v: unknown) => (v === null ? null : Number(v));
      expect({
        acknowledgeMs: num(row.acknowledgeMs),
        mitigateMs: num(row.mitigateMs),
        resolveMs: num(row.resolveMs),
      }).toEqual(metricDurations(times));
    } finally {
      await db.close();
      await target.drop();
    }
  });
});
