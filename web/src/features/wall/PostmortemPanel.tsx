import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatDuration } from '@vigil/shared';
import { AGE_BANDS, CATEGORY_WORDS, agingByCategory, burndown, postmortemDue } from './postmortemModel';
import { useRem } from './useRem';
import { WALL_ACTION_ITEM_CHANGED, WALL_POSTMORTEMS, WALL_POSTMORTEM_CHANGED } from './wall.graphql';

const BURNDOWN_DAYS = 30;

/** Post-mortems racing their 48 h clock, open action items by category and age, and the completion burndown. */
export function PostmortemPanel({ now, generation }: { now: Date; generation: number }) {
  const { data, refetch } = useQuery(WALL_POSTMORTEMS, { fetchPolicy: 'network-only' });
  const rem = useRem();
  useSubscription(WALL_POSTMORTEM_CHANGED, { onData: () => void refetch() });
  useSubscription(WALL_ACTION_ITEM_CHANGED, { onData: () => void refetch() });
  useEffect(() => {
    if (generation > 1) void refetch();
  }, [generation, refetch]);

  const postmortems = data?.postmortems ?? [];
  const items = useMemo(() => postmortems.flatMap((p) => p.actionItems), [postmortems]);
  const pending = postmortems.filter((p) => p.status !== 'PUBLISHED').sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const aging = agingByCategory(items, now);
  const today = now.toISOString().slice(0, 10);
  // The burndown only changes when items do or the day turns; the ticking clock must not redraw it.
  const points = useMemo(() => burndown(items, new Date(), BURNDOWN_DAYS), [items, today]);
  const completion = data?.actionItemCompletion;

  return (
    <section className="panel postmortems" aria-label="Post-mortems" data-testid="postmortem-panel">
      <h2>
        Post-mortems
        {completion && (
          <span className="muted">
            {' '}
            · action items {completion.rate === null ? '–' : `${Math.floor(completion.rate * 100)}%`} done (
            {completion.done}/{completion.total - completion.wontDo})
          </span>
        )}
      </h2>
      <div className="pm-grid">
        <div className="pm-due">
          {data && pending.length === 0 && <p className="muted">None waiting.</p>}
          <ul>
            {pending.slice(0, 5).map((p) => {
              const due = postmortemDue(p.dueAt, p.publishedAt ?? null, now);
              return (
                <li key={p.id} className={`pm-${due.state}`} data-testid={`postmortem-${p.id}`}>
                  <span className={`pm-sev sev-text-${p.severity}`}>{p.severity}</span>{' '}
                  <span className="pm-title">{p.title}</span>
                  <b className="pm-clock">{due.label}</b>
                </li>
              );
            })}
          </ul>
          <table className="aging" data-testid="action-aging">
            <thead>
              <tr>
                <th />
                {AGE_BANDS.map((b) => (
                  <th key={b.key}>{b.label}</th>
                ))}
                <th>late</th>
              </tr>
            </thead>
            <tbody>
              {aging.map((a) => (
                <tr key={a.category} data-testid={`aging-${a.category}`}>
                  <th>
                    {CATEGORY_WORDS[a.category]} <span className="muted">{a.open}</span>
                  </th>
                  {AGE_BANDS.map((b) => (
                    <td key={b.key} className={a.bands[b.key] ? 'n' : 'zero'}>
                      {a.bands[b.key]}
                    </td>
                  ))}
                  <td
                    className={a.overdue ? 'late' : 'zero'}
                    title={a.oldestAgeMs === null ? '' : `oldest ${formatDuration(a.oldestAgeMs)}`}
                  >
                    {a.overdue}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <figure className="chart" data-testid="chart-burndown">
          <figcaption>Action items, last {BURNDOWN_DAYS} days</figcaption>
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={points} margin={{ top: 0.3 * rem, right: 0.5 * rem, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#263042" vertical={false} />
              <XAxis dataKey="label" stroke="#8a94a7" tick={{ fontSize: 0.75 * rem }} minTickGap={1.5 * rem} />
              <YAxis stroke="#8a94a7" tick={{ fontSize: 0.75 * rem }} allowDecimals={false} width={3.5 * rem} />
              <Legend wrapperStyle={{ fontSize: 0.75 * rem }} />
              <Area
                type="stepAfter"
                dataKey="closed"
                name="closed"
                stackId="1"
                stroke="#37d67a"
                fill="#37d67a55"
                isAnimationActive={false}
              />
              <Area
                type="stepAfter"
                dataKey="open"
                name="open"
                stackId="1"
                stroke="#ff9f1a"
                fill="#ff9f1a88"
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        </figure>
      </div>
    </section>
  );
}
