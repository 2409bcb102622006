import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/** People as the procedure needs them: a role, ways to reach them, and the teams they belong to. */
export class PeopleAndTeams1764375000000 implements MigrationInterface {
  name = 'PeopleAndTeams1764375000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('user', [
      new TableColumn({
        name: 'role',
        type: 'enum',
        enum: ['VIEWER', 'RESPONDER', 'LEAD', 'ADMIN'],
        default: "'RESPONDER'",
      }),
      new TableColumn({ name: 'passwordHash', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'active', type: 'boolean', default: 1 }),
      new TableColumn({ name: 'slackUserId', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await q.createIndex(
      'user',
      new TableIndex({ name: 'uq_user_slack', columnNames: ['slackUserId'], isUnique: true }),
    );
    await q.createTable(
      new Table({
        name: 'contact_method',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'userId', type: 'integer' },
          { name: 'kind', type: 'enum', enum: ['EMAIL', 'SLACK', 'SMS', 'WEBHOOK'] },
          { name: 'address', type: 'varchar', length: '500' },
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [
          {
            name: 'fk_contact_user',
            columnNames: ['userId'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [{ name: 'idx_contact_user', columnNames: ['userId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'team',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'uq_team_name', columnNames: ['name'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'team_member',
        columns: [
          { name: 'teamId', type: 'integer', isPrimary: true },
          { name: 'userId', type: 'integer', isPrimary: true },
          { name: 'isLead', type: 'boolean', default: 0 },
        ],
        foreignKeys: [
          {
            name: 'fk_team_member_team',
            columnNames: ['teamId'],
            referencedTableName: 'team',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'fk_team_member_user',
            columnNames: ['userId'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [{ name: 'idx_team_member_user', columnNames: ['userId'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('team_member');
    await q.dropTable('team');
    await q.dropTable('contact_method');
    await q.dropIndex('user', 'uq_user_slack');
    for (const c of ['slackUserId', 'active', 'passwordHash', 'role']) await q.dropColumn('user', c);
  }
}
