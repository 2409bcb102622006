import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

const ADDED: Array<[string, string]> = [
  ['contact_method', 'kind'],
  ['notification', 'channel'],
];

/**
 * Issue 18: a browser's push subscription is a contact method (kind PUSH, the endpoint as its address, its keys
 * beside it) and pages reach it on the channel PUSH. A method the provider reported gone is marked unusable, with
 * the reason, and the rules skip it from then on.
 */
export class WebPush1796330000000 implements MigrationInterface {
  name = 'WebPush1796330000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of ADDED) await this.enum(q, table, column, (values) => [...values, 'PUSH']);
    await q.addColumns('contact_method', [
      new TableColumn({ name: 'pushP256dh', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'pushAuth', type: 'varchar', length: '40', isNullable: true }),
      new TableColumn({ name: 'unusableAt', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'unusableReason', type: 'varchar', length: '300', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['unusableReason', 'unusableAt', 'pushAuth', 'pushP256dh']) await q.dropColumn('contact_method', c);
    await q.query(`DELETE FROM contact_method WHERE kind = 'PUSH'`);
    await q.query(`DELETE FROM notification WHERE channel = 'PUSH'`);
    for (const [table, column] of ADDED)
      await this.enum(q, table, column, (values) => values.filter((v) => v !== 'PUSH'));
  }

  /** Changes an enum from what it holds now (another migration may have added values of its own). */
  private async enum(q: QueryRunner, table: string, column: string, change: (values: string[]) => string[]) {
    const current = (await q.getTable(table))?.findColumnByName(column)?.enum ?? [];
    const values = [...new Set(change(current))];
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
