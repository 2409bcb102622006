import { formatUtcTime } from '@vigil/shared';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { IncidentResponseQuery, IncidentRole } from '../../gql/graphql';
import { useNow } from '../incidents/useNow';
import { countdown } from '../incidents/wallModel';
import { FieldError, FormError } from './FieldError';
import { ACCEPT_PAGE, ASSIGN_ROLE, ESCALATE, HAND_OVER_ROLE, REASSIGN, STEP_DOWN_ROLE } from './respond.graphql';
import { ROLES, escalationReasonText, handOverCandidates, ladderTitle, roleLabel } from './respondModel';
import { useFormAction } from './useFormAction';

type Data = IncidentResponseQuery;
type User = Data['users'][number];

/** Who holds the incident's roles, the escalation ladder, and the actions that change either. */
export function Responders({ data, onChange }: { data: Data; onChange(): void }) {
  const incident = data.incident;
  const users = handOverCandidates(data.users);
  const resolved = incident.status === 'RESOLVED';
  return (
    <section className="panel responders" aria-label="Responders">
      <h2>Roles</h2>
      <ul className="roles" data-testid="roles">
        {ROLES.map((role) => (
          <RoleRow
            key={role}
            incidentId={incident.id}
            role={role}
            holder={incident.roles.find((r) => r.role === role) ?? null}
            users={users}
            disabled={resolved}
            onChange={onChange}
          />
        ))}
      </ul>
      <Ladder escalation={incident.escalation ?? null} />
      {/* Only to someone the page reached (the server's rule): anyone else would only be refused. */}
      {!resolved && incident.escalation?.awaitingAnswer && incident.mayAcceptPage && (
        <AcceptAction id={incident.id} onChange={onChange} />
      )}
      {!resolved && incident.escalation?.awaitingAnswer && !incident.mayAcceptPage && (
        <p className="muted small" data-testid="accept-page-not-yours">
          The page waits for the person paged; acknowledge to stop the paging, or ask to have it handed to you.
        </p>
      )}
      {!resolved && <EscalateAction id={incident.id} onChange={onChange} />}
      {!resolved && (
        <ReassignAction
          id={incident.id}
          users={users}
          current={incident.escalation?.assignee?.id ?? null}
          onChange={onChange}
        />
      )}
    </section>
  );
}

