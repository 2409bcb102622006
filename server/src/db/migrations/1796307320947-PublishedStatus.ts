import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * The status page word a responder last published with a public update (walk of issue 16): the page shows it
 * while the lifecycle allows it, so the incident and its latest update never say two different words.
 */
export class PublishedStatus1796307320947 implements MigrationInterface {
  name = 'PublishedStatus1796307320947';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'incident',
      new TableColumn({ name: 'publishedStatus', type: 'varchar', length: '20', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('incident', 'publishedStatus');
  }
}
