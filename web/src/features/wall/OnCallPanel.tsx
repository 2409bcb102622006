import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { formatDuration } from '@vigil/shared';
import { WALL_ON_CALL } from './wall.graphql';

/** Who is on call now on each schedule, and who takes over at the next hand-off. */
export function OnCallPanel({ now, generation }: { now: Date; generation: number }) {
  const { data, refetch } = useQuery(WALL_ON_CALL, { fetchPolicy: 'network-only' });
  const schedules = data?.schedules ?? [];
  const nextEdge = Math.min(...schedules.map((s) => new Date(s.currentShift.end).getTime()));

  useEffect(() => {
    if (generation > 1) void refetch();
  }, [generation, refetch]);
  // No push exists for shifts; the one moment the answer changes is known, so ask again exactly then.
  useEffect(() => {
    if (!Number.isFinite(nextEdge)) return;
    const t = setTimeout(() => void refetch(), Math.min(Math.max(1000, nextEdge - Date.now() + 1000), 2 ** 31 - 1));
    return () => clearTimeout(t);
  }, [nextEdge, refetch]);

  return (
    <section className="panel oncall" aria-label="On call" data-testid="oncall-panel">
      <h2>On call</h2>
      {data && schedules.length === 0 && <p className="muted">No schedules.</p>}
      <ul>
        {schedules.map((s) => {
          const names = s.currentShift.users.map((u) => u.name).join(', ');
          return (
            <li key={s.id} data-testid={`oncall-${s.id}`}>
              <div className="oncall-schedule">{s.name}</div>
              <div className={`oncall-now${names ? '' : ' nobody'}`}>{names || 'NOBODY ON CALL'}</div>
              <div className="oncall-next muted">
                {s.nextShift ? (
                  <>
                    next: <b>{s.nextShift.users.map((u) => u.name).join(', ') || 'nobody'}</b> in{' '}
                    {formatDuration(new Date(s.nextShift.start).getTime() - now.getTime())}
                  </>
                ) : (
                  'no hand-off within 90 days'
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
