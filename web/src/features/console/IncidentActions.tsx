import { useMutation } from '@apollo/client/react';
import { FormEvent, ReactNode, useState } from 'react';
import { PublicStatus, SEVERITIES, Severity, allowedPublicStatuses, missingVerification } from '@vigil/shared';
import { IncidentPageQuery } from '../../gql/graphql';
import {
  ACKNOWLEDGE,
  ADD_NOTE,
  CHANGE_SEVERITY,
  POST_STATUS_UPDATE,
  REOPEN,
  RESOLVE,
  TRANSITION,
} from './console.graphql';
import { transitionVerb } from './consoleModel';
import { FieldError, FormError } from './FieldError';
import { RadioGroup } from './RadioGroup';
import { useFormAction } from './useFormAction';

type Incident = IncidentPageQuery['incident'];

/** The procedure's actions on one incident, each a small form whose server errors sit next to its fields. */
export function IncidentActions({ incident }: { incident: Incident }) {
  const resolved = incident.status === 'RESOLVED';
  return (
    <section className="panel actions" aria-label="Actions">
      <h2>Respond</h2>
      {incident.status === 'TRIGGERED' && <AcknowledgeAction id={incident.id} />}
      {!resolved && <TransitionAction incident={incident} />}
      {!resolved && <ResolveAction incident={incident} />}
      {resolved && incident.resolution && (
        <p
          className={`resolution-summary ${incident.resolution.verified === false ? 'unverified' : ''}`}
          data-testid="resolution-summary"
        >
          {incident.resolution.summary}
        </p>
      )}
      {resolved && <ReopenAction id={incident.id} />}
      {/* Keyed by status: the words on offer (and the one picked) follow the lifecycle. */}
      <StatusUpdateAction key={incident.status} incident={incident} />
      <NoteAction id={incident.id} />
      {!resolved && <SeverityAction incident={incident} />}
    </section>
  );
}

function Action({ title, children, onSubmit }: { title: string; children: ReactNode; onSubmit(e: FormEvent): void }) {
  return (
    <form className="action" onSubmit={onSubmit} noValidate>
      <h3>{title}</h3>
      {children}
    </form>
  );
}

function AcknowledgeAction({ id }: { id: string }) {
  const [ack] = useMutation(ACKNOWLEDGE);
  const { errors, busy, run } = useFormAction([]);
  return (
    <div className="action ack">
      <button
        type="button"
        className="button primary big"
        disabled={busy}
        data-testid="acknowledge"
        onClick={() => void run(() => ack({ variables: { id } }))}
      >
        Acknowledge
      </button>
      <FormError message={errors.general} />
    </div>
  );
}

function TransitionAction({ incident }: { incident: Incident }) {
  const [transition] = useMutation(TRANSITION);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['to', 'note']);
  const [note, setNote] = useState('');
  // Resolving has its own form: it needs the verification (or a reason to go without it).
  const targets = incident.allowedTransitions.filter(
    (t) => t !== 'RESOLVED' && (t !== 'ACKNOWLEDGED' || incident.status !== 'TRIGGERED'),
  );
  const go = (to: (typeof targets)[number]) =>
    run(async () => {
      await transition({ variables: { id: incident.id, input: { to, note: note || null } } });
      setNote('');
    });
  if (!targets.length) return null;
  return (
    <Action title="Move to" onSubmit={(e) => e.preventDefault()}>
      <label className="field-label">
        Note for the timeline (optional)
        <input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          {...describedBy('note')}
          data-testid="transition-note"
        />
      </label>
      <FieldError {...fieldError('note')} />
      <div className="actions-row wrap">
        {targets.map((t) => (
          <button
            key={t}
            type="button"
            className={`button ${t === 'RESOLVED' ? 'resolve' : ''}`}
            disabled={busy}
            data-testid={`to-${t}`}
            onClick={() => void go(t)}
          >
            {transitionVerb(t)}
          </button>
        ))}
      </div>
      <FieldError {...fieldError('to')} />
      <FormError message={errors.general} />
    </Action>
  );
}

/**
 * Resolve: shows which verification checks are still open (the procedure's "Verify resolution"); with some open,
 * resolving needs a reason, and the server's refusal names the missing checks next to that field.
 */
