import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { PublicStatus, allowedPublicStatuses, formatUtc } from '@vigil/shared';
import { Link } from '../../app/router';
import { ACKNOWLEDGE, INCIDENT_TIMELINE_ADDED, POST_STATUS_UPDATE } from '../console/console.graphql';
import { FieldError, FormError } from '../console/FieldError';
import { ACCEPT_PAGE, ESCALATE } from '../console/respond.graphql';
import { useFormAction } from '../console/useFormAction';
import { ESCALATION_CHANGED, INCIDENT_CHANGED } from '../incidents/incidents.graphql';
import { countdown } from '../incidents/wallModel';
import { MOBILE_INCIDENT } from './mobile.graphql';
import { MobileAction, mobileActions } from './mobileModel';
import { SignInOrError } from './Mobile';

/** One incident on a phone: what it is, the clock, who was paged, the big buttons, then the timeline. */
export function MobileIncidentPage({ id, now }: { id: string; now: Date }) {
  const { data, error, refetch } = useQuery(MOBILE_INCIDENT, { variables: { id }, fetchPolicy: 'cache-and-network' });
  useSubscription(INCIDENT_CHANGED, { onData: ({ data: d }) => d.data?.incidentChanged.id === id && void refetch() });
  useSubscription(ESCALATION_CHANGED, { variables: { incidentId: id }, onData: () => void refetch() });
  useSubscription(INCIDENT_TIMELINE_ADDED, { variables: { incidentId: id }, onData: () => void refetch() });
  if (error && !data) return <SignInOrError message={error.message} />;
  if (!data) return <p className="mobile-note">Loading…</p>;
  if (!data.me) return <SignInOrError />;
  const incident = data.incident;
  const actions = mobileActions(incident, data.me.id);
  // The latest page of each level, newest level last: who has been asked, and whether it was me.
  const pages = [...new Map((incident.escalation?.pages ?? []).map((p) => [p.level, p])).values()];
  const ack = countdown(incident.acknowledgeBy, null, now);
  return (
    <article className={`mobile-incident sev-${incident.severity.toLowerCase()}`}>
      <p className="mobile-back">
        <Link to="/m">‹ My pages</Link>
      </p>
      <h1>
        <span className="sev">{incident.severity}</span> {incident.title}
      </h1>
      <p className="meta" data-testid="mobile-status">
        {incident.status.toLowerCase()} · {incident.services.map((s) => s.name).join(', ') || 'no service'} · detected{' '}
        {formatUtc(new Date(incident.detectedAt))}
      </p>
      {incident.status === 'TRIGGERED' && <p className={`clock sla-${ack.state}`}>acknowledge: {ack.label}</p>}
      {pages.length > 0 && (
        <p className="meta" data-testid="mobile-paged">
          {incident.escalation?.awaitingAnswer ? 'Paged, waiting for an answer: ' : 'Paged: '}
          {pages
            .map(
              (p) =>
                `${p.paged.map((u) => (u.userId === data.me?.id ? `${u.name} (you)` : u.name)).join(', ') || 'nobody available'} (level ${p.level})`,
            )
            .join('; ')}
        </p>
      )}
      <Actions
        id={id}
        actions={actions}
        status={incident.status}
        publicStatus={incident.publicStatus}
        onDone={() => void refetch()}
      />
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <ol className="mobile-timeline" data-testid="mobile-timeline">
          {[...incident.timeline].reverse().map((e) => (
            <li key={e.id}>
              <time>{formatUtc(new Date(e.at)).slice(11)}</time> {e.message}
              {e.actorName && <span className="muted"> — {e.actorName}</span>}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

const LABELS: Record<MobileAction, string> = {
  ACKNOWLEDGE: 'Acknowledge',
  ACCEPT_PAGE: "I've got it",
  ESCALATE: 'Escalate',
  STATUS_UPDATE: 'Post update',
};

function Actions({
  id,
  actions,
  status,
  publicStatus,
  onDone,
}: {
  id: string;
  actions: MobileAction[];
  status: Parameters<typeof allowedPublicStatuses>[0];
  publicStatus: PublicStatus;
  onDone(): void;
}) {
  const [open, setOpen] = useState<'ESCALATE' | 'STATUS_UPDATE' | null>(null);
  const [acknowledge] = useMutation(ACKNOWLEDGE);
  const [accept] = useMutation(ACCEPT_PAGE);
  const { errors, busy, run } = useFormAction([]);
  if (!actions.length) return null;
  const press = (action: MobileAction) => {
    if (action === 'ESCALATE' || action === 'STATUS_UPDATE') return setOpen(open === action ? null : action);
    void run(async () => {
      if (action === 'ACKNOWLEDGE') await acknowledge({ variables: { id } });
      else await accept({ variables: { id } });
      onDone();
    });
  };
  return (
    <section className="mobile-actions" aria-label="Actions">
      <FormError message={errors.general} />
      <div className="big-buttons">
        {actions.map((a, i) => (
          <button
            key={a}
            type="button"
            className={`big-button${i === 0 ? ' primary' : ''}`}
            disabled={busy}
            aria-expanded={a === 'ESCALATE' || a === 'STATUS_UPDATE' ? open === a : undefined}
            data-testid={`mobile-${a.toLowerCase().replace('_', '-')}`}
            onClick={() => press(a)}
          >
            {LABELS[a]}
          </button>
        ))}
      </div>
      {open === 'ESCALATE' && <EscalateForm id={id} onDone={() => (setOpen(null), onDone())} />}
      {open === 'STATUS_UPDATE' && (
        <StatusUpdateForm id={id} status={status} current={publicStatus} onDone={() => (setOpen(null), onDone())} />
      )}
    </section>
  );
}

function EscalateForm({ id, onDone }: { id: string; onDone(): void }) {
  const [escalate] = useMutation(ESCALATE);
  const [reason, setReason] = useState('Unable to resolve');
  const { errors, busy, run } = useFormAction(['reason']);
  return (
    <form
      className="mobile-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await escalate({ variables: { id, input: { reason } } });
          onDone();
        });
      }}
    >
      <label htmlFor={`escalate-reason-${id}`}>Why</label>
      <input
        id={`escalate-reason-${id}`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-describedby={errors.fields.reason ? 'error-reason' : undefined}
      />
      <FieldError field="reason" message={errors.fields.reason} />
      <FormError message={errors.general} />
      <button type="submit" className="big-button primary" disabled={busy} data-testid="mobile-escalate-send">
        Page the next level
      </button>
    </form>
  );
}

function StatusUpdateForm({
  id,
  status,
  current,
  onDone,
}: {
  id: string;
  status: Parameters<typeof allowedPublicStatuses>[0];
  current: PublicStatus;
  onDone(): void;
}) {
  const [post] = useMutation(POST_STATUS_UPDATE);
  const words = allowedPublicStatuses(status);
  const [publicStatus, setPublicStatus] = useState<PublicStatus>(words.includes(current) ? current : words[0]);
  const [internalMessage, setInternal] = useState('');
  const [publicMessage, setPublic] = useState('');
  const { errors, busy, run } = useFormAction(['publicStatus', 'internalMessage', 'publicMessage']);
  return (
    <form
      className="mobile-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await post({
            variables: {
              id,
              input: { publicStatus, internalMessage: internalMessage || null, publicMessage: publicMessage || null },
            },
          });
          onDone();
        });
      }}
    >
      <label htmlFor={`update-status-${id}`}>Status page word</label>
      <select
        id={`update-status-${id}`}
        value={publicStatus}
        onChange={(e) => setPublicStatus(e.target.value as PublicStatus)}
        aria-describedby={errors.fields.publicStatus ? 'error-publicStatus' : undefined}
      >
        {words.map((w) => (
          <option key={w} value={w}>
            {w.charAt(0) + w.slice(1).toLowerCase()}
          </option>
        ))}
      </select>
      <FieldError field="publicStatus" message={errors.fields.publicStatus} />
      <label htmlFor={`update-internal-${id}`}>For responders</label>
      <textarea
        id={`update-internal-${id}`}
        rows={3}
        value={internalMessage}
        onChange={(e) => setInternal(e.target.value)}
        aria-describedby={errors.fields.internalMessage ? 'error-internalMessage' : undefined}
        data-testid="mobile-update-internal"
      />
      <FieldError field="internalMessage" message={errors.fields.internalMessage} />
      <label htmlFor={`update-public-${id}`}>For customers (status page)</label>
      <textarea
        id={`update-public-${id}`}
        rows={3}
        value={publicMessage}
        onChange={(e) => setPublic(e.target.value)}
        aria-describedby={errors.fields.publicMessage ? 'error-publicMessage' : undefined}
      />
      <FieldError field="publicMessage" message={errors.fields.publicMessage} />
      <FormError message={errors.general} />
      <button type="submit" className="big-button primary" disabled={busy} data-testid="mobile-update-send">
        Post update
      </button>
    </form>
  );
}
