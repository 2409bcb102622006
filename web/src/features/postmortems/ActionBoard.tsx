import { formatUtc } from '@vigil/shared';
import { useMutation } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { ActionItemCategory, ActionItemFieldsFragment, ActionItemStatus } from '../../gql/graphql';
import { useNow } from '../incidents/useNow';
import { FieldError, FormError } from '../console/FieldError';
import { useFormAction } from '../console/useFormAction';
import { ADD_ACTION_ITEM, TRANSITION_ACTION_ITEM } from './postmortems.graphql';
import {
  BOARD_COLUMNS,
  COLUMN_TITLES,
  boardColumns,
  defaultDueDate,
  dueDateToIso,
  dueLabel,
  nextStatus,
} from './postmortemModel';

const CATEGORIES: Array<[ActionItemCategory, string]> = [
  ['IMMEDIATE', 'Immediate fix'],
  ['SHORT_TERM', 'Short-term'],
  ['LONG_TERM', 'Long-term'],
];
const CATEGORY_LABEL = Object.fromEntries(CATEGORIES) as Record<ActionItemCategory, string>;

/** The action items as a board: a click moves a card on; "won't do" asks why. */
export function ActionBoard({
  postmortemId,
  items,
  users,
  onChange,
}: {
  postmortemId: string;
  items: ActionItemFieldsFragment[];
  users: Array<{ id: string; name: string; active: boolean }>;
  onChange(): void;
}) {
  const columns = boardColumns(items);
  return (
    <section className="panel action-board" aria-label="Action items">
      <h2>Action items</h2>
      <div className="board" data-testid="board">
        {BOARD_COLUMNS.map((status) => (
          <div key={status} className={`board-col col-${status}`} data-testid={`col-${status}`}>
            <h3>
              {COLUMN_TITLES[status]} <span className="muted">{columns[status].length}</span>
            </h3>
            {columns[status].map((item) => (
              <Card key={item.id} item={item} onChange={onChange} />
            ))}
          </div>
        ))}
      </div>
      <AddItem postmortemId={postmortemId} users={users.filter((u) => u.active)} onDone={onChange} />
    </section>
  );
}

