import { formatUtc, formatUtcInput } from '@vigil/shared';
import { useMutation, useQuery } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { OnCallSchedulesQuery, OverrideKind } from '../../gql/graphql';
import { FieldError, FormError } from '../console/FieldError';
import { useFormAction } from '../console/useFormAction';
import { CalendarFeedLink } from './CalendarFeedLink';
import { ADD_OVERRIDE, ONCALL_SCHEDULES, REMOVE_OVERRIDE } from './oncall.graphql';
import { overrideText, rotationText } from './oncallModel';
import { UtcTimeInput, utcFieldValue } from '../console/UtcTimeInput';
import './oncall.css';

type Schedule = OnCallSchedulesQuery['schedules'][number];
type User = OnCallSchedulesQuery['users'][number];

/** Every schedule: who is on call now and next, its rotations, its overrides; secret calendar feed links. */
export function OnCallPage() {
  const { data, error, refetch } = useQuery(ONCALL_SCHEDULES, { fetchPolicy: 'cache-and-network' });
  if (error && !data)
    return (
      <section className="panel">
        <h1>On call</h1>
        <p className="form-error">{error.message}</p>
      </section>
    );
  if (!data)
    return (
      <section className="panel">
        <p className="muted">Loading schedules…</p>
      </section>
    );
  return (
    <div className="oncall-page" data-testid="oncall-page">
      <h1 className="page-title">On call</h1>
      <section className="panel my-calendar">
        <span>Your shifts in every schedule, in your calendar app: </span>
        <CalendarFeedLink existing={data.myCalendarFeed} testId="my-calendar" />
      </section>
      {data.schedules.length === 0 && (
        <section className="panel">
          <p className="muted">No schedules yet. An admin creates them through the API.</p>
        </section>
      )}
      {data.schedules.map((s) => (
        <ScheduleCard key={s.id} schedule={s} users={data.users} onChange={() => void refetch()} />
      ))}
    </div>
  );
}

function ScheduleCard({ schedule, users, onChange }: { schedule: Schedule; users: User[]; onChange(): void }) {
  const name = (id: string | null | undefined) => (id ? (users.find((u) => u.id === id)?.name ?? `user ${id}`) : null);
  const [remove] = useMutation(REMOVE_OVERRIDE);
  const removal = useFormAction([]);
  return (
    <section className="panel schedule" data-testid={`schedule-${schedule.id}`}>
      <div className="schedule-head">
        <h2>{schedule.name}</h2>
        <CalendarFeedLink scheduleId={schedule.id} existing={schedule.calendarFeed} testId="schedule-calendar" />
      </div>
      {schedule.description && <p className="muted">{schedule.description}</p>}
      <div className="shifts">
        <div className="shift now" data-testid="on-call-now">
          <small>On call now</small>
          <strong>{schedule.currentShift.users.map((u) => u.name).join(', ') || 'nobody'}</strong>
          <span className="muted">until {formatUtc(schedule.currentShift.end)}</span>
        </div>
        <div className="shift next" data-testid="on-call-next">
          <small>Next</small>
          {schedule.nextShift ? (
            <>
              <strong>{schedule.nextShift.users.map((u) => u.name).join(', ') || 'nobody'}</strong>
              <span className="muted">from {formatUtc(schedule.nextShift.start)}</span>
            </>
          ) : (
            <strong className="muted">no further shift</strong>
          )}
        </div>
      </div>
      <h3>Rotations</h3>
      <ul className="rotations">
        {schedule.rotations.map((r) => (
          <li key={r.id}>
            <strong>{r.name}</strong>{' '}
            <span className="muted">
              {rotationText(r)}, from {r.startDate}
            </span>
            <div className="participants">{r.participants.map((p) => p.name).join(' → ') || 'nobody'}</div>
          </li>
        ))}
        {schedule.rotations.length === 0 && <li className="muted">No rotation.</li>}
      </ul>
      <h3>Overrides</h3>
      <ul className="overrides" data-testid="overrides">
        {schedule.overrides.map((o) => (
          <li key={o.id}>
            <span>{overrideText(o.kind, name(o.userId) ?? '?', name(o.replacedUserId))}</span>
            <span className="muted">
              {' '}
              {formatUtc(o.startsAt)} → {formatUtc(o.endsAt)}
              {o.reason ? ` · ${o.reason}` : ''}
            </span>
            <button
              type="button"
              className="linklike"
              disabled={removal.busy}
              onClick={() =>
                void removal.run(async () => {
                  await remove({ variables: { id: o.id } });
                  onChange();
                })
              }
            >
              remove
            </button>
          </li>
        ))}
        {schedule.overrides.length === 0 && <li className="muted">No overrides.</li>}
      </ul>
      <FormError message={removal.errors.general} />
      <OverrideForm schedule={schedule} users={users} onDone={onChange} />
    </section>
  );
}

