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
const userFk = (name: string) => ({
  name,
  columnNames: ['userId'],
  referencedTableName: 'user',
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
  onUpdate: 'NO ACTION',
});

/** Credentials (API tokens, browser sessions), stored as hashes, and the audit log. */
export class AccessControl1764376000000 implements MigrationInterface {
  name = 'AccessControl1764376000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'api_token',
        columns: [
          id,
          { name: 'userId', type: 'integer' },
          { name: 'kind', type: 'enum', enum: ['PERSONAL', 'WALL', 'BOOTSTRAP'] },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'tokenHash', type: 'varchar', length: '64' },
          { name: 'prefix', type: 'varchar', length: '12' },
          time('createdAt'),
          time('lastUsedAt', true),
          time('expiresAt', true),
          time('revokedAt', true),
        ],
        foreignKeys: [userFk('fk_api_token_user')],
        indices: [
          { name: 'uq_api_token_hash', columnNames: ['tokenHash'], isUnique: true },
          { name: 'idx_api_token_user', columnNames: ['userId'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'session',
        columns: [
          id,
          { name: 'userId', type: 'integer' },
          { name: 'tokenHash', type: 'varchar', length: '64' },
          time('createdAt'),
          time('lastSeenAt'),
          time('revokedAt', true),
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
        ],
        foreignKeys: [userFk('fk_session_user')],
        indices: [
          { name: 'uq_session_hash', columnNames: ['tokenHash'], isUnique: true },
          { name: 'idx_session_user', columnNames: ['userId'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          id,
          time('at'),
          { name: 'actorKind', type: 'varchar', length: '20' },
          { name: 'actorName', type: 'varchar', length: '200' },
          { name: 'actorId', type: 'integer', isNullable: true },
          { name: 'action', type: 'varchar', length: '100' },
          { name: 'args', type: 'text', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '40' },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'transport', type: 'varchar', length: '12' },
        ],
        indices: [
          { name: 'idx_audit_at', columnNames: ['at'] },
          { name: 'idx_audit_actor', columnNames: ['actorId', 'at'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_log');
    await q.dropTable('session');
    await q.dropTable('api_token');
  }
}
