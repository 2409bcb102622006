import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

const OWNED = [
  { table: 'service', index: 'idx_service_team', fk: 'fk_service_team' },
  { table: 'schedule', index: 'idx_schedule_team', fk: 'fk_schedule_team' },
  { table: 'escalation_policy', index: 'idx_escalation_policy_team', fk: 'fk_escalation_policy_team' },
];

/** Teams own services, schedules and escalation policies; a member can hold a role within their team. */
export class Teams1764460000000 implements MigrationInterface {
  name = 'Teams1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'team_member',
      new TableColumn({ name: 'role', type: 'enum', enum: ['VIEWER', 'RESPONDER', 'LEAD', 'ADMIN'], isNullable: true }),
    );
    for (const o of OWNED) {
      await q.addColumn(o.table, new TableColumn({ name: 'teamId', type: 'integer', isNullable: true }));
      await q.createIndex(o.table, new TableIndex({ name: o.index, columnNames: ['teamId'] }));
      await q.createForeignKey(
        o.table,
        new TableForeignKey({
          name: o.fk,
          columnNames: ['teamId'],
          referencedTableName: 'team',
          referencedColumnNames: ['id'],
          onDelete: 'SET NULL',
          onUpdate: 'NO ACTION',
        }),
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const o of [...OWNED].reverse()) {
      await q.dropForeignKey(o.table, o.fk);
      await q.dropIndex(o.table, o.index);
      await q.dropColumn(o.table, 'teamId');
    }
    await q.dropColumn('team_member', 'role');
  }
}
