import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

const CONTACT_KINDS = ['EMAIL', 'SLACK', 'SMS', 'WEBHOOK'];
const CHANNELS = ['SLACK', 'EMAIL', 'WEBHOOK', 'TICKET'];
const STATUSES = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'SKIPPED'];

/**
 * Issue 18: people are reached by SMS and voice, through their own notification rules, on verified methods only.
 * Methods that existed before verification did are taken as verified (they were being paged); a new one waits
 * for its code. Pages to a person get a page key (its steps), a reply code, and the status CANCELLED.
 */
export class PersonalPaging1796310000000 implements MigrationInterface {
  name = 'PersonalPaging1796310000000';

  async up(q: QueryRunner): Promise<void> {
    await this.enums(q, [...CONTACT_KINDS, 'VOICE'], [...CHANNELS, 'SMS', 'VOICE'], [...STATUSES, 'CANCELLED']);
    await q.addColumns('contact_method', [
      new TableColumn({ name: 'verifiedAt', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'codeHash', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'codeExpiresAt', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'codeSentAt', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'codeAttempts', type: 'integer', default: 0 }),
    ]);
    await q.query('UPDATE contact_method SET verifiedAt = createdAt');
    await q.addColumns('notification', [
      new TableColumn({ name: 'contactMethodId', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'pageKey', type: 'varchar', length: '300', isNullable: true }),
      new TableColumn({ name: 'replyCode', type: 'varchar', length: '12', isNullable: true }),
    ]);
    await q.createIndex('notification', new TableIndex({ name: 'idx_notification_page', columnNames: ['pageKey'] }));
    await q.createIndex('notification', new TableIndex({ name: 'idx_notification_reply', columnNames: ['replyCode'] }));
    await q.createTable(
      new Table({
        name: 'notification_rule',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'userId', type: 'integer' },
          { name: 'urgency', type: 'enum', enum: ['HIGH', 'LOW'] },
          { name: 'contactMethodId', type: 'integer' },
          { name: 'delayMinutes', type: 'integer' },
          { name: 'position', type: 'integer' },
        ],
        foreignKeys: [
          {
            name: 'fk_notification_rule_user',
            columnNames: ['userId'],
            referencedTableName: 'user',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
          {
            name: 'fk_notification_rule_method',
            columnNames: ['contactMethodId'],
            referencedTableName: 'contact_method',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          },
        ],
        indices: [{ name: 'idx_notification_rule_user', columnNames: ['userId', 'urgency', 'position'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notification_rule');
    await q.dropIndex('notification', 'idx_notification_reply');
    await q.dropIndex('notification', 'idx_notification_page');
    for (const c of ['replyCode', 'pageKey', 'contactMethodId']) await q.dropColumn('notification', c);
    for (const c of ['codeAttempts', 'codeSentAt', 'codeExpiresAt', 'codeHash', 'verifiedAt'])
      await q.dropColumn('contact_method', c);
    // Rows the old enums cannot hold go: a phone's voice method, and SMS/voice deliveries.
    await q.query(`DELETE FROM contact_method WHERE kind = 'VOICE'`);
    await q.query(`DELETE FROM notification WHERE channel IN ('SMS', 'VOICE')`);
    await q.query(`UPDATE notification SET status = 'SKIPPED' WHERE status = 'CANCELLED'`);
    await this.enums(q, CONTACT_KINDS, CHANNELS, STATUSES);
  }

  private async enums(q: QueryRunner, kinds: string[], channels: string[], statuses: string[]): Promise<void> {
    const changes: Array<[string, string, string[]]> = [
      ['contact_method', 'kind', kinds],
      ['notification', 'channel', channels],
      ['notification', 'status', statuses],
    ];
    for (const [table, column, values] of changes) {
      if (q.connection.driver.options.type === 'better-sqlite3') {
        // SQLite keeps an enum as a CHECK constraint: TypeORM rebuilds the table, keys and indexes included.
        await q.changeColumn(table, column, new TableColumn({ name: column, type: 'enum', enum: values }));
      } else {
        // In place: TypeORM's MySQL changeColumn would drop and re-add the column, losing its values.
        const list = values.map((v) => `'${v}'`).join(',');
        await q.query(`ALTER TABLE \`${table}\` MODIFY \`${column}\` enum(${list}) NOT NULL`);
      }
    }
  }
}