/** One card, also used by "my open action items". */
export function Card({
  item,
  onChange,
  showPostmortem,
}: {
  item: ActionItemFieldsFragment & { postmortem?: { id: string; title: string } };
  onChange?(): void;
  showPostmortem?: boolean;
}) {
  const now = useNow();
  const [transition] = useMutation(TRANSITION_ACTION_ITEM);
  const { errors, busy, run } = useFormAction(['to', 'reason']);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const next = nextStatus(item.status, item.allowedTransitions);
  const move = (to: ActionItemStatus, why?: string) =>
    void run(async () => {
      await transition({ variables: { id: item.id, input: { to, reason: why ?? null } } });
      setAsking(false);
      onChange?.();
    });
  const closed = item.status === 'DONE' || item.status === 'WONT_DO';
  return (
    <article
      className={`card cat-${item.category} ${item.overdue && !closed ? 'overdue' : ''}`}
      data-testid={`item-${item.id}`}
    >
      <button
        type="button"
        className="card-main"
        disabled={!next || busy}
        title={next ? `Move to ${COLUMN_TITLES[next]}` : undefined}
        onClick={() => next && move(next)}
        data-testid={`item-next-${item.id}`}
      >
        <strong>{item.title}</strong>
        <span className="card-meta">
          <span className="cat">{CATEGORY_LABEL[item.category]}</span> · {item.owner?.name ?? 'no owner'} ·{' '}
          <span className={item.overdue && !closed ? 'overdue' : ''}>
            {closed ? `closed ${item.closedAt ? formatUtc(item.closedAt) : ''}` : dueLabel(item.dueAt, now)}
          </span>
        </span>
        {showPostmortem && item.postmortem && <span className="card-meta">{item.postmortem.title}</span>}
        {item.wontDoReason && <span className="card-meta">Won't do: {item.wontDoReason}</span>}
      </button>
      <div className="card-actions">
        {item.allowedTransitions
          .filter((t) => t !== next && t !== 'WONT_DO')
          .map((t) => (
            <button key={t} type="button" className="linklike" disabled={busy} onClick={() => move(t)}>
              {t === 'OPEN' ? 'reopen' : COLUMN_TITLES[t as ActionItemStatus].toLowerCase()}
            </button>
          ))}
        {item.allowedTransitions.includes('WONT_DO') && !asking && (
          <button type="button" className="linklike" onClick={() => setAsking(true)}>
            won't do…
          </button>
        )}
      </div>
      {asking && (
        <form
          className="wontdo"
          onSubmit={(e) => {
            e.preventDefault();
            move('WONT_DO', reason);
          }}
          noValidate
        >
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Why not?"
            autoFocus
            data-testid={`wontdo-reason-${item.id}`}
          />
          <button type="submit" className="button small" disabled={busy}>
            Won't do
          </button>
        </form>
      )}
      <FieldError field="reason" message={errors.fields.reason} />
      <FieldError field="to" message={errors.fields.to} />
      <FormError message={errors.general} />
    </article>
  );
}

function AddItem({
  postmortemId,
  users,
  onDone,
}: {
  postmortemId: string;
  users: Array<{ id: string; name: string }>;
  onDone(): void;
}) {
  const [add] = useMutation(ADD_ACTION_ITEM);
  const { errors, busy, run } = useFormAction(['title', 'category', 'ownerId', 'dueAt', 'ticketUrl']);
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<ActionItemCategory>('SHORT_TERM');
  const [ownerId, setOwnerId] = useState('');
  const [due, setDue] = useState(() => defaultDueDate('SHORT_TERM', new Date()));
  const [dueTouched, setDueTouched] = useState(false);
  const [ticketUrl, setTicketUrl] = useState('');
  const pickCategory = (c: ActionItemCategory) => {
    setCategory(c);
    // The category's default follows the choice until someone picks a date by hand.
    if (!dueTouched) setDue(defaultDueDate(c, new Date()));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await add({
        variables: {
          postmortemId,
          input: { title, category, ownerId, dueAt: dueDateToIso(due), ticketUrl: ticketUrl || null },
        },
      });
      setTitle('');
      setTicketUrl('');
      onDone();
    });
  };
  return (
    <form className="add-item" onSubmit={submit} noValidate data-testid="add-item">
      <h3>Add an action item</h3>
      <div className="add-item-grid">
        <label className="wide">
          What
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="e.g. Alert on webhook signature failures"
            data-testid="item-title"
          />
          <FieldError field="title" message={errors.fields.title} />
        </label>
        <label>
          Category
          <select
            value={category}
            onChange={(e) => pickCategory(e.target.value as ActionItemCategory)}
            data-testid="item-category"
          >
            {CATEGORIES.map(([c, label]) => (
              <option key={c} value={c}>
                {label}
              </option>
            ))}
          </select>
          <FieldError field="category" message={errors.fields.category} />
        </label>
        <label>
          Owner
          <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)} data-testid="item-owner">
            <option value="">choose…</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <FieldError field="ownerId" message={errors.fields.ownerId} />
        </label>
        <label>
          Due
          <input
            type="date"
            value={due}
            onChange={(e) => {
              setDue(e.target.value);
              setDueTouched(true);
            }}
            data-testid="item-due"
          />
          <FieldError field="dueAt" message={errors.fields.dueAt} />
        </label>
        <label>
          Ticket
          <input
            value={ticketUrl}
            onChange={(e) => setTicketUrl(e.target.value)}
            placeholder="https://… (optional)"
            data-testid="item-ticket"
          />
          <FieldError field="ticketUrl" message={errors.fields.ticketUrl} />
        </label>
      </div>
      <FormError message={errors.general} />
      <button type="submit" className="button" disabled={busy} data-testid="item-submit">
        Add item
      </button>
    </form>
  );
}
