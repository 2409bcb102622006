import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { ComponentState } from '../../gql/graphql';
import { FieldError, FormError } from './FieldError';
import { INCIDENT_PUBLICATION, PUBLISH_INCIDENT, UNPUBLISH_INCIDENT } from './publication.graphql';
import { useFormAction } from './useFormAction';

const IMPACTS: ReadonlyArray<[ComponentState, string]> = [
  ['DEGRADED_PERFORMANCE', 'Degraded performance'],
  ['PARTIAL_OUTAGE', 'Partial outage'],
  ['MAJOR_OUTAGE', 'Major outage'],
];
const impactLabel = (impact: ComponentState) => IMPACTS.find(([v]) => v === impact)?.[1] ?? 'Operational';

/**
 * Whether the public status page shows this incident, and as what: P0/P1 are published at declaration, P2/P3 when
 * a responder publishes them (issue 20). The title and impact here are what customers read.
 */
export function PublicationPanel({ id, tick }: { id: string; tick: number }) {
  const { data, refetch } = useQuery(INCIDENT_PUBLICATION, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const [publish] = useMutation(PUBLISH_INCIDENT);
  const [unpublish] = useMutation(UNPUBLISH_INCIDENT);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['title', 'impact']);
  const [title, setTitle] = useState('');
  const [impact, setImpact] = useState<ComponentState | ''>('');
  useEffect(() => {
    void refetch();
  }, [tick, refetch]);
  const incident = data?.incident;
  if (!incident) return null;
  const p = incident.publication;
  const published = p.state === 'PUBLISHED';
  const who = p.decidedBy === 'DEFAULT' ? `the default for ${incident.severity}` : 'a responder';
  return (
    <section className="panel publication" aria-label="Status page" data-testid="publication">
      <h2>Status page</h2>
      <p data-testid="publication-state">
        {published ? (
          <>
            Published as <strong>“{p.title}”</strong> · {impactLabel(p.impact)}
          </>
        ) : (
          <>Not on the public status page</>
        )}{' '}
        <span className="muted small">({who})</span>
      </p>
      <form
        className="action"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await publish({ variables: { id, input: { title: title || null, impact: impact || null } } });
            setTitle('');
            setImpact('');
          });
        }}
      >
        <label htmlFor={`pub-title-${id}`}>Public title</label>
        <input
          id={`pub-title-${id}`}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={p.customTitle ?? p.title}
          {...describedBy('title')}
          data-testid="publication-title"
        />
        <FieldError {...fieldError('title')} />
        <label htmlFor={`pub-impact-${id}`}>Impact shown</label>
        <select
          id={`pub-impact-${id}`}
          value={impact}
          onChange={(e) => setImpact(e.target.value as ComponentState | '')}
          {...describedBy('impact')}
          data-testid="publication-impact"
        >
          <option value="">{`As its severity says (${impactLabel(p.impact)})`}</option>
          {IMPACTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <FieldError {...fieldError('impact')} />
        <div className="actions-row">
          <button type="submit" className="button primary" disabled={busy} data-testid="publish">
            {published ? 'Update on the status page' : 'Publish on the status page'}
          </button>
          {published && (
            <button
              type="button"
              className="button"
              disabled={busy}
              data-testid="unpublish"
              onClick={() => void run(() => unpublish({ variables: { id } }))}
            >
              Take off the status page
            </button>
          )}
        </div>
        <FormError message={errors.general} />
      </form>
    </section>
  );
}
