import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * An alert that fires again says what it sees now (walk of issue 16): when it last fired, so its error_rate label
 * is read as of then against a responder's measurement. Null: it fired once, at createdAt.
 */
export class AlertLatestFiring1796304371429 implements MigrationInterface {
  name = 'AlertLatestFiring1796304371429';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'alert',
      new TableColumn({ name: 'lastTriggeredAt', type: 'datetime', precision: 3, isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('alert', 'lastTriggeredAt');
  }
}
