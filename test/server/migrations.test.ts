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

      const tables = (await db.dataSource.query(
        kind === 'sqlite'
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
          : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
      )).map((r: { name: string }) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['incident', 'timeline_event', 'service', 'incident_service', 'user', 'migrations']));

      for (let i = db.dataSource.migrations.length; i > 0; i--) await db.dataSource.undoLastMigration();
      expect(await db.dataSource.showMigrations()).toBe(true);
      await db.dataSource.runMigrations();
      expect(await db.dataSource.showMigrations()).toBe(false);
    } finally {
      await db.close();
      await target.drop();
    }
  });
});
