import { useQuery, useSubscription } from '@apollo/client/react';
import { useCallback, useEffect } from 'react';
import { INCIDENT_STATUSES, SEVERITIES, formatUtc } from '@vigil/shared';
import { Link, useRouter } from '../../app/router';
import { ListFilters, listFiltersToSearch, parseListFilters } from '../../app/routes';
import { useVigilClient } from '../../app/vigilClient';
import { useConnection } from '../incidents/useConnection';
import { useNow } from '../incidents/useNow';
import { acknowledgeCountdown, countdown } from '../incidents/wallModel';
import { WALL_TEAMS } from '../wall/wall.graphql';
import { CONSOLE_INCIDENTS, CONSOLE_INCIDENT_CHANGED, ME, SERVICES } from './console.graphql';
import { consoleOrder, myTeamsOf, servicesPrimaryFirst } from './consoleModel';

const PAGE = 50;
/** Open incidents read at once, as the wall does (a storm beyond this is on the wall, counted). */
const OPEN_MAX = 200;

/**
 * Incidents with filters (status, severity, open/resolved, service, team, my teams) kept in the URL; open ones first by severity
 * then age, resolved ones after; my teams' rows marked; rows update live.
 */
export function IncidentList() {
  const { location, navigate } = useRouter();
  const filters = parseListFilters(location.search);
  const now = useNow();
  const connection = useConnection(useVigilClient(), now);
  // Open incidents first, by severity then age (the wall's order), so an open P0 never sinks below newer P3s;
  // resolved ones after, newest first, a page at a time. Open ones are read whole (as the wall does): they are few.
  const filter = {
    status: filters.status.length ? filters.status : null,
    severity: filters.severity.length ? filters.severity : null,
    mine: filters.mine || null,
    teamIds: filters.teams.length ? filters.teams : null,
    serviceIds: filters.service ? [filters.service] : null,
  };
  const teams = useQuery(WALL_TEAMS, { fetchPolicy: 'cache-first' });
  const services = useQuery(SERVICES, { fetchPolicy: 'cache-first' });
  const me = useQuery(ME, { fetchPolicy: 'cache-first' });
  const myTeamIds = (me.data?.me?.teams ?? []).map((t) => t.id);
  const openList = useQuery(CONSOLE_INCIDENTS, {
    variables: { filter: { ...filter, open: true }, page: { first: OPEN_MAX } },
    fetchPolicy: 'cache-and-network',
    skip: filters.open === false,
  });
  const resolvedList = useQuery(CONSOLE_INCIDENTS, {
    variables: { filter: { ...filter, open: false }, page: { first: PAGE } },
    fetchPolicy: 'cache-and-network',
    skip: filters.open === true,
  });
  const { data, fetchMore } = resolvedList;
  const loading = openList.loading || resolvedList.loading;
  const error = openList.error ?? resolvedList.error;
  const refetch = useCallback(() => {
    if (filters.open !== false) void openList.refetch();
    if (filters.open !== true) void resolvedList.refetch();
  }, [filters.open, openList, resolvedList]);
  // Changed rows update in the normalised cache by themselves; a new or re-filtered incident needs the list again.
  useSubscription(CONSOLE_INCIDENT_CHANGED, {
    variables: {},
    onData: ({ data: d }) => {
      const changed = d.data?.incidentChanged;
      const shown = [...(openList.data?.incidents.nodes ?? []), ...(data?.incidents.nodes ?? [])];
      if (changed && !shown.some((n) => n.id === changed.id)) refetch();
    },
  });
  useEffect(() => {
    if (connection.generation > 1) refetch();
  }, [connection.generation]); // only a reconnect triggers this; refetch is a new function every render

  const set = (next: Partial<ListFilters>) =>
    navigate(`/incidents${listFiltersToSearch({ ...filters, ...next })}`, { replace: true });
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const rows = consoleOrder(
    filters.open === false ? [] : (openList.data?.incidents.nodes ?? []),
    filters.open === true ? [] : (data?.incidents.nodes ?? []),
  ).filter(
    (n) =>
      (filters.open === null || (filters.open ? n.status !== 'RESOLVED' : n.status === 'RESOLVED')) &&
      (!filters.status.length || filters.status.includes(n.status)) &&
      (!filters.severity.length || filters.severity.includes(n.severity)) &&
      (!filters.teams.length || n.services.some((sv) => sv.team && filters.teams.includes(sv.team.id))) &&
      (!filters.service || n.services.some((sv) => sv.id === filters.service)),
  );

  return (
    <section className="panel">
      <div className="list-head">
        <h1>Incidents</h1>
        <Link to="/declare" className="button primary">
          Declare incident
        </Link>
      </div>
      <div className="filters" role="group" aria-label="Filters">
        <div className="segmented" aria-label="Open or resolved">
          {(
            [
              [true, 'Open'],
              [false, 'Resolved'],
              [null, 'All'],
            ] as const
          ).map(([v, label]) => (
            <button
              key={label}
              type="button"
              className={filters.open === v ? 'on' : ''}
              aria-pressed={filters.open === v}
              onClick={() => set({ open: v })}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="chips" aria-label="Severity">
          {SEVERITIES.map((s) => (
            <button
              key={s}
              type="button"
              className={`chip sev-chip-${s} ${filters.severity.includes(s) ? 'on' : ''}`}
              aria-pressed={filters.severity.includes(s)}
              onClick={() => set({ severity: toggle(filters.severity, s) })}
            >
              {s}
            </button>
          ))}
        </div>
        <div className="chips" aria-label="Status">
          {INCIDENT_STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              className={`chip ${filters.status.includes(s) ? 'on' : ''}`}
              aria-pressed={filters.status.includes(s)}
              onClick={() => set({ status: toggle(filters.status, s) })}
            >
              {s.toLowerCase()}
            </button>
          ))}
        </div>
        <button
          type="button"
          className={`chip ${filters.mine ? 'on' : ''}`}
          aria-pressed={filters.mine}
          disabled={myTeamIds.length === 0}
          title={
            myTeamIds.length
              ? `Only incidents of ${me.data?.me?.teams.map((t) => t.name).join(', ')}`
              : 'You are in no team'
          }
          onClick={() => set({ mine: !filters.mine })}
        >
          My teams
        </button>
        <label className="filter-select">
          Service
          <select
            value={filters.service ?? ''}
            data-testid="service-filter"
            onChange={(e) => set({ service: e.target.value || null })}
          >
            <option value="">All services</option>
            {[...(services.data?.services ?? [])]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((sv) => (
                <option key={sv.id} value={sv.id}>
                  {sv.name}
                </option>
              ))}
          </select>
        </label>
        {(teams.data?.teams.length ?? 0) > 0 && (
          <div className="chips" role="group" aria-label="Team">
            {teams.data!.teams.map((t) => (
              <button
                key={t.id}
                type="button"
                className={`chip ${filters.teams.includes(t.id) ? 'on' : ''}`}
                aria-pressed={filters.teams.includes(t.id)}
                data-testid={`team-filter-${t.id}`}
                onClick={() => set({ teams: toggle(filters.teams, t.id) })}
              >
                {t.name}
              </button>
            ))}
          </div>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      {!loading && rows.length === 0 && !error && <p className="empty">No incidents match these filters.</p>}
      {rows.length > 0 && (
        <table className="incident-table">
          <thead>
            <tr>
              <th>Sev</th>
              <th>Incident</th>
              <th>Status</th>
              <th>Detected</th>
              <th>Acknowledge</th>
              <th>Resolve</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => {
              const ack = acknowledgeCountdown(i.acknowledgeBy, i.acknowledgedAt ?? null, i.resolvedAt ?? null, now);
              const res = countdown(i.resolveBy, i.resolvedAt ?? null, now);
              const mine = myTeamsOf(i, myTeamIds);
              return (
                <tr key={i.id} data-testid={`row-${i.id}`} className={mine.length ? 'mine' : undefined}>
                  <td className="c-sev">
                    <span className={`sev-badge sev-badge-${i.severity}`}>{i.severity}</span>
                  </td>
                  <td className="c-title">
                    <Link to={`/incidents/${i.id}`} className="row-title">
                      {i.title}
                    </Link>
                    <div className="muted small">
                      #{i.id}
                      {i.services.length > 0 && (
                        <>
                          {' · '}
                          {servicesPrimaryFirst(i.services, i.primaryService)
                            .map((s) => {
                              const notes = [s.team?.name, s.primary && i.services.length > 1 ? 'primary' : null];
                              const said = notes.filter(Boolean).join(', ');
                              return said ? `${s.name} (${said})` : s.name;
                            })
                            .join(', ')}
                        </>
                      )}
                      {mine.length > 0 && (
                        <span className="team-mine" data-testid="row-mine">
                          {' '}
                          · your team
                        </span>
                      )}
                      {i.statusUpdate.overdue && <span className="overdue"> · update overdue</span>}
                    </div>
                  </td>
                  <td className="c-status">
                    <span className={`status-pill st-${i.status}`} data-testid="row-status">
                      {i.status}
                    </span>
                  </td>
                  <td className="small c-detected" data-label="Detected">
                    {formatUtc(i.detectedAt)}
                  </td>
                  <td className={`small c-ack sla-${ack.state}`} data-label="Acknowledge">
                    {ack.label}
                  </td>
                  <td className={`small c-res sla-${res.state}`} data-label="Resolve">
                    {res.label}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data?.incidents.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button"
          onClick={() =>
            void fetchMore({
              variables: { page: { first: PAGE, after: data.incidents.pageInfo.endCursor } },
              updateQuery: (prev, { fetchMoreResult }) => ({
                ...fetchMoreResult,
                incidents: {
                  ...fetchMoreResult.incidents,
                  nodes: [...prev.incidents.nodes, ...fetchMoreResult.incidents.nodes],
                },
              }),
            })
          }
        >
          Load more
        </button>
      )}
    </section>
  );
}
