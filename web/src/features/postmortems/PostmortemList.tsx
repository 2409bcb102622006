import { formatUtc } from '@vigil/shared';
import { useQuery } from '@apollo/client/react';
import { Link } from '../../app/router';
import { PostmortemStatus } from '../../gql/graphql';
import { useNow } from '../incidents/useNow';
import { Card } from './ActionBoard';
import { MY_ACTION_ITEMS, POSTMORTEM_LIST } from './postmortems.graphql';
import { dueLabel } from './postmortemModel';
import './postmortems.css';

/** Every post-mortem, newest first, and the signed-in person's open action items. */
export function PostmortemList() {
  const now = useNow();
  const { data, error, refetch } = useQuery(POSTMORTEM_LIST, { fetchPolicy: 'cache-and-network' });
  const meId = data?.me?.id ?? null;
  // Without a person (an API token), "mine" would be everyone's: ask only when someone is signed in.
  const mine = useQuery(MY_ACTION_ITEMS, {
    variables: { ownerId: meId },
    skip: !meId,
    fetchPolicy: 'cache-and-network',
  });
  if (error && !data)
    return (
      <section className="panel">
        <h1>Post-mortems</h1>
        <p className="form-error">{error.message}</p>
      </section>
    );
  if (!data)
    return (
      <section className="panel">
        <p className="muted">Loading post-mortems…</p>
      </section>
    );
  const list = [...data.postmortems].sort((a, b) => b.resolvedAt.localeCompare(a.resolvedAt));
  return (
    <div className="postmortem-list">
      <section className="panel">
        <h1>Post-mortems</h1>
        {list.length === 0 ? (
          <p className="empty">
            No post-mortems yet. A resolved P0 or P1 opens one; any resolved incident can request one.
          </p>
        ) : (
          <table className="incident-table" data-testid="postmortems">
            <thead>
              <tr>
                <th>Sev</th>
                <th>Title</th>
                <th>Status</th>
                <th>Resolved</th>
                <th>Due</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id} data-testid={`pm-row-${p.id}`}>
                  <td>
                    <span className={`sev-badge sev-badge-${p.severity}`}>{p.severity}</span>
                  </td>
                  <td>
                    <Link to={`/postmortems/${p.id}`} className="row-title">
                      {p.title}
                    </Link>{' '}
                    <span className="muted">· incident #{p.incidentId}</span>
                  </td>
                  <td>
                    <span className={`pm-status pm-${p.status}`}>{statusWord(p.status)}</span>
                  </td>
                  <td>{formatUtc(p.resolvedAt)}</td>
                  <td className={p.overdue || p.onTime === false ? 'overdue' : ''}>
                    {p.status === 'PUBLISHED'
                      ? `published ${formatUtc(p.publishedAt ?? p.dueAt)}${p.onTime === false ? ' (late)' : ''}`
                      : dueLabel(p.dueAt, now)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" data-testid="my-items">
        <h2>My open action items</h2>
        {!meId && <p className="muted">Sign in to see the action items you own.</p>}
        {meId && mine.data && mine.data.openActionItems.length === 0 && (
          <p className="muted">Nothing open. Well done.</p>
        )}
        <div className="my-items">
          {mine.data?.openActionItems.map((item) => (
            <div key={item.id}>
              <Card
                item={item}
                showPostmortem
                onChange={() => {
                  void mine.refetch();
                  void refetch();
                }}
              />
              <Link to={`/postmortems/${item.postmortemId}`} className="small">
                open the post-mortem
              </Link>
            </div>
          ))}
        </div>
      </section>
    </div>
  );
}

function statusWord(s: PostmortemStatus): string {
  return s === 'IN_REVIEW' ? 'In review' : s.charAt(0) + s.slice(1).toLowerCase();
}
