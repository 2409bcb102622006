import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Issue 20: being on the public status page is a decision. Incidents that exist already were all public, so each
 * gets a row saying so (by default: a later severity change follows the rule, a responder may unpublish).
 */
export class IncidentPublication1796340000000 implements MigrationInterface {
  name = 'IncidentPublication1796340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'incident_publication',
        columns: [
          { name: 'incidentId', type: 'integer', isPrimary: true },
          { name: 'state', type: 'varchar', length: '20' },
          { name: 'decidedBy', type: 'varchar', length: '20' },
          { name: 'title', type: 'varchar', length: '200', isNullable: true },
          { name: 'impact', type: 'varchar', length: '30', isNullable: true },
          { name: 'decidedAt', type: 'datetime', precision: 3 },
          { name: 'decidedById', type: 'integer', isNullable: true },
        ],
        foreignKeys: [
          {
            name: 'fk_incident_publication_incident',
            columnNames: ['incidentId'],
            referencedTableName: 'incident',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.query(
      `INSERT INTO incident_publication (incidentId, state, decidedBy, title, impact, decidedAt, decidedById)
       SELECT id, 'PUBLISHED', 'DEFAULT', NULL, NULL, createdAt, NULL FROM incident`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('incident_publication');
  }
}
