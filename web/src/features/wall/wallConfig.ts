import { SEVERITIES, Severity } from '@vigil/shared';

/** The panels a wall can show, in their default order. */
export const WALL_PANELS = ['incidents', 'oncall', 'metrics', 'postmortems', 'ticker'] as const;
export type WallPanel = (typeof WALL_PANELS)[number];

/** The metrics windows the charts can cover, in days. */
const METRIC_WINDOWS = [7, 30, 90] as const;
type MetricWindow = (typeof METRIC_WINDOWS)[number];

export interface WallConfig {
  /** Empty: every severity. */
  severities: Severity[];
  /** Service names; empty: every service (and incidents without one). */
  services: string[];
  /** Team names or ids, compared case-insensitively; empty: every team (and services without one). */
  teams: string[];
  panels: WallPanel[];
  /** Seconds between panel rotations on small screens; null: no rotation. */
  rotateSeconds: number | null;
  metricsWindow: MetricWindow;
}

const MIN_ROTATE = 5;
const MAX_ROTATE = 3600;

/**
 * Reads `?severities=P0,P1&services=checkout-api&teams=payments&panels=incidents,oncall&rotate=30&window=7` into a config.
 * Unknown words are ignored so a typo on one screen shows more, never a blank wall.
 */
export function parseWallConfig(search: string): WallConfig {
  const q = new URLSearchParams(search);
  const list = (key: string) =>
    (q.get(key) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const severities = unique(
    list('severities')
      .map((s) => s.toUpperCase())
      .filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s)),
  );
  const services = unique(list('services'));
  const teams = unique(list('teams').map((t) => t.toLowerCase()));
  const panels = unique(
    list('panels')
      .map((s) => s.toLowerCase())
      .filter((s): s is WallPanel => (WALL_PANELS as readonly string[]).includes(s)),
  );
  const rotate = Number(q.get('rotate'));
  const rotateSeconds =
    q.get('rotate') && Number.isFinite(rotate) && rotate > 0
      ? Math.min(MAX_ROTATE, Math.max(MIN_ROTATE, Math.round(rotate)))
      : null;
  const win = Number(q.get('window'));
  const metricsWindow = (METRIC_WINDOWS as readonly number[]).includes(win) ? (win as MetricWindow) : 30;
  return {
    severities,
    services,
    teams,
    panels: panels.length ? panels : [...WALL_PANELS],
    rotateSeconds,
    metricsWindow,
  };
}

interface WallFilterable {
  severity: Severity;
  services: Array<{ name: string; team?: { id: string; name: string } | null }>;
}

/** Whether an incident belongs on this wall under its severity, service and team filters (all must match). */
export function wallShows(
  config: Pick<WallConfig, 'severities' | 'services' | 'teams'>,
  incident: WallFilterable,
): boolean {
  if (config.severities.length && !config.severities.includes(incident.severity)) return false;
  if (config.services.length && !incident.services.some((s) => config.services.includes(s.name))) return false;
  if (config.teams.length && !incident.services.some((s) => s.team && namesTeam(config.teams, s.team))) return false;
  return true;
}

/**
 * A team's wall token (teams own walls) filters its wall to that team unless the URL names teams itself: the same
 * URL then serves every team's screen, each showing its own.
 */
export function withWallTeam(config: WallConfig, tokenTeam: { name: string } | null | undefined): WallConfig {
  return tokenTeam && config.teams.length === 0 ? { ...config, teams: [tokenTeam.name.toLowerCase()] } : config;
}

/** Whether a wall's `teams` words (ids, or lower-cased names) name this team. */
function namesTeam(configTeams: readonly string[], team: { id: string; name: string }): boolean {
  return configTeams.includes(team.id) || configTeams.includes(team.name.toLowerCase());
}

/** The ids of the teams a wall's `teams` names; unknown words match no team. */
export function wallTeamIds(
  configTeams: readonly string[],
  teams: ReadonlyArray<{ id: string; name: string }>,
): string[] {
  return teams.filter((t) => namesTeam(configTeams, t)).map((t) => t.id);
}

/** Which of the rotating panels is on screen `elapsedMs` after the wall started. */
export function rotatingPanel<T>(panels: readonly T[], rotateSeconds: number | null, elapsedMs: number): T | null {
  if (panels.length === 0) return null;
  if (!rotateSeconds || panels.length === 1) return panels[0];
  return panels[Math.floor(Math.max(0, elapsedMs) / (rotateSeconds * 1000)) % panels.length];
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
