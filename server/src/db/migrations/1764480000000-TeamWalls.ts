import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

/** Teams own walls: a wall token may belong to a team, and its wall then shows that team's incidents. */
export class TeamWalls1764480000000 implements MigrationInterface {
  name = 'TeamWalls1764480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('api_token', new TableColumn({ name: 'teamId', type: 'integer', isNullable: true }));
    await q.createIndex('api_token', new TableIndex({ name: 'idx_api_token_team', columnNames: ['teamId'] }));
    await q.createForeignKey(
      'api_token',
      new TableForeignKey({
        name: 'fk_api_token_team',
        columnNames: ['teamId'],
        referencedTableName: 'team',
        referencedColumnNames: ['id'],
        onDelete: 'SET NULL',
        onUpdate: 'NO ACTION',
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropForeignKey('api_token', 'fk_api_token_team');
    await q.dropIndex('api_token', 'idx_api_token_team');
    await q.dropColumn('api_token', 'teamId');
  }
}
