import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { PostmortemFieldsFragment } from '../../gql/graphql';
import { FieldError, FormError } from '../console/FieldError';
import { useFormAction } from '../console/useFormAction';
import { ASSIGN_POSTMORTEM } from './postmortems.graphql';

const FIELDS = ['ownerId', 'reviewerIds', 'id'] as const;

/** Who writes the post-mortem (notified, reminded when it is overdue) and who reviews it. */
export function PostmortemOwner({
  pm,
  users,
}: {
  pm: PostmortemFieldsFragment;
  users: Array<{ id: string; name: string; active: boolean }>;
}) {
  const [ownerId, setOwnerId] = useState(pm.owner?.id ?? '');
  const [reviewerIds, setReviewerIds] = useState<string[]>(pm.reviewers.map((r) => r.id));
  const [assign] = useMutation(ASSIGN_POSTMORTEM);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(FIELDS);
  const locked = pm.status === 'PUBLISHED';
  const people = users.filter((u) => u.active || u.id === pm.owner?.id || reviewerIds.includes(u.id));
  const toggle = (id: string) =>
    setReviewerIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  const save = () =>
    void run(() => assign({ variables: { id: pm.id, input: { ownerId: ownerId || null, reviewerIds } } }));

  return (
    <section className="panel pm-owner" data-testid="pm-owner">
      <h2>Owner and reviewers</h2>
      <p data-testid="pm-owner-name">
        Owner: <strong>{pm.owner?.name ?? 'not assigned'}</strong>
        {pm.reviewers.length > 0 && (
          <span className="muted"> · reviewers: {pm.reviewers.map((r) => r.name).join(', ')}</span>
        )}
      </p>
      {!locked && (
        <>
          <label>
            Owner
            <select
              value={ownerId}
              onChange={(e) => setOwnerId(e.target.value)}
              data-testid="pm-owner-select"
              {...describedBy('ownerId')}
            >
              <option value="">Nobody</option>
              {people.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <FieldError {...fieldError('ownerId')} />
          <fieldset className="pm-reviewers" {...describedBy('reviewerIds')}>
            <legend>Reviewers</legend>
            {people.map((u) => (
              <label key={u.id} className="inline">
                <input type="checkbox" checked={reviewerIds.includes(u.id)} onChange={() => toggle(u.id)} /> {u.name}
              </label>
            ))}
          </fieldset>
          <FieldError {...fieldError('reviewerIds')} />
          <FieldError field="id" message={errors.fields.id} />
          <FormError message={errors.general} />
          <button type="button" className="button" disabled={busy} onClick={save} data-testid="pm-owner-save">
            Assign
          </button>
        </>
      )}
    </section>
  );
}
