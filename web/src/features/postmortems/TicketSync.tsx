import { useMutation } from '@apollo/client/react';
import { ActionItemTicketFragment } from '../../gql/graphql';
import { useFormAction } from '../console/useFormAction';
import { FormError } from '../console/FieldError';
import { RETRY_TICKET_SYNC } from './tickets.graphql';

const TRACKER: Record<string, string> = { GITHUB: 'GitHub' };

/**
 * An action item's ticket: a link once synced; otherwise "not yet synced" with the reason the tracker gave, and a
 * retry when the tracker refused it (a retry of a sync in flight is harmless: the ticket is never created twice).
 */
export function TicketSync({ item }: { item: ActionItemTicketFragment }) {
  const [retry] = useMutation(RETRY_TICKET_SYNC);
  const { errors, busy, run } = useFormAction(['actionItemId']);
  const t = item.ticket;
  if (!t) return null;
  const tracker = TRACKER[t.tracker] ?? t.tracker;
  if (t.synced && t.url)
    return (
      <span className="card-meta ticket ticket-synced" data-testid={`ticket-${item.id}`}>
        <a href={t.url} target="_blank" rel="noreferrer" title={`${t.repository}#${t.number} on ${tracker}`}>
          {tracker} #{t.number}
        </a>
        <span>synced</span>
      </span>
    );
  return (
    <span className="card-meta ticket ticket-pending" data-testid={`ticket-${item.id}`}>
      <span>
        {tracker} ticket not yet synced{t.reason ? `: ${t.reason}` : ''}
      </span>
      {t.state === 'FAILED' && (
        <button
          type="button"
          className="linklike"
          disabled={busy}
          onClick={() => void run(() => retry({ variables: { actionItemId: item.id } }))}
        >
          retry
        </button>
      )}
      <FormError message={errors.general} />
    </span>
  );
}
