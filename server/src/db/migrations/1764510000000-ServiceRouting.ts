import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

const POLICY_OWNERS = [
  { table: 'service', index: 'idx_service_escalation_policy', fk: 'fk_service_escalation_policy' },
  { table: 'team', index: 'idx_team_escalation_policy', fk: 'fk_team_escalation_policy' },
];

/**
 * Routing per service (issue 16): a service, and a team for its services, may name an escalation policy, and an
 * incident remembers its primary service, whose policy it follows.
 */
export class ServiceRouting1764510000000 implements MigrationInterface {
  name = 'ServiceRouting1764510000000';

  async up(q: QueryRunner): Promise<void> {
    const sqlite = q.connection.driver.options.type === 'better-sqlite3';
    for (const o of POLICY_OWNERS) {
      await q.addColumn(o.table, new TableColumn({ name: 'escalationPolicyId', type: 'integer', isNullable: true }));
      await q.createIndex(o.table, new TableIndex({ name: o.index, columnNames: ['escalationPolicyId'] }));
      await q.createForeignKey(
        o.table,
        new TableForeignKey({
          name: o.fk,
          columnNames: ['escalationPolicyId'],
          referencedTableName: 'escalation_policy',
          referencedColumnNames: ['id'],
          onDelete: 'SET NULL',
          onUpdate: 'NO ACTION',
        }),
      );
    }
    await q.addColumn('incident', new TableColumn({ name: 'primaryServiceId', type: 'integer', isNullable: true }));
    await q.createIndex(
      'incident',
      new TableIndex({ name: 'idx_incident_primary_service', columnNames: ['primaryServiceId'] }),
    );
    await q.createForeignKey(
      'incident',
      new TableForeignKey({
        name: 'fk_incident_primary_service',
        columnNames: ['primaryServiceId'],
        referencedTableName: 'service',
        referencedColumnNames: ['id'],
        onDelete: 'SET NULL',
        onUpdate: 'NO ACTION',
      }),
    );
    // Incidents from before had no order among their services: the oldest service stands for the primary one.
    const c = (name: string) => (sqlite ? `"${name}"` : `\`${name}\``);
    await q.query(
      `UPDATE incident SET ${c('primaryServiceId')} = (SELECT MIN(isv.${c('serviceId')}) FROM incident_service isv WHERE isv.${c('incidentId')} = incident.${c('id')})`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropForeignKey('incident', 'fk_incident_primary_service');
    await q.dropIndex('incident', 'idx_incident_primary_service');
    await q.dropColumn('incident', 'primaryServiceId');
    for (const o of [...POLICY_OWNERS].reverse()) {
      await q.dropForeignKey(o.table, o.fk);
      await q.dropIndex(o.table, o.index);
      await q.dropColumn(o.table, 'escalationPolicyId');
    }
  }
}
