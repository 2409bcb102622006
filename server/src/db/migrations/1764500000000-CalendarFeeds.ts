import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Issue 13: calendar feeds are reached by a secret URL, per person or per schedule, stored hashed. */
export class CalendarFeeds1764500000000 implements MigrationInterface {
  name = 'CalendarFeeds1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'calendar_feed',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'userId', type: 'integer', isNullable: true },
          { name: 'scheduleId', type: 'integer', isNullable: true },
          { name: 'tokenHash', type: 'varchar', length: '64' },
          { name: 'prefix', type: 'varchar', length: '12' },
          { name: 'createdAt', type: 'datetime', precision: 3 },
          { name: 'lastUsedAt', type: 'datetime', precision: 3, isNullable: true },
        ],
        foreignKeys: [
          {
            name: 'fk_calendar_feed_user',
            columnNames: ['userId'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'fk_calendar_feed_schedule',
            columnNames: ['scheduleId'],
            referencedTableName: 'schedule',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'uq_calendar_feed_hash', columnNames: ['tokenHash'], isUnique: true },
          { name: 'uq_calendar_feed_user', columnNames: ['userId'], isUnique: true },
          { name: 'uq_calendar_feed_schedule', columnNames: ['scheduleId'], isUnique: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('calendar_feed');
  }
}
