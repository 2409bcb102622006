import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Issue 20: people and systems subscribe to the public status page (email with double opt-in, or a webhook). */
export class StatusSubscribers1796350000000 implements MigrationInterface {
  name = 'StatusSubscribers1796350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'status_subscriber',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'kind', type: 'varchar', length: '10' },
          { name: 'address', type: 'varchar', length: '2000' },
          { name: 'addressKey', type: 'varchar', length: '64' },
          { name: 'components', type: 'text', isNullable: true },
          { name: 'label', type: 'varchar', length: '200', isNullable: true },
          { name: 'confirmedAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'confirmationSentAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'confirmNonce', type: 'varchar', length: '64', isNullable: true },
          { name: 'salt', type: 'varchar', length: '64' },
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'uq_status_subscriber_address', columnNames: ['addressKey'], isUnique: true }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('status_subscriber');
  }
}
