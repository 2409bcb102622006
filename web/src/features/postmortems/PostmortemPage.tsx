import { formatUtc, formatUtcInput, parseUtcInput } from '@vigil/shared';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { Link } from '../../app/router';
import { PostmortemFieldsFragment, PostmortemStatus, PostmortemTimelineKind } from '../../gql/graphql';
import { useNow } from '../incidents/useNow';
import { FieldError, FormError } from '../console/FieldError';
import { UtcTimeInput, utcFieldValue } from '../console/UtcTimeInput';
import { useFormAction } from '../console/useFormAction';
import { ActionBoard } from './ActionBoard';
import { MarkdownLink } from './MarkdownLink';
import { PostmortemFacts } from './PostmortemFacts';
import { PostmortemOwner } from './PostmortemOwner';
import { POSTMORTEM_CHANGED, POSTMORTEM_PAGE, TRANSITION_POSTMORTEM, UPDATE_POSTMORTEM } from './postmortems.graphql';
import { dueLabel, formatDuration, parseOptionalNumber } from './postmortemModel';
import './postmortems.css';

const KINDS: PostmortemTimelineKind[] = ['DETECTION', 'ACKNOWLEDGEMENT', 'INVESTIGATION', 'MITIGATION', 'RESOLUTION'];
const FIELDS = [
  'title',
  'whatHappened',
  'whyItHappened',
  'contributingFactors',
  'impactSummary',
  'usersAffected',
  'usersAffectedPercent',
  'revenueImpact',
  'reputationImpact',
  'timeline',
  'to',
  'id',
] as const;
const VERB: Record<PostmortemStatus, string> = {
  DRAFT: 'Back to draft',
  IN_REVIEW: 'Send for review',
  PUBLISHED: 'Publish',
};

/** The post-mortem editor: the template's sections, its review state, and the action-item board. */
export function PostmortemPage({ id }: { id: string }) {
  const { data, error, refetch } = useQuery(POSTMORTEM_PAGE, { variables: { id }, fetchPolicy: 'cache-and-network' });
  useSubscription(POSTMORTEM_CHANGED, { variables: { id } });
  if (error && !data)
    return (
      <section className="panel">
        <h1>Post-mortem #{id}</h1>
        <p className="form-error">{error.message}</p>
        <Link to="/postmortems">All post-mortems</Link>
      </section>
    );
  if (!data)
    return (
      <section className="panel">
        <p className="muted">Loading post-mortem…</p>
      </section>
    );
  const pm = data.postmortem;
  return (
    <div className="postmortem-page" data-testid="postmortem-page">
      {/* Keyed by id only: the editor keeps its draft while live updates change the server copy underneath. */}
      <Editor key={pm.id} pm={pm} />
      <PostmortemOwner
        key={`${pm.id}:${pm.owner?.id ?? ''}:${pm.reviewers.map((r) => r.id).join(',')}`}
        pm={pm}
        users={data.users}
      />
      <ActionBoard postmortemId={pm.id} items={pm.actionItems} users={data.users} onChange={() => void refetch()} />
    </div>
  );
}

interface Draft {
  title: string;
  whatHappened: string;
  whyItHappened: string;
  contributingFactors: string;
  impactSummary: string;
  usersAffected: string;
  usersAffectedPercent: string;
  revenueImpact: string;
  reputationImpact: string;
  /** `at` is the field's text; `stored` the time as saved, kept to the millisecond while the text still says it. */
  timeline: Array<{ at: string; stored?: string; kind: PostmortemTimelineKind; text: string }>;
}

function draftOf(pm: PostmortemFieldsFragment): Draft {
  return {
    title: pm.title,
    whatHappened: pm.whatHappened ?? '',
    whyItHappened: pm.whyItHappened ?? '',
    contributingFactors: pm.contributingFactors ?? '',
    impactSummary: pm.impactSummary ?? '',
    usersAffected: pm.usersAffected?.toString() ?? '',
    usersAffectedPercent: pm.usersAffectedPercent?.toString() ?? '',
    revenueImpact: pm.revenueImpact ?? '',
    reputationImpact: pm.reputationImpact ?? '',
    timeline: pm.timeline.map((e) => ({
      at: formatUtcInput(e.at, 'seconds'),
      stored: e.at,
      kind: e.kind,
      text: e.text,
    })),
  };
}

