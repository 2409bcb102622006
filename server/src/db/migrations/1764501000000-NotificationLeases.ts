import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Issue 15: a notification being sent names the process holding its lease (host:pid), so a stuck one is traceable. */
export class NotificationLeases1764501000000 implements MigrationInterface {
  name = 'NotificationLeases1764501000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'notification',
      new TableColumn({ name: 'leaseOwner', type: 'varchar', length: '100', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('notification', 'leaseOwner');
  }
}
