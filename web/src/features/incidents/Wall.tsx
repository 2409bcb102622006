import { formatUtcTime } from '@vigil/shared';
import { useQuery, useSubscription } from '@apollo/client/react';
import { RefObject, Suspense, lazy, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { VigilClient } from '../../app/apollo';
import { DemoBanner } from '../../app/DemoBanner';
import { OnCallPanel } from '../wall/OnCallPanel';
import { WallPanel, parseWallConfig, rotatingPanel, wallShows, withWallTeam } from '../wall/wallConfig';
import { INCIDENT_CHANGED, OPEN_INCIDENTS, RECENT_TIMELINE, TIMELINE_TICKER, WALL_TOKEN } from './incidents.graphql';
import { IncidentRow, WallRowIncident } from './IncidentRow';
import { useConnection } from './useConnection';
import { useNow } from './useNow';
import { TickerEvent, WallEscalation, mergeEscalation, mergeIncident, orderForWall, tickerLines } from './wallModel';

// Charts are the heavy part (recharts): their own chunk, fetched after the incidents are on screen.
const MetricsPanel = lazy(() => import('../wall/MetricsPanel').then((m) => ({ default: m.MetricsPanel })));
const PostmortemPanel = lazy(() => import('../wall/PostmortemPanel').then((m) => ({ default: m.PostmortemPanel })));

const SMALL_SCREEN = '(max-width: 1600px)';
/** More open incidents than this and the rows go single-line, so a storm still fits a screen. */
const DENSE_FROM = 4;
/** How many lines the ticker shows. */
const TICKER_LINES = 12;
/** How many incidents the ticker's filter remembers (newest kept). */
const SEEN_LIMIT = 1000;

/** The NOC wall: open incidents with live SLA clocks and ladders, on call, metrics, post-mortems, a ticker. */
export function Wall({ client }: { client: VigilClient }) {
  const now = useNow();
  const urlConfig = useMemo(() => parseWallConfig(window.location.search), []);
  // A team's wall token narrows the wall to its team; until that is known, no incident is shown (no flash of all).
  const wallToken = useQuery(WALL_TOKEN, { fetchPolicy: 'network-only' });
  const config = useMemo(
    () => withWallTeam(urlConfig, wallToken.data?.currentToken?.team),
    [urlConfig, wallToken.data],
  );
  const [startedAt] = useState(() => Date.now());
  const small = useMediaQuery(SMALL_SCREEN);
  const connection = useConnection(client, now);
  const { data } = useQuery(OPEN_INCIDENTS, { fetchPolicy: 'network-only' });
  const [incidents, setIncidents] = useState<WallRowIncident[]>([]);
  const [ticker, setTicker] = useState<TickerEvent[]>([]);

  // Incidents seen, remembered after they resolve: a filtered wall's ticker shows only its own incidents' events.
  // Bounded, since a wall runs for weeks without a reload; the ticker only ever shows recent events.
  const [seen] = useState(() => new Map<string, WallRowIncident>());
  const remember = useCallback(
    (i: WallRowIncident) => {
      seen.delete(i.id);
      seen.set(i.id, i);
      if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value!);
    },
    [seen],
  );

  useEffect(() => {
    if (data) {
      data.incidents.nodes.forEach(remember);
      setIncidents(data.incidents.nodes);
    }
  }, [data, remember]);
  // After a reconnect (and on the server's resync signal) the client refetches every query on screen
  // (app/apollo.ts): whatever changed while the socket was down is caught up without a reload.

  useSubscription(INCIDENT_CHANGED, {
    onData: ({ data: d }) => {
      if (!d.data) return;
      remember(d.data.incidentChanged);
      setIncidents((list) => mergeIncident(list, d.data!.incidentChanged));
    },
  });
  // The recent history first (refetched after a reconnect, like every query on screen), then the live lines.
  const history = useQuery(RECENT_TIMELINE, { fetchPolicy: 'network-only' });
  const historyEvents = useMemo(() => {
    const nodes = history.data?.incidents.nodes ?? [];
    // Idempotent: a filtered wall's ticker needs these incidents known before it filters their lines.
    nodes.forEach(remember);
    return nodes.flatMap((n) => n.timeline);
  }, [history.data, remember]);
  useSubscription(TIMELINE_TICKER, {
    onData: ({ data: d }) =>
      d.data && setTicker((list) => tickerLines([d.data!.timelineEventAdded], list, TICKER_LINES)),
  });
  const onEscalation = useCallback(
    (id: string, e: WallEscalation | null) => setIncidents((list) => mergeEscalation(list, id, e)),
    [],
  );

  const shown = wallToken.loading ? [] : orderForWall(incidents.filter((i) => wallShows(config, i)));
  const listRef = useRef<HTMLElement>(null);
  const hidden = useRowsBelowFold(listRef, shown.length);
  const filtered = config.severities.length > 0 || config.services.length > 0 || config.teams.length > 0;
  const lines = tickerLines(ticker, historyEvents, filtered ? SEEN_LIMIT : TICKER_LINES);
  const tickerShown = filtered
    ? lines
        .filter((e) => {
          const i = seen.get(e.incidentId);
          return i !== undefined && wallShows(config, i);
        })
        .slice(0, TICKER_LINES)
    : lines;
  const has = (p: WallPanel) => config.panels.includes(p);
  const panel = (p: WallPanel) => {
    if (p === 'oncall') return <OnCallPanel key={p} now={now} generation={connection.generation} />;
    if (p === 'metrics') return <MetricsPanel key={p} config={config} generation={connection.generation} />;
    if (p === 'postmortems') return <PostmortemPanel key={p} now={now} generation={connection.generation} />;
    if (p === 'ticker') return <Ticker key={p} events={tickerShown} loaded={history.data !== undefined} />;
    return null;
  };
  const others = config.panels.filter((p) => p !== 'incidents');
  // A small screen cannot show everything: with ?rotate=N the panels beside the incidents take turns.
  const rotating =
    small && config.rotateSeconds ? rotatingPanel(others, config.rotateSeconds, now.getTime() - startedAt) : null;
  const bottom = rotating ? [rotating] : others.filter((p) => p === 'metrics' || p === 'postmortems');
  const side = rotating ? [] : others.filter((p) => p === 'oncall' || p === 'ticker');
  const layout = [
    'wall-body',
    side.length && 'has-side',
    bottom.length && 'has-bottom',
    !has('incidents') && 'no-incidents',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div className={`wall${rotating ? ' wall-rotating' : ''}`}>
      <header className="wall-header">
        <h1>Vigil</h1>
        <DemoBanner badge />
        <span className="wall-count" data-testid="open-count">
          {shown.length} open
        </span>
        {filtered && (
          <span className="wall-filter" data-testid="wall-filter">
            {[...config.severities, ...config.services, ...config.teams.map((t) => `team ${t}`)].join(' · ')}
          </span>
        )}
        <span className={`conn conn-${connection.state.toLowerCase()}`} data-testid="connection" role="status">
          {connection.label}
        </span>
        <time className="wall-clock">{formatUtcTime(now)} UTC</time>
      </header>
      <div className={layout}>
        {has('incidents') && (
          <section
            className={`incidents${shown.length > DENSE_FROM ? ' dense' : ''}`}
            aria-label="Open incidents"
            ref={listRef}
          >
            {shown.length === 0 && <p className="all-clear">All clear: no open incidents.</p>}
            {shown.map((i) => (
              <IncidentRow key={i.id} incident={i} now={now} onEscalation={onEscalation} />
            ))}
            {hidden > 0 && (
              <p className="more-below" data-testid="more-below">
                +{hidden} more open below (lower severity or newer)
              </p>
            )}
          </section>
        )}
        {bottom.length > 0 && (
          <div className={`wall-bottom n-${bottom.length}`} data-testid={rotating ? `rotating-${rotating}` : undefined}>
            <Suspense fallback={<div className="panel muted">Loading charts…</div>}>{bottom.map(panel)}</Suspense>
          </div>
        )}
        {side.length > 0 && (
          <div className="wall-side">
            <Suspense fallback={<div className="panel muted">Loading…</div>}>{side.map(panel)}</Suspense>
          </div>
        )}
      </div>
    </div>
  );
}

