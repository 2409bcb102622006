import { IncidentStatus, Severity, INCIDENT_STATUSES, SEVERITIES } from '@vigil/shared';

/** Every screen of the one build; the path picks it. */
export type Route =
  | { name: 'wall' }
  | { name: 'incidents' }
  | { name: 'incident'; id: string }
  | { name: 'declare' }
  | { name: 'status' }
  | { name: 'login' }
  | { name: 'postmortems' }
  | { name: 'postmortem'; id: string }
  | { name: 'oncall' }
  | { name: 'maintenance' }
  | { name: 'myNotifications' }
  | { name: 'account' }
  | { name: 'mobile' }
  | { name: 'mobileIncident'; id: string }
  | { name: 'notFound' };

/** Maps a pathname to a screen: `/` and `/incidents` are the console list, `/incidents/:id` one incident. */
export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/incidents') return { name: 'incidents' };
  if (path === '/wall') return { name: 'wall' };
  if (path === '/declare') return { name: 'declare' };
  if (path === '/status') return { name: 'status' };
  if (path === '/login') return { name: 'login' };
  if (path === '/postmortems') return { name: 'postmortems' };
  if (path === '/oncall') return { name: 'oncall' };
  if (path === '/maintenance') return { name: 'maintenance' };
  if (path === '/me/notifications') return { name: 'myNotifications' };
  if (path === '/account') return { name: 'account' };
  if (path === '/m') return { name: 'mobile' };
  const mi = /^\/m\/incidents\/(\d{1,15})$/.exec(path);
  if (mi) return { name: 'mobileIncident', id: mi[1] };
  const pm = /^\/postmortems\/(\d{1,15})$/.exec(path);
  if (pm) return { name: 'postmortem', id: pm[1] };
  const m = /^\/incidents\/(\d{1,15})$/.exec(path);
  if (m) return { name: 'incident', id: m[1] };
  return { name: 'notFound' };
}

/** The console list's filters, kept in the URL so a filtered view can be bookmarked and shared. */
export interface ListFilters {
  status: IncidentStatus[];
  severity: Severity[];
  /** true: open only, false: resolved only, null: everything. */
  open: boolean | null;
  /** true: only incidents of the caller's teams. */
  mine: boolean;
  /** Team ids: only incidents of services these teams own. */
  teams: string[];
  /** A service id: only incidents affecting it; null: every service. */
  service: string | null;
}

/** Reads filters from a query string, ignoring anything unknown. The default view is open incidents. */
export function parseListFilters(search: string): ListFilters {
  const q = new URLSearchParams(search);
  const list = (key: string) =>
    (q.get(key) ?? '')
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
  const status = list('status').filter((s): s is IncidentStatus =>
    (INCIDENT_STATUSES as readonly string[]).includes(s),
  );
  const severity = list('severity').filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s));
  const openParam = q.get('open');
  const open = openParam === 'all' ? null : openParam === 'false' ? false : true;
  const teams = list('team').filter((t) => /^\d{1,15}$/.test(t));
  const service = q.get('service')?.trim() ?? '';
  return {
    status: unique(status),
    severity: unique(severity),
    open,
    mine: q.get('mine') === '1',
    teams: unique(teams),
    service: /^\d{1,15}$/.test(service) ? service : null,
  };
}

/** The inverse of parseListFilters; the default (open only, nothing else) is the empty string. */
export function listFiltersToSearch(filters: ListFilters): string {
  const q = new URLSearchParams();
  if (filters.open === null) q.set('open', 'all');
  if (filters.open === false) q.set('open', 'false');
  if (filters.severity.length) q.set('severity', filters.severity.join(','));
  if (filters.status.length) q.set('status', filters.status.join(','));
  if (filters.mine) q.set('mine', '1');
  if (filters.teams.length) q.set('team', filters.teams.join(','));
  if (filters.service) q.set('service', filters.service);
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
