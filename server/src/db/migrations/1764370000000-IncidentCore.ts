import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

// Portable column shapes (see STACK.md): integer keys, datetime(3) for millisecond times, 'enum' in the Table API.
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

export class IncidentCore1764370000000 implements MigrationInterface {
  name = 'IncidentCore1764370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'user',
        columns: [
          id,
          text('name', 200),
          text('email', 320),
          { ...text('timeZone', 64), default: "'UTC'" },
          time('createdAt'),
        ],
        indices: [{ name: 'uq_user_email', columnNames: ['email'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'service',
        columns: [id, text('name', 100), { name: 'description', type: 'text', isNullable: true }, time('createdAt')],
        indices: [{ name: 'uq_service_name', columnNames: ['name'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'incident',
        columns: [
          id,
          text('title', 200),
          { name: 'summary', type: 'text', isNullable: true },
          { name: 'severity', type: 'enum', enum: ['P0', 'P1', 'P2', 'P3'] },
          {
            name: 'status',
            type: 'enum',
            enum: ['TRIGGERED', 'ACKNOWLEDGED', 'INVESTIGATING', 'IDENTIFIED', 'MITIGATED', 'RESOLVED'],
          },
          { name: 'source', type: 'enum', enum: ['MONITORING_ALERT', 'USER_REPORT', 'INTERNAL_DISCOVERY'] },
          time('detectedAt'),
          time('acknowledgedAt', true),
          time('mitigatedAt', true),
          time('resolvedAt', true),
          time('acknowledgeBy'),
          time('resolveBy'),
          time('lastStatusUpdateAt', true),
          { name: 'commanderId', type: 'integer', isNullable: true },
          time('createdAt'),
          time('updatedAt'),
          { name: 'version', type: 'integer', default: 1 },
        ],
        foreignKeys: [
          {
            name: 'fk_incident_commander',
            columnNames: ['commanderId'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createIndex(
      'incident',
      new TableIndex({ name: 'idx_incident_detected', columnNames: ['detectedAt', 'id'] }),
    );
    await q.createIndex(
      'incident',
      new TableIndex({ name: 'idx_incident_status_severity', columnNames: ['status', 'severity'] }),
    );
    await q.createTable(
      new Table({
        name: 'incident_service',
        columns: [
          { name: 'incidentId', type: 'integer', isPrimary: true },
          { name: 'serviceId', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [
          {
            name: 'fk_incident_service_incident',
            columnNames: ['incidentId'],
            referencedTableName: 'incident',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'CASCADE',
          },
          {
            name: 'fk_incident_service_service',
            columnNames: ['serviceId'],
            referencedTableName: 'service',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'CASCADE',
          },
        ],
      }),
    );
    // The names TypeORM derives for a @JoinTable's own indexes, so that entities and schema agree exactly.
    await q.createIndex(
      'incident_service',
      new TableIndex({ name: 'IDX_5a507cd3483a7bb803e5368431', columnNames: ['incidentId'] }),
    );
    await q.createIndex(
      'incident_service',
      new TableIndex({ name: 'IDX_81aca8306b48f9d1a10cda6271', columnNames: ['serviceId'] }),
    );
    await q.createTable(
      new Table({
        name: 'timeline_event',
        columns: [
          id,
          { name: 'incidentId', type: 'integer' },
          text('type', 40),
          { name: 'message', type: 'text' },
          text('actorName', 200),
          text('actorKind', 20),
          { name: 'actorId', type: 'integer', isNullable: true },
          { name: 'public', type: 'boolean', default: 0 },
          time('at'),
          { name: 'data', type: 'text', isNullable: true },
        ],
        foreignKeys: [
          {
            name: 'fk_timeline_incident',
            columnNames: ['incidentId'],
            referencedTableName: 'incident',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createIndex(
      'timeline_event',
      new TableIndex({ name: 'idx_timeline_incident', columnNames: ['incidentId', 'id'] }),
    );
    await q.createIndex('timeline_event', new TableIndex({ name: 'idx_timeline_at', columnNames: ['at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('timeline_event');
    await q.dropTable('incident_service');
    await q.dropTable('incident');
    await q.dropTable('service');
    await q.dropTable('user');
  }
}