function Ticker({ events, loaded }: { events: TickerEvent[]; loaded: boolean }) {
  return (
    <aside className="panel ticker" aria-label="Timeline ticker" data-testid="ticker">
      <h2>Timeline</h2>
      {events.length === 0 && <p className="muted">{loaded ? 'Nothing has happened yet.' : 'Loading the timeline…'}</p>}
      <ol>
        {events.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{formatUtcTime(e.at)}</time> <b>#{e.incidentId}</b> {e.message}{' '}
            <span className="muted">— {e.actorName}</span>
          </li>
        ))}
      </ol>
    </aside>
  );
}

/**
 * How many incident rows end below the list's visible bottom. Nobody scrolls a wall: the ones that do not fit
 * (the least urgent, by the wall's order) are counted in a line instead of silently cut off.
 */
function useRowsBelowFold(ref: RefObject<HTMLElement | null>, rows: number): number {
  const [hidden, setHidden] = useState(0);
  useLayoutEffect(() => {
    const list = ref.current;
    if (!list) return;
    const measure = () => {
      const bottom = list.getBoundingClientRect().bottom;
      const cut = [...list.querySelectorAll(':scope > article')].filter(
        (row) => row.getBoundingClientRect().bottom > bottom + 1,
      );
      setHidden(cut.length);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(list);
    return () => observer.disconnect();
  }, [ref, rows]);
  return hidden;
}

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setMatches(m.matches);
    m.addEventListener('change', on);
    on();
    return () => m.removeEventListener('change', on);
  }, [query]);
  return matches;
}
