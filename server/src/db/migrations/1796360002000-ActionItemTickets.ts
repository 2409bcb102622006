import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Issue 21: action items become tickets in a team's tracker; each item's ticket and how far its sync got. */
export class ActionItemTickets1796360002000 implements MigrationInterface {
  name = 'ActionItemTickets1796360002000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ticket_tracker',
        columns: [
          { name: 'teamId', type: 'integer', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'repository', type: 'varchar', length: '200' },
          { name: 'updatedAt', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [
          {
            name: 'fk_ticket_tracker_team',
            columnNames: ['teamId'],
            referencedTableName: 'team',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ticket_link',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'actionItemId', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'repository', type: 'varchar', length: '200' },
          { name: 'number', type: 'integer', isNullable: true },
          { name: 'url', type: 'varchar', length: '500', isNullable: true },
          { name: 'state', type: 'varchar', length: '10' },
          { name: 'lastError', type: 'text', isNullable: true },
          { name: 'createTriedAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'remoteState', type: 'varchar', length: '10', isNullable: true },
          { name: 'remoteAssignee', type: 'varchar', length: '100', isNullable: true },
          { name: 'syncedAt', type: 'datetime', precision: 3, isNullable: true },
          { name: 'updatedAt', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'uq_ticket_link_item', columnNames: ['actionItemId'], isUnique: true },
          { name: 'idx_ticket_link_issue', columnNames: ['repository', 'number'] },
        ],
        foreignKeys: [
          {
            name: 'fk_ticket_link_item',
            columnNames: ['actionItemId'],
            referencedTableName: 'action_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('ticket_link');
    await q.dropTable('ticket_tracker');
  }
}
