import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

// Portable column shapes (STACK.md): integer keys, datetime(3), 'enum' in the Table API, simple-json as text.
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
const longText = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'text', isNullable });

/** Post-mortems, their action items, and the external ids of imported history (issue 5). */
export class PostIncident1764380000000 implements MigrationInterface {
  name = 'PostIncident1764380000000';

  async up(q: QueryRunner): Promise<void> {
    // Covering index for the metrics queries (declared on the Incident entity): no row lookups per incident.
    await q.createIndex(
      'incident',
      new TableIndex({
        name: 'idx_incident_metrics',
        columnNames: [
          'detectedAt',
          'severity',
          'acknowledgedAt',
          'mitigatedAt',
          'resolvedAt',
          'acknowledgeBy',
          'resolveBy',
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'postmortem',
        columns: [
          id,
          { name: 'incidentId', type: 'integer' },
          { name: 'status', type: 'enum', enum: ['DRAFT', 'IN_REVIEW', 'PUBLISHED'] },
          text('title', 200),
          longText('impactSummary'),
          longText('timeline', false),
          longText('whatHappened'),
          longText('whyItHappened'),
          longText('contributingFactors'),
          { name: 'usersAffected', type: 'integer', isNullable: true },
          { name: 'usersAffectedPercent', type: 'double', isNullable: true },
          longText('revenueImpact'),
          longText('reputationImpact'),
          time('resolvedAt'),
          time('dueAt'),
          time('publishedAt', true),
          time('overdueNotifiedAt', true),
          time('createdAt'),
          time('updatedAt'),
          { name: 'version', type: 'integer', default: 1 },
        ],
        indices: [
          { name: 'uq_postmortem_incident', columnNames: ['incidentId'], isUnique: true },
          { name: 'idx_postmortem_status_due', columnNames: ['status', 'dueAt'] },
        ],
        foreignKeys: [
          {
            name: 'fk_postmortem_incident',
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
        name: 'action_item',
        columns: [
          id,
          { name: 'postmortemId', type: 'integer' },
          { name: 'category', type: 'enum', enum: ['IMMEDIATE', 'SHORT_TERM', 'LONG_TERM'] },
          text('title', 200),
          { name: 'ownerId', type: 'integer' },
          time('dueAt'),
          { name: 'status', type: 'enum', enum: ['OPEN', 'IN_PROGRESS', 'DONE', 'WONT_DO'] },
          longText('wontDoReason'),
          text('ticketUrl', 500, true),
          time('createdAt'),
          time('updatedAt'),
          time('closedAt', true),
          { name: 'version', type: 'integer', default: 1 },
        ],
        indices: [
          { name: 'idx_action_item_postmortem', columnNames: ['postmortemId'] },
          { name: 'idx_action_item_owner_status', columnNames: ['ownerId', 'status'] },
          { name: 'idx_action_item_status_due', columnNames: ['status', 'dueAt'] },
        ],
        foreignKeys: [
          {
            name: 'fk_action_item_postmortem',
            columnNames: ['postmortemId'],
            referencedTableName: 'postmortem',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'fk_action_item_owner',
            columnNames: ['ownerId'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'imported_incident',
        columns: [
          id,
          text('source', 40),
          text('externalId', 200),
          { name: 'incidentId', type: 'integer' },
          time('importedAt'),
        ],
        indices: [
          { name: 'uq_imported_incident_external', columnNames: ['source', 'externalId'], isUnique: true },
          { name: 'idx_imported_incident_incident', columnNames: ['incidentId'] },
        ],
        foreignKeys: [
          {
            name: 'fk_imported_incident_incident',
            columnNames: ['incidentId'],
            referencedTableName: 'incident',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('imported_incident');
    await q.dropTable('action_item');
    await q.dropTable('postmortem');
    await q.dropIndex('incident', 'idx_incident_metrics');
  }
}
