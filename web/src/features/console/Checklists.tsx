import { formatUtcTime } from '@vigil/shared';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ChecklistFieldsFragment } from '../../gql/graphql';
import { CHECK_CHECKLIST_ITEM } from './console.graphql';
import { FieldError, FormError } from './FieldError';
import { useFormAction } from './useFormAction';

/** The mitigation and resolution-verification checklists; every tick goes on the timeline with its evidence. */
export function Checklists({
  incidentId,
  checklists,
}: {
  incidentId: string;
  checklists: readonly ChecklistFieldsFragment[];
}) {
  return (
    <>
      {checklists.map((c) => (
        <Checklist key={c.kind} incidentId={incidentId} checklist={c} />
      ))}
    </>
  );
}

function Checklist({ incidentId, checklist }: { incidentId: string; checklist: ChecklistFieldsFragment }) {
  const [check] = useMutation(CHECK_CHECKLIST_ITEM);
  const { errors, busy, run, describedBy, fieldError } = useFormAction(['evidence', 'item']);
  const [evidence, setEvidence] = useState<Record<string, string>>({});
  // The item last ticked: a refused evidence belongs to its field.
  const [ticked, setTicked] = useState<string | null>(null);
  const done = checklist.items.filter((i) => i.done).length;
  return (
    <section className="panel checklist" data-testid={`checklist-${checklist.kind}`}>
      <h2>
        {checklist.title}{' '}
        <span className={`count ${checklist.complete ? 'ok' : ''}`}>
          {done}/{checklist.items.length}
        </span>
      </h2>
      <ul>
        {checklist.items.map((item) => (
          <li key={item.key} className={item.done ? 'done' : ''}>
            <label className="check">
              <input
                type="checkbox"
                checked={item.done}
                disabled={busy}
                data-testid={`check-${item.key}`}
                onChange={() => {
                  setTicked(item.key);
                  void run(() =>
                    check({
                      variables: {
                        id: incidentId,
                        input: {
                          checklist: checklist.kind,
                          item: item.key,
                          done: !item.done,
                          evidence: evidence[item.key] || null,
                        },
                      },
                    }).then(() => setEvidence((e) => ({ ...e, [item.key]: '' }))),
                  );
                }}
              />
              <span>{item.label}</span>
            </label>
            {item.checkedAt && (
              <div className="muted small">
                {item.done ? 'done' : 'unchecked'} {formatUtcTime(item.checkedAt)} by {item.checkedBy}
                {item.evidence && <> — {item.evidence}</>}
              </div>
            )}
            <label className="field-label">
              Evidence (optional): link, version, output
              <input
                className="evidence"
                value={evidence[item.key] ?? ''}
                onChange={(e) => setEvidence((ev) => ({ ...ev, [item.key]: e.target.value }))}
                {...(ticked === item.key ? describedBy('evidence') : {})}
              />
            </label>
          </li>
        ))}
      </ul>
      <FieldError {...fieldError('evidence')} />
      <FieldError {...fieldError('item')} />
      <FormError message={errors.general} />
    </section>
  );
}
