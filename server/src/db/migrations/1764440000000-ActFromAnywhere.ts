import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};
const time = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });

/** Issue 7: Slack replay protection, emailed action links, heartbeat monitors and incident roles. */
export class ActFromAnywhere1764440000000 implements MigrationInterface {
  name = 'ActFromAnywhere1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'slack_request_seen',
        columns: [id, { name: 'signature', type: 'varchar', length: '64' }, time('seenAt')],
        indices: [
          { name: 'uq_slack_request_signature', columnNames: ['signature'], isUnique: true },
          { name: 'idx_slack_request_seen_at', columnNames: ['seenAt'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'server_secret',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'value', type: 'varchar', length: '128' },
          time('createdAt'),
        ],
        indices: [{ name: 'uq_server_secret_name', columnNames: ['name'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'used_action_link',
        columns: [
          id,
          { name: 'linkHash', type: 'varchar', length: '64' },
          { name: 'action', type: 'enum', enum: ['ACKNOWLEDGE', 'ESCALATE'] },
          { name: 'incidentId', type: 'integer' },
          { name: 'userId', type: 'integer' },
          time('usedAt'),
        ],
        indices: [{ name: 'uq_used_action_link', columnNames: ['linkHash'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'heartbeat_monitor',
        columns: [
          id,
          { name: 'serviceId', type: 'integer' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'intervalSeconds', type: 'integer' },
          { name: 'graceSeconds', type: 'integer' },
          { name: 'severity', type: 'enum', enum: ['P0', 'P1', 'P2', 'P3'] },
          { name: 'keyHash', type: 'varchar', length: '64' },
          { name: 'keyPrefix', type: 'varchar', length: '8' },
          { name: 'status', type: 'enum', enum: ['UP', 'DOWN'] },
          time('lastPingAt', true),
          time('dueAt'),
          { name: 'incidentId', type: 'integer', isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          time('createdAt'),
        ],
        foreignKeys: [
          {
            name: 'fk_heartbeat_service',
            columnNames: ['serviceId'],
            referencedTableName: 'service',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'uq_heartbeat_key', columnNames: ['keyHash'], isUnique: true },
          { name: 'uq_heartbeat_service_name', columnNames: ['serviceId', 'name'], isUnique: true },
          { name: 'idx_heartbeat_due', columnNames: ['status', 'dueAt'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'incident_role',
        columns: [
          id,
          { name: 'incidentId', type: 'integer' },
          { name: 'role', type: 'enum', enum: ['COMMANDER', 'SCRIBE', 'COMMUNICATIONS'] },
          { name: 'userId', type: 'integer' },
          time('since'),
        ],
        foreignKeys: [
          {
            name: 'fk_incident_role_incident',
            columnNames: ['incidentId'],
            referencedTableName: 'incident',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'fk_incident_role_user',
            columnNames: ['userId'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [
          { name: 'uq_incident_role', columnNames: ['incidentId', 'role'], isUnique: true },
          { name: 'idx_incident_role_user', columnNames: ['userId'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['incident_role', 'heartbeat_monitor', 'used_action_link', 'server_secret', 'slack_request_seen'])
      await q.dropTable(t);
  }
}
