import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};
const time = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });

/** On-call schedules (rotations, overrides), escalation policies and each incident's durable escalation timer. */
export class OnCallEscalation1764400000000 implements MigrationInterface {
  name = 'OnCallEscalation1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'schedule',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'description', type: 'text', isNullable: true },
          time('createdAt'),
          time('updatedAt'),
        ],
        indices: [{ name: 'uq_schedule_name', columnNames: ['name'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'schedule_rotation',
        columns: [
          id,
          { name: 'scheduleId', type: 'integer' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'shiftUnit', type: 'enum', enum: ['HOURLY', 'DAILY', 'WEEKLY'] },
          { name: 'shiftCount', type: 'integer' },
          { name: 'handoffTime', type: 'varchar', length: '5' },
          { name: 'timeZone', type: 'varchar', length: '64' },
          { name: 'startDate', type: 'varchar', length: '10' },
          { name: 'participantIds', type: 'text' },
          time('createdAt'),
        ],
        foreignKeys: [
          {
            name: 'fk_rotation_schedule',
            columnNames: ['scheduleId'],
            referencedTableName: 'schedule',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [{ name: 'idx_rotation_schedule', columnNames: ['scheduleId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'schedule_override',
        columns: [
          id,
          { name: 'scheduleId', type: 'integer' },
          { name: 'kind', type: 'enum', enum: ['ADD', 'REMOVE', 'REPLACE'] },
          { name: 'userId', type: 'integer' },
          { name: 'replacedUserId', type: 'integer', isNullable: true },
          time('startsAt'),
          time('endsAt'),
          { name: 'reason', type: 'varchar', length: '500', isNullable: true },
          time('createdAt'),
        ],
        foreignKeys: [
          {
            name: 'fk_override_schedule',
            columnNames: ['scheduleId'],
            referencedTableName: 'schedule',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [{ name: 'idx_override_schedule', columnNames: ['scheduleId', 'endsAt'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'escalation_policy',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'isDefault', type: 'boolean', default: 0 },
          { name: 'repeatCount', type: 'integer', default: 0 },
          { name: 'levels', type: 'text' },
          time('createdAt'),
          time('updatedAt'),
        ],
        indices: [{ name: 'uq_escalation_policy_name', columnNames: ['name'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'incident_escalation',
        columns: [
          id,
          { name: 'incidentId', type: 'integer' },
          { name: 'policyId', type: 'integer', isNullable: true },
          { name: 'policyName', type: 'varchar', length: '100' },
          { name: 'policy', type: 'text' },
          { name: 'cycle', type: 'integer', default: 1 },
          { name: 'level', type: 'integer', default: 0 },
          { name: 'round', type: 'integer', default: 0 },
          time('lastFiredAt', true),
          { name: 'lastPagedCount', type: 'integer', default: 0 },
          { name: 'nextLevel', type: 'integer', isNullable: true },
          { name: 'nextRound', type: 'integer', default: 0 },
          { name: 'nextReason', type: 'varchar', length: '20', isNullable: true },
          time('nextAt', true),
          { name: 'active', type: 'boolean', default: 1 },
          { name: 'assigneeUserId', type: 'integer', isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          time('updatedAt'),
        ],
        foreignKeys: [
          {
            name: 'fk_incident_escalation_incident',
            columnNames: ['incidentId'],
            referencedTableName: 'incident',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'uq_incident_escalation', columnNames: ['incidentId'], isUnique: true },
          { name: 'idx_incident_escalation_due', columnNames: ['active', 'nextAt'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['incident_escalation', 'escalation_policy', 'schedule_override', 'schedule_rotation', 'schedule'])
      await q.dropTable(t);
  }
}
