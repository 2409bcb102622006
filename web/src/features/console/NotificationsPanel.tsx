import { formatUtcTime } from '@vigil/shared';
import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { IncidentNotificationsQuery } from '../../gql/graphql';
import { INCIDENT_NOTIFICATIONS } from './notifications.graphql';

type Row = IncidentNotificationsQuery['incident']['notifications'][number];

const STATUS_WORD: Record<Row['status'], string> = {
  PENDING: 'waiting',
  SENDING: 'sending',
  SENT: 'sent',
  FAILED: 'failed',
  SKIPPED: 'skipped',
  CANCELLED: 'cancelled',
};

/** What happened to a delivery, in words: sent at, waiting until, or why it was skipped or failed. */
function outcome(n: Row): string {
  if (n.status === 'SENT') return n.sentAt ? `sent ${formatUtcTime(n.sentAt)}` : 'sent';
  if (n.status === 'PENDING')
    return n.attempts ? `retrying at ${formatUtcTime(n.nextAttemptAt)}` : `due ${formatUtcTime(n.nextAttemptAt)}`;
  if (n.status === 'CANCELLED') return 'cancelled: the page was answered';
  return n.lastError ? `${STATUS_WORD[n.status]}: ${n.lastError}` : STATUS_WORD[n.status];
}

/**
 * Who was told, how, and whether it arrived: the incident's newest 50 deliveries, with the reason for each one
 * skipped or failed (a person with no usable method is never silently not paged).
 */
export function NotificationsPanel({ id, tick }: { id: string; tick: number }) {
  const { data, refetch } = useQuery(INCIDENT_NOTIFICATIONS, { variables: { id }, fetchPolicy: 'cache-and-network' });
  useEffect(() => {
    void refetch();
  }, [tick, refetch]);
  const rows = data?.incident.notifications;
  if (!rows) return null;
  const newestFirst = [...rows].reverse();
  return (
    <section className="panel notifications" aria-label="Who was told" data-testid="notifications">
      <h2>Who was told</h2>
      {newestFirst.length === 0 ? (
        <p className="muted small">Nobody yet.</p>
      ) : (
        <ul className="deliveries">
          {newestFirst.map((n) => (
            <li key={n.id} className={`delivery delivery-${n.status}`} data-testid={`delivery-${n.id}`}>
              <span className="delivery-who">
                <time dateTime={n.createdAt}>{formatUtcTime(n.createdAt)}</time> {n.targetName}
                <span className="muted">
                  {' '}
                  · {n.channel.toLowerCase()} · {n.kind.replace(/_/g, ' ').toLowerCase()}
                  {n.level > 0 ? ` · level ${n.level}` : ''}
                </span>
              </span>
              <span className={`delivery-outcome outcome-${n.status}`}>{outcome(n)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