function Editor({ pm }: { pm: PostmortemFieldsFragment }) {
  const now = useNow();
  const [draft, setDraft] = useState<Draft>(() => draftOf(pm));
  const [saved, setSaved] = useState(false);
  const [update] = useMutation(UPDATE_POSTMORTEM);
  const [transition] = useMutation(TRANSITION_POSTMORTEM);
  const { errors, busy, run } = useFormAction(FIELDS);
  const locked = pm.status === 'PUBLISHED';
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
  };
  const num = (text: string) => {
    const n = parseOptionalNumber(text);
    return n === 'invalid' ? Number.NaN : n;
  };

  const save = () =>
    run(async () => {
      const users = num(draft.usersAffected);
      const percent = num(draft.usersAffectedPercent);
      await update({
        variables: {
          id: pm.id,
          input: {
            title: draft.title,
            whatHappened: draft.whatHappened,
            whyItHappened: draft.whyItHappened,
            contributingFactors: draft.contributingFactors,
            impactSummary: draft.impactSummary,
            revenueImpact: draft.revenueImpact,
            reputationImpact: draft.reputationImpact,
            // NaN is not valid JSON for GraphQL; -1 makes the server name the field instead.
            usersAffected: Number.isNaN(users ?? 0) ? -1 : users,
            usersAffectedPercent: Number.isNaN(percent ?? 0) ? -1 : percent,
            timeline: draft.timeline.map((e, i) => ({
              kind: e.kind,
              text: e.text,
              at:
                e.stored && formatUtcInput(e.stored, 'seconds') === e.at.trim()
                  ? e.stored
                  : utcFieldValue('timeline', e.at, `Entry ${i + 1}: `),
            })),
          },
        },
      });
      setSaved(true);
    });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };
  const move = (to: PostmortemStatus) =>
    void run(async () => {
      await transition({ variables: { id: pm.id, to } });
    });

  const text = (
    key:
      'whatHappened' | 'whyItHappened' | 'contributingFactors' | 'impactSummary' | 'revenueImpact' | 'reputationImpact',
    label: string,
    rows = 4,
  ) => (
    <label>
      {label}
      <textarea
        rows={rows}
        value={draft[key]}
        disabled={locked}
        onChange={(e) => set(key, e.target.value)}
        data-testid={`pm-${key}`}
      />
      <FieldError field={key} message={errors.fields[key]} />
    </label>
  );

  return (
    <form className="panel pm-editor" onSubmit={onSubmit} noValidate>
      <div className="pm-head">
        <span className={`sev-badge sev-badge-${pm.severity}`}>{pm.severity}</span>
        <input
          className="pm-title"
          value={draft.title}
          disabled={locked}
          onChange={(e) => set('title', e.target.value)}
          aria-label="Title"
          data-testid="pm-title"
        />
        <span className={`pm-status pm-${pm.status}`} data-testid="pm-status">
          {pm.status.replace('_', ' ')}
        </span>
      </div>
      <FieldError field="title" message={errors.fields.title} />
      <div className="pm-meta muted">
        Incident{' '}
        <Link to={`/incidents/${pm.incident.id}`} className="text-link">
          #{pm.incident.id} {pm.incident.title}
        </Link>
        {' · '}
        <span className={pm.overdue ? 'overdue' : ''} data-testid="pm-due">
          {pm.status === 'PUBLISHED'
            ? `published ${formatUtc(pm.publishedAt ?? pm.dueAt)}${pm.onTime === false ? ' (late)' : ''}`
            : `${dueLabel(pm.dueAt, now)} (${formatUtc(pm.dueAt)})`}
        </span>
        {' · '}
        <MarkdownLink id={pm.id} />
      </div>

      <section className="pm-section">
        <h2>Summary</h2>
        <dl className="pm-facts">
          <div>
            <dt>Detected</dt>
            <dd>{formatUtc(pm.incident.detectedAt)}</dd>
          </div>
          <div>
            <dt>Resolved</dt>
            <dd>{formatUtc(pm.resolvedAt)}</dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd data-testid="pm-duration">{formatDuration(pm.durationMs)}</dd>
          </div>
          <div>
            <dt>Severity</dt>
            <dd>{pm.severity}</dd>
          </div>
          {pm.incident.resolution && (
            <div className="wide">
              <dt>Verification</dt>
              <dd
                data-testid="pm-verification"
                className={pm.incident.resolution.verified === false ? 'unverified' : ''}
              >
                {pm.incident.resolution.summary}
              </dd>
            </div>
          )}
        </dl>
      </section>

      <PostmortemFacts facts={pm.facts} published={locked} />

      <section className="pm-section">
        <h2>
          Timeline <span className="muted small">(times in UTC)</span>
        </h2>
        <ol className="pm-timeline" data-testid="pm-timeline">
          {draft.timeline.map((e, i) => (
            <li key={i}>
              <UtcTimeInput
                value={e.at}
                placeholder="YYYY-MM-DD HH:MM:SS"
                disabled={locked}
                aria-label="When (UTC)"
                aria-invalid={errors.fields.timeline !== undefined && !parseUtcInput(e.at).ok}
                data-testid="pm-timeline-at"
                onText={(at) =>
                  set(
                    'timeline',
                    draft.timeline.map((x, j) => (j === i ? { ...x, at } : x)),
                  )
                }
              />
              <select
                value={e.kind}
                disabled={locked}
                aria-label="Kind"
                onChange={(ev) =>
                  set(
                    'timeline',
                    draft.timeline.map((x, j) =>
                      j === i ? { ...x, kind: ev.target.value as PostmortemTimelineKind } : x,
                    ),
                  )
                }
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k.charAt(0) + k.slice(1).toLowerCase()}
                  </option>
                ))}
              </select>
              <input
                value={e.text}
                disabled={locked}
                aria-label="What happened then"
                onChange={(ev) =>
                  set(
                    'timeline',
                    draft.timeline.map((x, j) => (j === i ? { ...x, text: ev.target.value } : x)),
                  )
                }
              />
              {!locked && (
                <button
                  type="button"
                  className="linklike"
                  onClick={() =>
                    set(
                      'timeline',
                      draft.timeline.filter((_, j) => j !== i),
                    )
                  }
                  aria-label="Remove entry"
                >
                  ✕
                </button>
              )}
            </li>
          ))}
        </ol>
        {!locked && (
          <button
            type="button"
            className="button small"
            onClick={() =>
              set('timeline', [
                ...draft.timeline,
                { at: formatUtcInput(now, 'seconds'), kind: 'INVESTIGATION', text: '' },
              ])
            }
          >
            Add entry
          </button>
        )}
        <FieldError field="timeline" message={errors.fields.timeline} />
      </section>

      <section className="pm-section">
        <h2>Root cause</h2>
        {text('whatHappened', 'What happened')}
        {text('whyItHappened', 'Why it happened')}
        {text('contributingFactors', 'Contributing factors', 3)}
      </section>

      <section className="pm-section">
        <h2>Impact</h2>
        <div className="pm-impact">
          <label>
            Users affected
            <input
              inputMode="numeric"
              value={draft.usersAffected}
              disabled={locked}
              onChange={(e) => set('usersAffected', e.target.value)}
              data-testid="pm-usersAffected"
            />
            <FieldError field="usersAffected" message={errors.fields.usersAffected} />
          </label>
          <label>
            Percentage of users
            <input
              inputMode="decimal"
              value={draft.usersAffectedPercent}
              disabled={locked}
              onChange={(e) => set('usersAffectedPercent', e.target.value)}
              data-testid="pm-usersAffectedPercent"
            />
            <FieldError field="usersAffectedPercent" message={errors.fields.usersAffectedPercent} />
          </label>
        </div>
        {text('impactSummary', 'Summary of the impact', 2)}
        {text('revenueImpact', 'Revenue impact', 2)}
        {text('reputationImpact', 'Reputation impact', 2)}
      </section>

      <FieldError field="to" message={errors.fields.to} />
      <FieldError field="id" message={errors.fields.id} />
      <FormError message={errors.general} />
      <div className="actions-row wrap pm-actions">
        {!locked && (
          <button type="submit" className="button primary" disabled={busy} data-testid="pm-save">
            Save
          </button>
        )}
        {saved && (
          <span className="muted" data-testid="pm-saved">
            Saved
          </span>
        )}
        {pm.allowedTransitions.map((to) => (
          <button
            key={to}
            type="button"
            className="button"
            disabled={busy}
            onClick={() => move(to)}
            data-testid={`pm-to-${to}`}
          >
            {VERB[to]}
          </button>
        ))}
      </div>
    </form>
  );
}
