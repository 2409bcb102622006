import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Issue 9: deployments per service, responder rollback flags per incident, maintenance windows per service. */
export class ChangeAwareness1764420000000 implements MigrationInterface {
  name = 'ChangeAwareness1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'deployment',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'serviceId', type: 'integer' },
          { name: 'version', type: 'varchar', length: '200' },
          { name: 'previousVersion', type: 'varchar', length: '200', isNullable: true },
          { name: 'deployedBy', type: 'varchar', length: '200', isNullable: true },
          { name: 'deployedAt', type: 'datetime', precision: 3 },
          { name: 'link', type: 'varchar', length: '2000', isNullable: true },
          { name: 'environment', type: 'varchar', length: '100', isNullable: true },
          { name: 'summary', type: 'varchar', length: '1000', isNullable: true },
          { name: 'source', type: 'enum', enum: ['API', 'GENERIC', 'PAGERDUTY', 'GITHUB'] },
          { name: 'externalId', type: 'varchar', length: '200', isNullable: true },
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [
          {
            name: 'fk_deployment_service',
            columnNames: ['serviceId'],
            referencedTableName: 'service',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'idx_deployment_service_at', columnNames: ['serviceId', 'deployedAt'] },
          { name: 'uq_deployment_external', columnNames: ['source', 'externalId'], isUnique: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'incident_rollback_flags',
        columns: [
          { name: 'incidentId', type: 'integer', isPrimary: true },
          { name: 'serviceDown', type: 'boolean', default: 0 },
          { name: 'dataCorruptionRisk', type: 'boolean', default: 0 },
          { name: 'securityBreach', type: 'boolean', default: 0 },
          { name: 'errorRateBasisPoints', type: 'integer', isNullable: true },
          { name: 'updatedAt', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [
          {
            name: 'fk_rollback_flags_incident',
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
        name: 'maintenance_window',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'serviceId', type: 'integer' },
          { name: 'startsAt', type: 'datetime', precision: 3 },
          { name: 'endsAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'reason', type: 'varchar', length: '2000', isNullable: true },
          { name: 'createdBy', type: 'varchar', length: '200' },
          { name: 'createdAt', type: 'datetime', precision: 3 },
          { name: 'updatedAt', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [
          {
            name: 'fk_maintenance_service',
            columnNames: ['serviceId'],
            referencedTableName: 'service',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [{ name: 'idx_maintenance_service_start', columnNames: ['serviceId', 'startsAt'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('maintenance_window');
    await q.dropTable('incident_rollback_flags');
    await q.dropTable('deployment');
  }
}
