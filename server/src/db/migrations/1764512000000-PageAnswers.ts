import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * No acknowledgement traps (issue 16): a ladder knows whether its last page still waits for an answer, so a
 * reopened incident, or a level paged by hand, can be acknowledged or accepted ("I've got it").
 */
export class PageAnswers1764512000000 implements MigrationInterface {
  name = 'PageAnswers1764512000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('incident_escalation', new TableColumn({ name: 'awaitingAnswer', type: 'boolean', default: 0 }));
    // A ladder still climbing has paged someone who has not answered yet.
    await q.query('UPDATE incident_escalation SET awaitingAnswer = 1 WHERE active = 1 AND level > 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('incident_escalation', 'awaitingAnswer');
  }
}