function ResolveAction({ incident }: { incident: Incident }) {
  const [resolve] = useMutation(RESOLVE);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['note', 'overrideReason']);
  const [note, setNote] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const missing = missingVerification(incident.checklists);
  if (!incident.allowedTransitions.includes('RESOLVED')) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await resolve({
        variables: {
          id: incident.id,
          input: { note: note || null, overrideReason: missing.length && overrideReason ? overrideReason : null },
        },
      });
      setNote('');
      setOverrideReason('');
    });
  };
  return (
    <Action title="Resolve" onSubmit={submit}>
      {missing.length ? (
        <div className="resolve-missing" role="status" data-testid="resolve-missing">
          <strong>Not verified yet.</strong> Still to check under "Verify resolution":
          <ul>
            {missing.map((i) => (
              <li key={i.key} data-testid={`missing-${i.key}`}>
                {i.label}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="resolve-ready" data-testid="resolve-ready">
          Verified: every resolution check is done.
        </p>
      )}
      <label className="field-label">
        Resolution note (optional)
        <input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          {...describedBy('note')}
          data-testid="resolve-note"
        />
      </label>
      <FieldError {...fieldError('note')} />
      {missing.length > 0 && (
        <label className="field-label">
          Or resolve without verification: why?
          <input
            value={overrideReason}
            onChange={(e) => setOverrideReason(e.target.value)}
            {...describedBy('overrideReason')}
            data-testid="resolve-override"
          />
        </label>
      )}
      <FieldError {...fieldError('overrideReason')} />
      <FormError message={errors.general} />
      <button type="submit" className="button resolve" disabled={busy} data-testid="resolve-submit">
        {missing.length ? 'Resolve without verification' : 'Resolve'}
      </button>
    </Action>
  );
}

function ReopenAction({ id }: { id: string }) {
  const [reopen] = useMutation(REOPEN);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['reason']);
  const [reason, setReason] = useState('');
  return (
    <Action
      title="Reopen"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await reopen({ variables: { id, input: { reason } } });
          setReason('');
        });
      }}
    >
      <label className="field-label">
        Why is it back?
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          {...describedBy('reason')}
          data-testid="reopen-reason"
        />
      </label>
      <FieldError {...fieldError('reason')} />
      <FormError message={errors.general} />
      <button type="submit" className="button" disabled={busy}>
        Reopen
      </button>
    </Action>
  );
}

function SeverityAction({ incident }: { incident: Incident }) {
  const [change] = useMutation(CHANGE_SEVERITY);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['severity', 'reason']);
  const [severity, setSeverity] = useState<Severity>(incident.severity);
  const [reason, setReason] = useState('');
  return (
    <Action
      title="Change severity"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await change({ variables: { id: incident.id, input: { severity, reason } } });
          setReason('');
        });
      }}
    >
      <div className="inline">
        <label className="field-label">
          New severity
          <select
            value={severity}
            onChange={(e) => setSeverity(e.target.value as Severity)}
            {...describedBy('severity')}
            data-testid="severity-select"
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field-label">
          Reason (required)
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            {...describedBy('reason')}
            data-testid="severity-reason"
          />
        </label>
      </div>
      <FieldError {...fieldError('severity')} />
      <FieldError {...fieldError('reason')} />
      <FormError message={errors.general} />
      <button type="submit" className="button" disabled={busy} data-testid="severity-submit">
        Change severity
      </button>
    </Action>
  );
}

function NoteAction({ id }: { id: string }) {
  const [add] = useMutation(ADD_NOTE);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['message']);
  const [message, setMessage] = useState('');
  return (
    <Action
      title="Add note"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await add({ variables: { id, input: { message } } });
          setMessage('');
        });
      }}
    >
      <label className="field-label">
        What was tried, what was seen
        <textarea
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          rows={2}
          {...describedBy('message')}
          data-testid="note-message"
        />
      </label>
      <FieldError {...fieldError('message')} />
      <FormError message={errors.general} />
      <button type="submit" className="button" disabled={busy} data-testid="note-submit">
        Add note
      </button>
    </Action>
  );
}

function StatusUpdateAction({ incident }: { incident: Incident }) {
  const [post] = useMutation(POST_STATUS_UPDATE);
  const { errors, busy, run, describedBy, fieldError } = useFormAction([
    'publicStatus',
    'internalMessage',
    'publicMessage',
  ]);
  const [publicStatus, setPublicStatus] = useState<PublicStatus>(incident.publicStatus);
  const [internalMessage, setInternal] = useState('');
  const [publicMessage, setPublic] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post({
        variables: {
          id: incident.id,
          input: { publicStatus, internalMessage: internalMessage || null, publicMessage: publicMessage || null },
        },
      });
      setInternal('');
      setPublic('');
    });
  };
  return (
    <Action title="Post status update" onSubmit={submit}>
      <RadioGroup
        label="Public status"
        className="segmented small"
        options={allowedPublicStatuses(incident.status)}
        value={publicStatus}
        onChange={setPublicStatus}
        text={(w) => w.charAt(0) + w.slice(1).toLowerCase()}
        describedBy={describedBy('publicStatus')}
      />
      <FieldError {...fieldError('publicStatus')} />
      <label className="field-label">
        Internal update (responders only)
        <textarea
          value={internalMessage}
          onChange={(e) => setInternal(e.target.value)}
          rows={2}
          {...describedBy('internalMessage')}
          data-testid="update-internal"
        />
      </label>
      <FieldError {...fieldError('internalMessage')} />
      <label className="field-label">
        Public update (shown on the status page)
        <textarea
          value={publicMessage}
          onChange={(e) => setPublic(e.target.value)}
          rows={2}
          {...describedBy('publicMessage')}
          data-testid="update-public"
        />
      </label>
      <FieldError {...fieldError('publicMessage')} />
      <FormError message={errors.general} />
      <button type="submit" className="button" disabled={busy} data-testid="update-submit">
        Post update
      </button>
    </Action>
  );
}
