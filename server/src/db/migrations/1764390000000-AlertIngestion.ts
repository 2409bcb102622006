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
const text = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});

/** Integrations (per service, with a hashed key) and the alerts they send, deduplicated by a unique index. */
export class AlertIngestion1764390000000 implements MigrationInterface {
  name = 'AlertIngestion1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'integration',
        columns: [
          id,
          { name: 'serviceId', type: 'integer' },
          text('name', 100),
          { name: 'kind', type: 'enum', enum: ['PAGERDUTY_EVENTS_V2', 'ALERTMANAGER', 'GRAFANA', 'GENERIC_WEBHOOK'] },
          text('keyHash', 64),
          text('keyPrefix', 8),
          text('hmacSecret', 200, true),
          { name: 'severityMapping', type: 'text', isNullable: true },
          time('createdAt'),
          time('keyRotatedAt'),
        ],
        foreignKeys: [
          {
            name: 'fk_integration_service',
            columnNames: ['serviceId'],
            referencedTableName: 'service',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'uq_integration_key', columnNames: ['keyHash'], isUnique: true },
          { name: 'idx_integration_service', columnNames: ['serviceId'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alert',
        columns: [
          id,
          { name: 'integrationId', type: 'integer' },
          { name: 'incidentId', type: 'integer', isNullable: true },
          text('dedupKey', 255),
          { name: 'openMarker', type: 'integer', isNullable: true },
          text('groupKey', 255, true),
          { name: 'status', type: 'enum', enum: ['TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED'] },
          text('summary', 1024),
          text('source', 255, true),
          { name: 'severity', type: 'enum', enum: ['P0', 'P1', 'P2', 'P3'] },
          text('alertSeverity', 40, true),
          { name: 'details', type: 'text', isNullable: true },
          { name: 'triggerCount', type: 'integer', default: 1 },
          time('createdAt'),
          time('lastEventAt'),
          time('resolvedAt', true),
        ],
        foreignKeys: [
          {
            name: 'fk_alert_integration',
            columnNames: ['integrationId'],
            referencedTableName: 'integration',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'fk_alert_incident',
            columnNames: ['incidentId'],
            referencedTableName: 'incident',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'uq_alert_open', columnNames: ['integrationId', 'dedupKey', 'openMarker'], isUnique: true },
          { name: 'idx_alert_incident', columnNames: ['incidentId'] },
          { name: 'idx_alert_group', columnNames: ['integrationId', 'groupKey'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('alert');
    await q.dropTable('integration');
  }
}
