import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey } from 'typeorm';

/**
 * Issue 21: a post-mortem stays true until it is published. Its facts (drawn from the incident's timeline on every
 * change) are kept beside the author's sections, and it has an owner (assigned, notified, reminded when overdue)
 * and reviewers.
 */
export class PostmortemFactsAndOwner1796361001000 implements MigrationInterface {
  name = 'PostmortemFactsAndOwner1796361001000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('postmortem', [
      new TableColumn({ name: 'facts', type: 'text', isNullable: true }),
      new TableColumn({ name: 'ownerId', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'reviewerIds', type: 'text', isNullable: true }),
    ]);
    await q.createForeignKey(
      'postmortem',
      new TableForeignKey({
        name: 'fk_postmortem_owner',
        columnNames: ['ownerId'],
        referencedTableName: 'user',
        referencedColumnNames: ['id'],
        onDelete: 'SET NULL',
        onUpdate: 'NO ACTION',
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropForeignKey('postmortem', 'fk_postmortem_owner');
    for (const c of ['reviewerIds', 'ownerId', 'facts']) await q.dropColumn('postmortem', c);
  }
}
