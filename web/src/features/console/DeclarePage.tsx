import { useMutation, useQuery } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { SEVERITIES, Severity, severityPolicy } from '@vigil/shared';
import { useRouter } from '../../app/router';
import { DECLARE, SERVICES } from './console.graphql';
import { FieldError, FormError } from './FieldError';
import { useFormAction } from './useFormAction';
import { UtcTimeInput, utcFieldValue } from './UtcTimeInput';

const FIELDS = ['title', 'severity', 'source', 'summary', 'services', 'detectedAt'] as const;

/** Declare an incident from a user report or from internal discovery (alerts declare their own). */
export function DeclarePage() {
  const { navigate } = useRouter();
  const services = useQuery(SERVICES);
  const [declare] = useMutation(DECLARE);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(FIELDS);
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('P2');
  const [source, setSource] = useState<'USER_REPORT' | 'INTERNAL_DISCOVERY'>('INTERNAL_DISCOVERY');
  const [summary, setSummary] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [detectedAt, setDetectedAt] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let id: string | undefined;
    const ok = await run(async () => {
      const res = await declare({
        variables: {
          input: {
            title,
            severity,
            source,
            summary: summary || null,
            services: picked,
            detectedAt: detectedAt.trim() ? utcFieldValue('detectedAt', detectedAt) : null,
          },
        },
      });
      id = res.data?.declareIncident.id;
    });
    if (ok && id) navigate(`/incidents/${id}`);
  };

  const policy = severityPolicy(severity);
  return (
    <section className="panel narrow">
      <h1>Declare an incident</h1>
      <form onSubmit={submit} className="form" noValidate>
        <label>
          Title
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={200}
            placeholder="Checkout fails for card payments"
            {...describedBy('title')}
            data-testid="declare-title"
          />
        </label>
        <FieldError {...fieldError('title')} />

        <fieldset className="severity-pick" aria-describedby={describedBy('severity')['aria-describedby']}>
          <legend>Severity</legend>
          {SEVERITIES.map((s) => (
            <label key={s} className={`sev-option sev-option-${s} ${s === severity ? 'on' : ''}`}>
              <input type="radio" name="severity" value={s} checked={s === severity} onChange={() => setSeverity(s)} />
              <b>{s}</b> {severityPolicy(s).name}
            </label>
          ))}
        </fieldset>
        <p className="muted small">
          {policy.impact}. Acknowledge: {policy.response}; resolve: {policy.resolution}.
        </p>
        <FieldError {...fieldError('severity')} />

        <label>
          How was it found?
          <select
            value={source}
            onChange={(e) => setSource(e.target.value as typeof source)}
            {...describedBy('source')}
          >
            <option value="INTERNAL_DISCOVERY">Internal discovery</option>
            <option value="USER_REPORT">User report</option>
          </select>
        </label>
        <FieldError {...fieldError('source')} />

        <label>
          Summary <span className="muted">(optional)</span>
          <textarea value={summary} onChange={(e) => setSummary(e.target.value)} rows={3} {...describedBy('summary')} />
        </label>
        <FieldError {...fieldError('summary')} />

        <fieldset aria-describedby={describedBy('services')['aria-describedby']}>
          <legend>Affected services</legend>
          {(services.data?.services ?? []).length === 0 && (
            <p className="muted small">No services in the catalog yet.</p>
          )}
          <div className="chips">
            {(services.data?.services ?? []).map((s) => (
              <label key={s.id} className={`chip ${picked.includes(s.name) ? 'on' : ''}`}>
                <input
                  type="checkbox"
                  checked={picked.includes(s.name)}
                  onChange={() =>
                    setPicked((p) => (p.includes(s.name) ? p.filter((n) => n !== s.name) : [...p, s.name]))
                  }
                />
                {s.name}
              </label>
            ))}
          </div>
        </fieldset>
        <FieldError {...fieldError('services')} />

        <label>
          Started at (UTC) <span className="muted">(optional, if before now)</span>
          <UtcTimeInput
            value={detectedAt}
            onText={setDetectedAt}
            {...describedBy('detectedAt')}
            data-testid="declare-detected-at"
          />
        </label>
        <FieldError {...fieldError('detectedAt')} />

        <FormError message={errors.general} />
        <div className="actions-row">
          <button type="submit" className="button primary" disabled={busy} data-testid="declare-submit">
            Declare {severity}
          </button>
        </div>
      </form>
    </section>
  );
}
