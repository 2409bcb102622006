import { formatUtc, formatUtcInput } from '@vigil/shared';
import { useMutation, useQuery } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { MaintenanceWindowsQuery } from '../../gql/graphql';
import { FieldError, FormError } from '../console/FieldError';
import { useFormAction } from '../console/useFormAction';
import { useNow } from '../incidents/useNow';
import { UtcTimeInput, utcFieldValue } from '../console/UtcTimeInput';
import { CREATE_MAINTENANCE, DELETE_MAINTENANCE, END_MAINTENANCE, MAINTENANCE_WINDOWS } from './maintenance.graphql';
import { WindowPhase, orderWindows, windowPhase } from './maintenanceModel';
import './maintenance.css';

type Window = MaintenanceWindowsQuery['maintenanceWindows'][number];
type Service = MaintenanceWindowsQuery['services'][number];

const PHASE_LABEL: Record<WindowPhase, string> = { IN_PROGRESS: 'in progress', SCHEDULED: 'scheduled', ENDED: 'ended' };

/**
 * Maintenance windows: alerts of a service under maintenance are recorded but page nobody, and the public status
 * page announces the window (without its internal reason). Schedule, end early, or cancel one.
 */
export function MaintenancePage() {
  const now = useNow();
  const { data, error, refetch } = useQuery(MAINTENANCE_WINDOWS, { fetchPolicy: 'cache-and-network' });
  const [end] = useMutation(END_MAINTENANCE);
  const [remove] = useMutation(DELETE_MAINTENANCE);
  const action = useFormAction([]);
  if (error && !data)
    return (
      <section className="panel">
        <h1>Maintenance</h1>
        <p className="form-error">{error.message}</p>
      </section>
    );
  if (!data)
    return (
      <section className="panel">
        <p className="muted">Loading maintenance windows…</p>
      </section>
    );
  const act = (call: () => Promise<unknown>) =>
    void action.run(async () => {
      await call();
      await refetch();
    });
  const windows = orderWindows(data.maintenanceWindows, now);
  return (
    <div className="maintenance-page" data-testid="maintenance-page">
      <h1 className="page-title">Maintenance</h1>
      <section className="panel">
        <p className="muted">
          During a window, the service's alerts are recorded on the timeline but page nobody; the status page shows it
          as scheduled maintenance.
        </p>
        <FormError message={action.errors.general} />
        {windows.length === 0 && <p className="muted">No maintenance windows.</p>}
        {windows.length > 0 && (
          <table className="incident-table maintenance-table">
            <thead>
              <tr>
                <th>Service</th>
                <th>State</th>
                <th>From</th>
                <th>To</th>
                <th>Reason (internal)</th>
                <th>By</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {windows.map((w) => (
                <WindowRow
                  key={w.id}
                  w={w}
                  phase={windowPhase(w, now)}
                  busy={action.busy}
                  onEnd={() => act(() => end({ variables: { id: w.id } }))}
                  onCancel={() => act(() => remove({ variables: { id: w.id } }))}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <MaintenanceForm services={data.services} onDone={() => void refetch()} />
    </div>
  );
}

function WindowRow({
  w,
  phase,
  busy,
  onEnd,
  onCancel,
}: {
  w: Window;
  phase: WindowPhase;
  busy: boolean;
  onEnd(): void;
  onCancel(): void;
}) {
  return (
    <tr data-testid={`window-${w.id}`} className={`phase-${phase}`}>
      <td>{w.service?.name ?? `service ${w.id}`}</td>
      <td>
        <span className={`status-pill mw-${phase}`} data-testid="window-phase">
          {PHASE_LABEL[phase]}
        </span>
      </td>
      <td className="small">{formatUtc(w.startsAt)}</td>
      <td className="small">{w.endsAt ? formatUtc(w.endsAt) : 'until ended'}</td>
      <td className="small">{w.reason ?? <span className="muted">—</span>}</td>
      <td className="small">{w.createdBy}</td>
      <td>
        {phase === 'IN_PROGRESS' && (
          <button type="button" className="button" disabled={busy} onClick={onEnd} data-testid="window-end">
            End now
          </button>
        )}
        {phase === 'SCHEDULED' && (
          <button type="button" className="button" disabled={busy} onClick={onCancel} data-testid="window-cancel">
            Cancel
          </button>
        )}
      </td>
    </tr>
  );
}

function MaintenanceForm({ services, onDone }: { services: Service[]; onDone(): void }) {
  const [create] = useMutation(CREATE_MAINTENANCE);
  const { errors, busy, run } = useFormAction(['serviceId', 'startsAt', 'endsAt', 'reason']);
  const [serviceId, setService] = useState('');
  const [startNow, setStartNow] = useState(false);
  const [startsAt, setStarts] = useState(() => formatUtcInput(new Date(Date.now() + 3_600_000)));
  const [endsAt, setEnds] = useState(() => formatUtcInput(new Date(Date.now() + 3 * 3_600_000)));
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await create({
        variables: {
          input: {
            serviceId,
            reason: reason || null,
            // An unparsable time goes to the server as-is so its error lands next to the field; empty end: open-ended.
            startsAt: startNow ? null : utcFieldValue('startsAt', startsAt),
            endsAt: endsAt.trim() === '' ? null : utcFieldValue('endsAt', endsAt),
          },
        },
      });
      setReason('');
      onDone();
    });
  };
  return (
    <form className="panel maintenance-form" onSubmit={submit} noValidate data-testid="maintenance-form">
      <h2>Schedule maintenance</h2>
      <div className="grid-form">
        <label>
          Service
          <select value={serviceId} onChange={(e) => setService(e.target.value)} data-testid="maintenance-service">
            <option value="">choose…</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <FieldError field="serviceId" message={errors.fields.serviceId} />
        </label>
        <label>
          From (UTC)
          <UtcTimeInput value={startsAt} disabled={startNow} onText={setStarts} data-testid="maintenance-starts" />
          <span className="inline-check">
            <input
              type="checkbox"
              checked={startNow}
              onChange={(e) => setStartNow(e.target.checked)}
              data-testid="maintenance-now"
            />{' '}
            start now
          </span>
          <FieldError field="startsAt" message={errors.fields.startsAt} />
        </label>
        <label>
          To (UTC)
          <UtcTimeInput value={endsAt} onText={setEnds} data-testid="maintenance-ends" />
          <span className="muted small">empty: until ended by hand</span>
          <FieldError field="endsAt" message={errors.fields.endsAt} />
        </label>
        <label>
          Reason (internal)
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="optional"
            data-testid="maintenance-reason"
          />
          <FieldError field="reason" message={errors.fields.reason} />
        </label>
      </div>
      <FormError message={errors.general} />
      <button type="submit" className="button primary" disabled={busy} data-testid="maintenance-submit">
        Schedule
      </button>
    </form>
  );
}
