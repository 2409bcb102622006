import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { Link, useRouter } from '../../app/router';
import { Changes } from './Changes';
import { FormError } from './FieldError';
import { CONSOLE_POSTMORTEM_FOR_INCIDENT, INCIDENT_RESPONSE, REQUEST_POSTMORTEM } from './respond.graphql';
import { Responders } from './Responders';
import { useFormAction } from './useFormAction';

/**
 * Roles, escalation, deployments, rollback and runbooks for one incident. `tick` changes with every timeline line,
 * which is when any of these can have changed (each change writes one), so the panel reloads then.
 */
function useIncidentResponse(id: string, tick: number) {
  const q = useQuery(INCIDENT_RESPONSE, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const { refetch } = q;
  const seen = useRef(tick);
  useEffect(() => {
    if (tick === seen.current) return;
    seen.current = tick;
    void refetch();
  }, [tick, refetch]);
  return q;
}

export function RespondersPanel({ id, tick }: { id: string; tick: number }) {
  const { data, refetch } = useIncidentResponse(id, tick);
  if (!data) return null;
  return <Responders data={data} onChange={() => void refetch()} />;
}

export function ChangesPanel({ id, tick }: { id: string; tick: number }) {
  const { data } = useIncidentResponse(id, tick);
  if (!data) return null;
  return <Changes incident={data.incident} />;
}

/** The incident's post-mortem, or (once resolved) a button to ask for one. */
export function PostmortemLink({ incidentId, resolved }: { incidentId: string; resolved: boolean }) {
  const { data, refetch } = useQuery(CONSOLE_POSTMORTEM_FOR_INCIDENT, {
    variables: { incidentId },
    fetchPolicy: 'cache-and-network',
  });
  const [request] = useMutation(REQUEST_POSTMORTEM);
  const { navigate } = useRouter();
  const { errors, busy, run } = useFormAction(['incidentId']);
  useEffect(() => {
    if (resolved) void refetch();
  }, [resolved, refetch]);
  const pm = data?.postmortemForIncident;
  if (pm) {
    return (
      <Link
        to={`/postmortems/${pm.id}`}
        className={`button small ${pm.overdue ? 'overdue' : ''}`}
        data-testid="postmortem-link"
      >
        Post-mortem · {pm.status.replace('_', ' ').toLowerCase()}
        {pm.overdue ? ' · overdue' : ''}
      </Link>
    );
  }
  if (!resolved || !data) return null;
  return (
    <span>
      <button
        type="button"
        className="button small"
        disabled={busy}
        data-testid="request-postmortem"
        onClick={() =>
          void run(async () => {
            const res = await request({ variables: { incidentId } });
            if (res.data) navigate(`/postmortems/${res.data.requestPostmortem.id}`);
          })
        }
      >
        Write a post-mortem
      </button>
      <FormError message={errors.fields.incidentId ?? errors.general} />
    </span>
  );
}
