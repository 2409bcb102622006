import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Clocks from detection (issue 16): a ladder remembers when its current level was due, the instant its next
 * timeout counts from, which differs from when it fired for an incident declared late.
 */
export class EscalationClock1764511000000 implements MigrationInterface {
  name = 'EscalationClock1764511000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'incident_escalation',
      new TableColumn({ name: 'clockAt', type: 'datetime', precision: 3, isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('incident_escalation', 'clockAt');
  }
}