function OverrideForm({ schedule, users, onDone }: { schedule: Schedule; users: User[]; onDone(): void }) {
  const [add] = useMutation(ADD_OVERRIDE);
  const { errors, busy, run } = useFormAction(['kind', 'userId', 'replacedUserId', 'startsAt', 'endsAt', 'reason']);
  const [kind, setKind] = useState<OverrideKind>('REPLACE');
  const [userId, setUserId] = useState('');
  const [replacedUserId, setReplaced] = useState('');
  const [startsAt, setStarts] = useState(() => formatUtcInput(new Date(Date.now() + 3_600_000)));
  const [endsAt, setEnds] = useState(() => formatUtcInput(new Date(Date.now() + 25 * 3_600_000)));
  const [reason, setReason] = useState('');
  const active = users.filter((u) => u.active);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await add({
        variables: {
          scheduleId: schedule.id,
          input: {
            kind,
            userId,
            reason: reason || null,
            replacedUserId: kind === 'REPLACE' ? replacedUserId || null : null,
            // An unparsable time goes to the server as-is so its error lands next to the field.
            startsAt: utcFieldValue('startsAt', startsAt),
            endsAt: utcFieldValue('endsAt', endsAt),
          },
        },
      });
      setReason('');
      onDone();
    });
  };
  return (
    <form className="override-form" onSubmit={submit} noValidate data-testid="override-form">
      <h3>Add an override</h3>
      <div className="grid-form">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as OverrideKind)} data-testid="override-kind">
            <option value="REPLACE">Replace someone</option>
            <option value="ADD">Add someone</option>
            <option value="REMOVE">Remove someone</option>
          </select>
        </label>
        <label>
          {kind === 'REMOVE' ? 'Who is off' : 'Who is on'}
          <select value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="override-user">
            <option value="">choose…</option>
            {active.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <FieldError field="userId" message={errors.fields.userId} />
        </label>
        {kind === 'REPLACE' && (
          <label>
            Instead of
            <select
              value={replacedUserId}
              onChange={(e) => setReplaced(e.target.value)}
              data-testid="override-replaced"
            >
              <option value="">choose…</option>
              {active.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            <FieldError field="replacedUserId" message={errors.fields.replacedUserId} />
          </label>
        )}
        <label>
          From (UTC)
          <UtcTimeInput value={startsAt} onText={setStarts} data-testid="override-starts" />
          <FieldError field="startsAt" message={errors.fields.startsAt} />
        </label>
        <label>
          To (UTC)
          <UtcTimeInput value={endsAt} onText={setEnds} data-testid="override-ends" />
          <FieldError field="endsAt" message={errors.fields.endsAt} />
        </label>
        <label>
          Reason
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="optional"
            data-testid="override-reason"
          />
          <FieldError field="reason" message={errors.fields.reason} />
        </label>
      </div>
      <FieldError field="kind" message={errors.fields.kind} />
      <FormError message={errors.general} />
      <button type="submit" className="button" disabled={busy} data-testid="override-submit">
        Add override
      </button>
    </form>
  );
}
