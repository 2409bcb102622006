import { formatUtc } from '@vigil/shared';
import { useMutation, useSubscription } from '@apollo/client/react';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { ActionItemCategory, ActionItemFieldsFragment, ActionItemStatus } from '../../gql/graphql';
import { useNow } from '../incidents/useNow';
import { FieldError, FormError } from '../console/FieldError';
import { useFormAction } from '../console/useFormAction';
import { ADD_ACTION_ITEM, TRANSITION_ACTION_ITEM } from './postmortems.graphql';
import { ACTION_ITEM_TICKET_CHANGED } from './tickets.graphql';
import { TicketSync } from './TicketSync';
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

/**
 * The action items as a board: a click (or Enter on the focused card) moves a card on; "won't do" asks why. Moving a
 * card moves keyboard focus with it to its new column, and says where it went, so the board works without a mouse.
 */
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
  // The card being moved: when it appears in its new column it takes the focus (a moved card is a new element).
  const [moving, setMoving] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // Each ticket's sync lands in the cache as the tracker answers (the cards read it from there).
  useSubscription(ACTION_ITEM_TICKET_CHANGED);
  return (
    <section className="panel action-board" aria-label="Action items">
      <h2>Action items</h2>
      <div className="board" data-testid="board">
        {BOARD_COLUMNS.map((status) => (
          <div
            key={status}
            className={`board-col col-${status}`}
            role="group"
            aria-label={COLUMN_TITLES[status]}
            data-testid={`col-${status}`}
          >
            <h3>
              {COLUMN_TITLES[status]} <span className="muted">{columns[status].length}</span>
            </h3>
            {columns[status].map((item) => (
              <Card
                key={item.id}
                item={item}
                onChange={onChange}
                onMoving={setMoving}
                focusOnMount={moving === item.id}
                onFocused={() => {
                  setMoving(null);
                  setAnnouncement(`${item.title}: moved to ${COLUMN_TITLES[item.status]}.`);
                }}
              />
            ))}
          </div>
        ))}
      </div>
      <p className="visually-hidden" role="status" data-testid="board-announcement">
        {announcement}
      </p>
      <AddItem postmortemId={postmortemId} users={users.filter((u) => u.active)} onDone={onChange} />
    </section>
  );
}

/** One card, also used by "my open action items". */
export function Card({
  item,
  onChange,
  showPostmortem,
  onMoving,
  focusOnMount,
  onFocused,
}: {
  item: ActionItemFieldsFragment & { postmortem?: { id: string; title: string } };
  onChange?(): void;
  showPostmortem?: boolean;
  /** Told the card's id before a move, and null when the move was refused. */
  onMoving?(id: string | null): void;
  /** True when this card was just moved here: it takes the keyboard focus once it is shown. */
  focusOnMount?: boolean;
  onFocused?(): void;
}) {
  const now = useNow();
  const [transition] = useMutation(TRANSITION_ACTION_ITEM);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['to', 'reason']);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const ref = useRef<HTMLElement>(null);
  // On mount only: the card left behind in the old column is told too, and must not take the focus. The target is
  // the card's own button when it can still move on, else its first action ("reopen"), else the card itself.
  useEffect(() => {
    if (!focusOnMount || !ref.current) return;
    (ref.current.querySelector<HTMLElement>('button:not(:disabled)') ?? ref.current).focus();
    onFocused?.();
  }, []);
  const next = nextStatus(item.status, item.allowedTransitions);
  const move = (to: ActionItemStatus, why?: string) => {
    onMoving?.(item.id);
    void run(async () => {
      await transition({ variables: { id: item.id, input: { to, reason: why ?? null } } });
      setAsking(false);
      onChange?.();
    }).then((ok) => {
      if (!ok) onMoving?.(null);
    });
  };
  const closed = item.status === 'DONE' || item.status === 'WONT_DO';
  return (
    <article
      ref={ref}
      tabIndex={-1}
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
        {next && <span className="visually-hidden">Move to {COLUMN_TITLES[next]}: </span>}
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
      <TicketSync item={item} />
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
          <label>
            <span className="visually-hidden">Why won't {item.title} be done?</span>
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="Why not?"
              autoFocus
              {...describedBy('reason')}
              data-testid={`wontdo-reason-${item.id}`}
            />
          </label>
          <button type="submit" className="button small" disabled={busy}>
            Won't do
          </button>
        </form>
      )}
      <FieldError {...fieldError('reason')} />
      <FieldError {...fieldError('to')} />
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
  const { errors, busy, run, describedBy, fieldError } = useFormAction([
    'title',
    'category',
    'ownerId',
    'dueAt',
    'ticketUrl',
  ]);
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
            {...describedBy('title')}
            data-testid="item-title"
          />
          <FieldError {...fieldError('title')} />
        </label>
        <label>
          Category
          <select
            value={category}
            onChange={(e) => pickCategory(e.target.value as ActionItemCategory)}
            {...describedBy('category')}
            data-testid="item-category"
          >
            {CATEGORIES.map(([c, label]) => (
              <option key={c} value={c}>
                {label}
              </option>
            ))}
          </select>
          <FieldError {...fieldError('category')} />
        </label>
        <label>
          Owner
          <select
            value={ownerId}
            onChange={(e) => setOwnerId(e.target.value)}
            {...describedBy('ownerId')}
            data-testid="item-owner"
          >
            <option value="">choose…</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <FieldError {...fieldError('ownerId')} />
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
            {...describedBy('dueAt')}
            data-testid="item-due"
          />
          <FieldError {...fieldError('dueAt')} />
        </label>
        <label>
          Ticket
          <input
            value={ticketUrl}
            onChange={(e) => setTicketUrl(e.target.value)}
            placeholder="https://… (optional)"
            {...describedBy('ticketUrl')}
            data-testid="item-ticket"
          />
          <FieldError {...fieldError('ticketUrl')} />
        </label>
      </div>
      <FormError message={errors.general} />
      <button type="submit" className="button" disabled={busy} data-testid="item-submit">
        Add item
      </button>
    </form>
  );
}
