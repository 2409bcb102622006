import { Database, readScope } from '../db/data-source';
import { Notification, NotificationStatus } from '../model/notification.entity';

/** The most due rows one scrape counts: past this the number says "a large backlog", and the count stays cheap. */
const COUNT_CAP = 100_000;

/**
 * The outbox's backlog for the metrics scrape, on the read pool: the oldest due time (one seek on
 * `idx_notification_due`), the rows due now (a range of that index, counted up to COUNT_CAP) and the rows being sent.
 */
export async function outboxBacklog(
  db: Database,
  now: Date,
): Promise<{ due: number; sending: number; oldestDueAt: Date | null }> {
  return readScope.run({ pool: 'read' }, async () => {
    const rows = db.dataSource.getRepository(Notification);
    const oldest = await rows
      .createQueryBuilder('n')
      .select(['n.id', 'n.nextAttemptAt'])
      .where('n.status = :pending', { pending: NotificationStatus.PENDING })
      .orderBy('n.nextAttemptAt', 'ASC')
      .limit(1)
      .getOne();
    const due = await db.dataSource
      .createQueryBuilder()
      .select('COUNT(*)', 'n')
      .from(
        (qb) =>
          qb
            .select('1', 'one')
            .from(Notification, 'n')
            .where('n.status = :pending AND n.nextAttemptAt <= :now', { pending: NotificationStatus.PENDING, now })
            .limit(COUNT_CAP),
        'due',
      )
      .getRawOne<{ n: number | string }>();
    const sending = await rows.countBy({ status: NotificationStatus.SENDING });
    const oldestDueAt = oldest && oldest.nextAttemptAt.getTime() <= now.getTime() ? oldest.nextAttemptAt : null;
    return { due: Number(due?.n ?? 0), sending, oldestDueAt };
  });
}
