import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Issue 17: identical refused mutations (same minute, address, mutation, outcome and caller) share one audit row
 * with a count, so a flood of refusals cannot fill the disk. Existing rows stand for one attempt each.
 */
export class AuditAggregates1796303036966 implements MigrationInterface {
  name = 'AuditAggregates1796303036966';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('audit_log', [
      new TableColumn({ name: 'count', type: 'integer', default: 1 }),
      new TableColumn({ name: 'aggregateKey', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await q.createIndex(
      'audit_log',
      new TableIndex({ name: 'uq_audit_aggregate', columnNames: ['aggregateKey'], isUnique: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('audit_log', 'uq_audit_aggregate');
    await q.dropColumn('audit_log', 'aggregateKey');
    await q.dropColumn('audit_log', 'count');
  }
}
