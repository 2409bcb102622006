import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

const CHANNELS = ['SLACK', 'EMAIL', 'WEBHOOK', 'TICKET', 'SMS', 'VOICE'];

/**
 * Issue 18: Slack with a bot (each P0/P1 can get its own channel, kept here with its name before Slack is asked)
 * and Microsoft Teams as a channel (a team's own incoming webhook, or the global one).
 */
export class SlackAndTeams1796320000000 implements MigrationInterface {
  name = 'SlackAndTeams1796320000000';

  async up(q: QueryRunner): Promise<void> {
    await this.channels(q, [...CHANNELS, 'TEAMS']);
    await q.addColumn(
      'team',
      new TableColumn({ name: 'teamsWebhookUrl', type: 'varchar', length: '500', isNullable: true }),
    );
    await q.createTable(
      new Table({
        name: 'slack_incident_channel',
        columns: [
          { name: 'incidentId', type: 'integer', isPrimary: true },
          { name: 'name', type: 'varchar', length: '80' },
          { name: 'channelId', type: 'varchar', length: '40', isNullable: true },
          { name: 'createdAt', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [
          {
            name: 'fk_slack_incident_channel_incident',
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
    await q.dropTable('slack_incident_channel');
    await q.dropColumn('team', 'teamsWebhookUrl');
    // Teams deliveries cannot be held by the old enum.
    await q.query(`DELETE FROM notification WHERE channel = 'TEAMS'`);
    await this.channels(q, CHANNELS);
  }

  private async channels(q: QueryRunner, values: string[]): Promise<void> {
    if (q.connection.driver.options.type === 'better-sqlite3') {
      // SQLite keeps an enum as a CHECK constraint: TypeORM rebuilds the table, keys and indexes included.
      await q.changeColumn('notification', 'channel', new TableColumn({ name: 'channel', type: 'enum', enum: values }));
    } else {
      // In place: TypeORM's MySQL changeColumn would drop and re-add the column, losing its values.
      const list = values.map((v) => `'${v}'`).join(',');
      await q.query(`ALTER TABLE \`notification\` MODIFY \`channel\` enum(${list}) NOT NULL`);
    }
  }
}
