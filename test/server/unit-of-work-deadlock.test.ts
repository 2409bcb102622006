import { systemClock } from '@vigil/shared';
import { Database, openDatabase } from '../../server/src/db/data-source';
import { Units } from '../../server/src/db/unit-of-work';
import { createVigilPubSub } from '../../server/src/pubsub/pubsub';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { describeIf, mysqlAvailable } from '../support/services';

/**
 * Two changes that lock the same two rows in opposite orders: MariaDB undoes one of them as a deadlock's victim
 * (ER_LOCK_DEADLOCK), as it did when an acknowledgement and two escalation engines inserted pages at once in CI.
 */
describeIf(mysqlAvailable())('a unit of work chosen as a deadlock victim on MariaDB', () => {
  let database: TestDatabase;
  let db: Database;
  let units: Units;

  beforeAll(async () => {
    database = await createTestDatabase('mariadb');
    db = await openDatabase({ databaseUrl: database.databaseUrl, sqlitePath: '' });
    units = new Units(db, createVigilPubSub(null).pubSub, systemClock);
    await db.dataSource.query('CREATE TABLE probe (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB');
    await db.dataSource.query('INSERT INTO probe VALUES (1, 0), (2, 0)');
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('is done again from the start: both changes land, and only committed attempts run their after-commit work', async () => {
    let bothHoldOne: () => void = () => undefined;
    const firstLocksTaken = new Promise<void>((resolve) => {
      let taken = 0;
      bothHoldOne = () => {
        if (++taken === 2) resolve();
      };
    });
    let attempts = 0;
    let committed = 0;
    const change = (first: number, second: number) =>
      units.run(async (uow) => {
        attempts++;
        await uow.manager.query('UPDATE probe SET n = n + 1 WHERE id = ?', [first]);
        bothHoldOne();
        await firstLocksTaken;
        await uow.manager.query('UPDATE probe SET n = n + 1 WHERE id = ?', [second]);
        uow.afterCommit(() => void committed++);
      });

    await Promise.all([change(1, 2), change(2, 1)]);

    const rows: Array<{ id: number; n: number }> = await db.dataSource.query('SELECT id, n FROM probe ORDER BY id');
    expect(rows.map((r) => Number(r.n))).toEqual([2, 2]);
    // One of the two was undone at least once and done again; each change's after-commit work ran once.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(committed).toBe(2);
  });
});
