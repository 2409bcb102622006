import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const id: TableColumnOptions = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
};
const time = (name: string, isNullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable,
});

/** The notification outbox and its attempt log. */
export class Notifications1764410000000 implements MigrationInterface {
  name = 'Notifications1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'notification',
        columns: [
          id,
          { name: 'idempotencyKey', type: 'varchar', length: '300' },
          { name: 'incidentId', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'level', type: 'integer', default: 0 },
          { name: 'targetUserId', type: 'integer', isNullable: true },
          { name: 'targetName', type: 'varchar', length: '200' },
          { name: 'channel', type: 'enum', enum: ['SLACK', 'EMAIL', 'WEBHOOK', 'TICKET'] },
          { name: 'address', type: 'varchar', length: '500', isNullable: true },
          { name: 'message', type: 'text' },
          { name: 'status', type: 'enum', enum: ['PENDING', 'SENDING', 'SENT', 'FAILED', 'SKIPPED'] },
          { name: 'attempts', type: 'integer', default: 0 },
          time('nextAttemptAt'),
          time('lockedUntil', true),
          { name: 'lastError', type: 'text', isNullable: true },
          time('createdAt'),
          time('sentAt', true),
        ],
        indices: [
          { name: 'uq_notification_key', columnNames: ['idempotencyKey'], isUnique: true },
          { name: 'idx_notification_due', columnNames: ['status', 'nextAttemptAt'] },
          { name: 'idx_notification_incident', columnNames: ['incidentId'] },
        ],
        foreignKeys: [
          {
            name: 'fk_notification_incident',
            columnNames: ['incidentId'],
            referencedTableName: 'incident',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification_attempt',
        columns: [
          id,
          { name: 'notificationId', type: 'integer' },
          { name: 'attempt', type: 'integer' },
          time('at'),
          { name: 'outcome', type: 'enum', enum: ['SENT', 'RETRY', 'FAILED', 'SKIPPED'] },
          { name: 'responseCode', type: 'integer', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'durationMs', type: 'integer' },
          time('retryAt', true),
        ],
        indices: [{ name: 'idx_notification_attempt_notification', columnNames: ['notificationId', 'attempt'] }],
        foreignKeys: [
          {
            name: 'fk_notification_attempt_notification',
            columnNames: ['notificationId'],
            referencedTableName: 'notification',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notification_attempt');
    await q.dropTable('notification');
  }
}