function RoleRow({
  incidentId,
  role,
  holder,
  users,
  disabled,
  onChange,
}: {
  incidentId: string;
  role: IncidentRole;
  holder: Data['incident']['roles'][number] | null;
  users: User[];
  disabled: boolean;
  onChange(): void;
}) {
  const [assign] = useMutation(ASSIGN_ROLE);
  const [handOver] = useMutation(HAND_OVER_ROLE);
  const [stepDown] = useMutation(STEP_DOWN_ROLE);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['userId', 'role']);
  const [userId, setUserId] = useState('');
  const act = (f: () => Promise<unknown>) =>
    void run(async () => {
      await f();
      setUserId('');
      onChange();
    });
  return (
    <li className="role" data-testid={`role-${role}`}>
      <div className="role-line">
        <span className="role-name">{roleLabel(role)}</span>
        <span className={holder ? 'role-holder' : 'muted'}>{holder ? holder.user.name : 'unassigned'}</span>
        {holder && <span className="muted small">since {formatUtcTime(holder.since)}</span>}
      </div>
      {!disabled && (
        <div className="inline">
          <label>
            <span className="visually-hidden">{roleLabel(role)}: person</span>
            <select
              value={userId}
              onChange={(e) => setUserId(e.target.value)}
              {...describedBy('userId')}
              data-testid={`role-user-${role}`}
            >
              <option value="">{holder ? 'hand over to…' : 'assign…'}</option>
              {users
                .filter((u) => u.id !== holder?.user.id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
            </select>
          </label>
          <button
            type="button"
            className="button small"
            disabled={busy}
            data-testid={`role-set-${role}`}
            onClick={() => act(() => (holder ? handOver : assign)({ variables: { incidentId, role, userId } }))}
          >
            {holder ? 'Hand over' : 'Assign'}
          </button>
          {holder && (
            <button
              type="button"
              className="linklike"
              disabled={busy}
              onClick={() => act(() => stepDown({ variables: { incidentId, role } }))}
              data-testid={`role-stepdown-${role}`}
            >
              step down
            </button>
          )}
        </div>
      )}
      <FieldError {...fieldError('userId')} />
      <FieldError {...fieldError('role')} />
      <FormError message={errors.general} />
    </li>
  );
}

function Ladder({ escalation }: { escalation: Data['incident']['escalation'] | null }) {
  const now = useNow();
  if (!escalation) return <p className="muted small">No escalation policy applies.</p>;
  const next = escalation.nextAt ? countdown(escalation.nextAt, null, now) : null;
  return (
    <div className="ladder" data-testid="ladder">
      <h3>{ladderTitle(escalation.policyName, escalation.round)}</h3>
      <ol>
        {escalation.levels.map((l) => {
          const pages = escalation.pages.filter((p) => p.level === l.level && p.round === escalation.round);
          const state =
            l.level < escalation.currentLevel ? 'past' : l.level === escalation.currentLevel ? 'current' : 'future';
          return (
            <li key={l.level} className={`rung rung-${state}`}>
              <span className="rung-level">L{l.level}</span>
              <span className="rung-name">{l.name}</span>
              <span className="muted small">
                {pages.length
                  ? pages
                      .map(
                        (p) =>
                          `${p.paged.map((x) => x.name).join(', ') || 'nobody'} (${escalationReasonText(p.reason)} ${formatUtcTime(p.at)})`,
                      )
                      .join('; ')
                  : l.ackTimeoutMinutes
                    ? `after ${l.ackTimeoutMinutes} min`
                    : ''}
              </span>
            </li>
          );
        })}
      </ol>
      {escalation.active && next && escalation.nextLevel !== null && escalation.nextLevel !== undefined ? (
        <p className="small">
          Next: L{escalation.nextLevel} {escalation.nextLevelName ?? ''} in {next.label}
        </p>
      ) : (
        <p className="muted small">
          {escalation.active
            ? 'No further level.'
            : escalation.awaitingAnswer
              ? 'No further level; the last page waits for an answer.'
              : 'Not climbing (answered, resolved, or nothing to page).'}
        </p>
      )}
      {escalation.assignee && (
        <p className="small">
          Assigned to <strong>{escalation.assignee.name}</strong>
        </p>
      )}
    </div>
  );
}

/** "I've got it": the person paged answers the waiting page and takes it; that climb stops. Shown only to them. */
function AcceptAction({ id, onChange }: { id: string; onChange(): void }) {
  const [accept] = useMutation(ACCEPT_PAGE);
  const { errors, busy, run } = useFormAction([]);
  return (
    <div className="action accept">
      <button
        type="button"
        className="button primary"
        disabled={busy}
        data-testid="accept-page"
        onClick={() =>
          void run(async () => {
            await accept({ variables: { id } });
            onChange();
          })
        }
      >
        I&apos;ve got it
      </button>
      <FormError message={errors.general} />
    </div>
  );
}

function EscalateAction({ id, onChange }: { id: string; onChange(): void }) {
  const [escalate] = useMutation(ESCALATE);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['reason']);
  const [reason, setReason] = useState('');
  return (
    <form
      className="action"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await escalate({ variables: { id, input: { reason } } });
          setReason('');
          onChange();
        });
      }}
    >
      <h3>Escalate / unable to resolve</h3>
      <label className="field-label">
        Why (required): what was tried, what is needed
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          {...describedBy('reason')}
          data-testid="escalate-reason"
        />
      </label>
      <FieldError {...fieldError('reason')} />
      <FormError message={errors.general} />
      <button type="submit" className="button" disabled={busy} data-testid="escalate-submit">
        Escalate to the next level
      </button>
    </form>
  );
}

function ReassignAction({
  id,
  users,
  current,
  onChange,
}: {
  id: string;
  users: User[];
  current: string | null;
  onChange(): void;
}) {
  const [reassign] = useMutation(REASSIGN);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['userId', 'note']);
  const [userId, setUserId] = useState('');
  const [note, setNote] = useState('');
  return (
    <form
      className="action"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await reassign({ variables: { id, input: { userId, note: note || null } } });
          setNote('');
          setUserId('');
          onChange();
        });
      }}
    >
      <h3>Reassign</h3>
      <div className="inline">
        <label className="field-label">
          Reassign to
          <select
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
            {...describedBy('userId')}
            data-testid="reassign-user"
          >
            <option value="">choose…</option>
            {users
              .filter((u) => u.id !== current)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field-label">
          Note (optional)
          <input value={note} onChange={(e) => setNote(e.target.value)} {...describedBy('note')} />
        </label>
      </div>
      <FieldError {...fieldError('userId')} />
      <FieldError {...fieldError('note')} />
      <FormError message={errors.general} />
      <button type="submit" className="button" disabled={busy} data-testid="reassign-submit">
        Reassign
      </button>
    </form>
  );
}
