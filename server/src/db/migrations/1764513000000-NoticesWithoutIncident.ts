import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Shift hand-offs (issue 16) are told through the outbox too, and belong to no incident. */
export class NoticesWithoutIncident1764513000000 implements MigrationInterface {
  name = 'NoticesWithoutIncident1764513000000';

  async up(q: QueryRunner): Promise<void> {
    await this.nullable(q, true);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM notification WHERE incidentId IS NULL');
    await this.nullable(q, false);
  }

  private async nullable(q: QueryRunner, isNullable: boolean): Promise<void> {
    if (q.connection.driver.options.type === 'better-sqlite3') {
      // SQLite cannot alter a column: TypeORM rebuilds the table, keys and indexes included.
      await q.changeColumn(
        'notification',
        'incidentId',
        new TableColumn({ name: 'incidentId', type: 'integer', isNullable }),
      );
    } else {
      // In place: TypeORM's MySQL changeColumn would drop the column, which its foreign key's index forbids.
      await q.query(`ALTER TABLE \`notification\` MODIFY \`incidentId\` int ${isNullable ? 'NULL' : 'NOT NULL'}`);
    }
  }
}
