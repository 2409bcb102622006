import fs from 'node:fs';
import path from 'node:path';
import { DAY, MINUTE, RATE_LIMITS, SeverityOptions, RateLimits, rateLimits } from '@vigil/shared';
import { NotifyConfig, parseNotifyConfig } from './notify/notify.config';
import { ChangeConfig, parseChangeConfig } from './deployments/changes.config';
import { OutboundConfig, parseOutboundConfig } from './outbound/outbound.config';
import { OutboundAllowList } from './outbound/outbound-guard';
import { refusedConfiguredTarget } from './outbound/outbound-targets';
import { COST_MODEL } from './graphql/cost';
import { StatusPageConfig, parseStatusPageConfig } from './statuspage/statuspage.config';
import type { LogLevel } from './observability/logger';
import { SubscribersConfig, parseSubscribersConfig } from './subscribers/subscribers.config';
import { TicketsConfig, parseTicketsConfig } from './tickets';

/** Everything Vigil reads from its environment, parsed and checked once at start. */
export interface Config {
  port: number;
  host: string;
  /** mysql://… or mariadb://…; null means the embedded SQLite file. */
  databaseUrl: string | null;
  sqlitePath: string;
  /** null means in-process pub/sub (a single server). */
  redisUrl: string | null;
  /**
   * Prefix of the Redis channels (VIGIL_REDIS_CHANNEL_PREFIX): replicas of one deployment share it, other deployments
   * on the same Redis must not. Default: `vigil:<database name>:`, since replicas share their database.
   */
  redisChannelPrefix: string;
  publicUrl: string;
  production: boolean;
  /** Built web UI to serve; null when it does not exist (API only). */
  webDist: string | null;
  severity: Required<SeverityOptions>;
  demo: boolean;
  /** VIGIL_LOG: info (JSON lines, the default), debug, silent, or pretty (coloured lines for a laptop). */
  logLevel: LogLevel;
  /** Timers (escalation, notification sender, heartbeats, post-mortem sweep); off only for tests that drive them by hand. */
  backgroundJobs: boolean;
  /**
   * VIGIL_METRICS_DEBOUNCE_MS: a burst of incident changes announces `metricsChanged` once, this long after the last
   * change (and at most five times this after the first), so walls refetch their charts once per burst.
   */
  metricsDebounceMs: number;
  /** Access control: see README "Access control". */
  auth: AuthConfig;
  /** Slack, email, webhook and ticket channels for notifications. */
  notify: NotifyConfig;
  /** Deployments window, runbook actions and health checks (VIGIL_RUNBOOKS_FILE): issue 9. */
  changes: ChangeConfig;
  /**
   * The outbound request guard (issue 17) for every request to an address from a user or the runbook file:
   * VIGIL_OUTBOUND_ALLOW (comma-separated IPs, CIDR ranges and host names the server may reach although they are
   * loopback, private, link-local, CGNAT or metadata addresses; default none) and VIGIL_OUTBOUND_TIMEOUT_MS (the
   * deadline of one request, connecting included; default 5000).
   */
  outbound: OutboundConfig;
  /**
   * Origins allowed to frame the NOC wall page (VIGIL_WALL_FRAME_ANCESTORS, comma-separated); empty: no page may be
   * framed by anyone (Content-Security-Policy frame-ancestors 'none').
   */
  wallFrameAncestors: string[];
  /** Slack app signing secret (VIGIL_SLACK_SIGNING_SECRET); null disables /api/slack/* (401). Issue 7. */
  slackSigningSecret: string | null;
  /** Secret for emailed action links (VIGIL_ACTION_LINK_SECRET); null: generated once and kept in the database. */
  actionLinkSecret: string | null;
  /**
   * The bearer token Prometheus scrapes `GET /metrics` with (VIGIL_METRICS_TOKEN, at least 32 characters); null: no
   * /metrics at all (404), so metrics are never open to anonymous callers.
   */
  metricsToken: string | null;
  /** What a GraphQL request may ask for and who may send which documents: README "Limits". */
  graphql: GraphqlConfig;
  /** The public status page: snapshot, caching and live-stream limits (VIGIL_STATUS_*). */
  statusPage: StatusPageConfig;
  /** Anonymous subscription requests to the status page (VIGIL_STATUS_SUBSCRIBES_*). */
  subscribers: SubscribersConfig;
  /** Action items as tickets: GitHub's API, token, default repository and webhook secret (VIGIL_GITHUB_*). */
  tickets: TicketsConfig;
  /** Connection pools and the read deadline: README "Limits". */
  database: DatabaseConfig;
}

interface GraphqlConfig {
  /** VIGIL_MAX_QUERY_COST: the most a document may cost with its variables (graphql/cost.ts). */
  maxQueryCost: number;
  /**
   * VIGIL_TRUSTED_DOCUMENTS: `require` (the default in production) holds browser sessions, wall tokens and anonymous
   * callers to the web app's trusted documents; `optional` (the default otherwise) lets anyone send any document.
   */
  trustedDocuments: 'require' | 'optional';
  /** VIGIL_TRUSTED_DOCUMENTS_FILE: codegen's persisted-documents.json; null when it does not exist. */
  trustedDocumentsFile: string | null;
}

interface DatabaseConfig {
  /** VIGIL_DB_WRITE_CONNECTIONS: the pool of ingestion, timers and mutations (MySQL/MariaDB). */
  writeConnections: number;
  /** VIGIL_DB_READ_CONNECTIONS: the pool of GraphQL reads and the status page (MySQL/MariaDB). */
  readConnections: number;
  /** VIGIL_READ_TIMEOUT_MS: a statement on a read connection is stopped after this long. */
  readTimeoutMs: number;
}

interface AuthConfig {
  /** On first start, an admin API token with this exact value (for automation). */
  bootstrapToken: string | null;
  /** The first admin's email, created on first start. */
  adminEmail: string;
  /** VIGIL_ADMIN_PASSWORD: the first admin's password on an empty database (else a one-time one is printed). */
  adminPassword: string | null;
  /** Browser origins allowed to open WebSocket connections (the public URL's origin is always allowed). */
  allowedOrigins: string[];
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  /**
   * Which proxies' X-Forwarded-For to believe (VIGIL_TRUST_PROXY), as express's `trust proxy`: false (none), a hop
   * count (`true` means 1: the one proxy in front, whose appended address is the client's), or addresses/subnets.
   * Never "any": then the client's own left-most entry would be believed, and forged per request.
   */
  trustProxy: false | number | string;
  session: { idleMs: number; absoluteMs: number };
  /**
   * Per minute, counted in Redis when REDIS_URL is set (every replica against the same count), else per process:
   * sign-in attempts per address (VIGIL_LOGINS_PER_MINUTE_PER_IP, 10) and per account from one address
   * (VIGIL_LOGINS_PER_MINUTE_PER_ACCOUNT, 5); mutations per caller (VIGIL_MUTATIONS_PER_MINUTE, 120) and per address
   * (VIGIL_MUTATIONS_PER_MINUTE_PER_IP, 600); mutations by nobody signed in, per address
   * (VIGIL_ANONYMOUS_MUTATIONS_PER_MINUTE_PER_IP, 30; `login` has its own limits); the query cost spent on reads per
   * caller (VIGIL_READ_COST_PER_MINUTE, 5,000,000) and per address (VIGIL_READ_COST_PER_MINUTE_PER_IP, 20,000,000).
   * An IPv6 address counts by its /64.
   */
  rateLimits: RateLimits;
  /**
   * How long a passed credential check may be reused (VIGIL_CREDENTIAL_REUSE_MS; 0: look every request up).
   * Revocation forgets reused checks at once; this only bounds what a lost pub/sub message could leave elsewhere.
   */
  credentialReuseMs: number;
  /**
   * How often every open WebSocket's credential is re-read from the database (VIGIL_WS_RECHECK_MS): a socket whose
   * credential was revoked, expired or idled out is closed within this time even when the revocation message over
   * Redis never arrived.
   */
  socketRecheckMs: number;
  /**
   * How often the server pings every WebSocket (VIGIL_WS_KEEPALIVE_MS): a socket that has not answered a ping by the
   * next one is terminated, so a client gone silent (a blackholed network, a closed laptop) stops holding
   * subscriptions within twice this.
   */
  socketKeepAliveMs: number;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return n;
}

/** Parses the environment; throws ConfigError naming the variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): Config {
  const port = int(env, 'PORT', 4000, 0, 65535);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^(mysql|mariadb):\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a mysql:// or mariadb:// URL (leave it unset for embedded SQLite).');
  }
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL.');
  const demo = argv.includes('--demo') || env.VIGIL_DEMO === '1' || env.VIGIL_DEMO === 'true';
  const defaultSqlite = path.resolve(process.cwd(), 'data', demo ? 'demo.db' : 'vigil.db');
  const host = env.HOST?.trim() || '0.0.0.0';
  const notify = parseNotifyConfig(env, (m) => new ConfigError(m));
  const changes = parseChangeConfig(env, (m) => new ConfigError(m));
  const outbound = parseOutboundConfig(env, (m) => new ConfigError(m));
  const refused = refusedConfiguredTarget(new OutboundAllowList(outbound.allow), notify, changes.runbooks);
  if (refused) throw new ConfigError(refused);
  const auth = parseAuthConfig(env, port);
  const graphql = parseGraphqlConfig(env);
  // A read budget is spent in ten-second windows (a sixth of the minute's): one window must hold the dearest document.
  const budget = Math.min(auth.rateLimits.readCostPerActor.capacity, auth.rateLimits.readCostPerIp.capacity);
  if (budget < graphql.maxQueryCost)
    throw new ConfigError(
      `VIGIL_READ_COST_PER_MINUTE and VIGIL_READ_COST_PER_MINUTE_PER_IP must be at least 6 × VIGIL_MAX_QUERY_COST (${6 * graphql.maxQueryCost}): the budget is spent in ten-second windows, and one must hold the dearest document allowed; got ${6 * budget}.`,
    );
  return {
    port,
    host,
    databaseUrl,
    sqlitePath: env.SQLITE_PATH?.trim() || defaultSqlite,
    redisUrl,
    redisChannelPrefix:
      env.VIGIL_REDIS_CHANNEL_PREFIX?.trim() ||
      `vigil:${databaseUrl ? new URL(databaseUrl).pathname.replace(/^\//, '') || 'default' : 'sqlite'}:`,
    publicUrl: (env.VIGIL_PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/$/, ''),
    production: env.NODE_ENV === 'production',
    webDist: env.VIGIL_WEB_DIST === 'none' ? null : env.VIGIL_WEB_DIST || path.resolve(__dirname, '../../web/dist'),
    severity: {
      immediateResponseMs: int(env, 'VIGIL_P0_RESPONSE_MINUTES', 5, 1, 60) * MINUTE,
      nextSprintMs: int(env, 'VIGIL_NEXT_SPRINT_DAYS', 14, 1, 90) * DAY,
    },
    demo,
    logLevel: logLevel(env.VIGIL_LOG),
    backgroundJobs: env.VIGIL_BACKGROUND_JOBS !== 'off',
    metricsDebounceMs: int(env, 'VIGIL_METRICS_DEBOUNCE_MS', 1000, 50, 600_000),
    notify,
    changes,
    outbound,
    auth,
    wallFrameAncestors: origins(env, 'VIGIL_WALL_FRAME_ANCESTORS'),
    slackSigningSecret: env.VIGIL_SLACK_SIGNING_SECRET?.trim() || null,
    actionLinkSecret: secretOrNull(env, 'VIGIL_ACTION_LINK_SECRET'),
    metricsToken: secretOrNull(env, 'VIGIL_METRICS_TOKEN'),
    graphql,
    statusPage: parseStatusPageConfig(env, (m) => new ConfigError(m)),
    subscribers: parseSubscribersConfig(env, (m) => new ConfigError(m)),
    tickets: parseTicketsConfig(env, (m) => new ConfigError(m)),
    database: {
      writeConnections: int(env, 'VIGIL_DB_WRITE_CONNECTIONS', 20, 2, 1000),
      readConnections: int(env, 'VIGIL_DB_READ_CONNECTIONS', 10, 1, 1000),
      readTimeoutMs: int(env, 'VIGIL_READ_TIMEOUT_MS', 1000, 10, 600_000),
    },
  };
}

function parseGraphqlConfig(env: NodeJS.ProcessEnv): GraphqlConfig {
  const mode = env.VIGIL_TRUSTED_DOCUMENTS?.trim() || (env.NODE_ENV === 'production' ? 'require' : 'optional');
  if (mode !== 'require' && mode !== 'optional')
    throw new ConfigError(`VIGIL_TRUSTED_DOCUMENTS must be require or optional, got "${mode}".`);
  const file =
    env.VIGIL_TRUSTED_DOCUMENTS_FILE?.trim() || path.resolve(__dirname, '../../web/src/gql/persisted-documents.json');
  const explicit = Boolean(env.VIGIL_TRUSTED_DOCUMENTS_FILE?.trim());
  if (explicit && !fs.existsSync(file)) throw new ConfigError(`VIGIL_TRUSTED_DOCUMENTS_FILE: ${file} does not exist.`);
  const present = fs.existsSync(file);
  // Requiring trusted documents without any would refuse every browser: say so at start, not in every browser.
  if (mode === 'require' && !present)
    throw new ConfigError(
      `VIGIL_TRUSTED_DOCUMENTS=require needs the web app's trusted documents, but ${file} does not exist (set VIGIL_TRUSTED_DOCUMENTS_FILE).`,
    );
  return {
    maxQueryCost: int(env, 'VIGIL_MAX_QUERY_COST', COST_MODEL.defaultMaxCost, 100, 100_000_000),
    trustedDocuments: mode,
    trustedDocumentsFile: present ? file : null,
  };
}

/** A comma-separated list of browser origins (scheme, host, optional port; no path). */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const list = (env[name] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of list)
    if (!/^https?:\/\/[^/\s;,']+$/.test(o))
      throw new ConfigError(`${name}: "${o}" is not an origin like https://vigil.example.com.`);
  return list;
}

function secretOrNull(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim() || null;
  if (value !== null && value.length < 32)
    throw new ConfigError(`${name} must be at least 32 characters (use a random value).`);
  return value;
}

function trustProxy(raw: string | undefined): false | number | string {
  const v = raw?.trim() ?? '';
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') return 1;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  if (!/^[0-9A-Fa-f.:/, ]+$/.test(v))
    throw new ConfigError(
      'VIGIL_TRUST_PROXY must be true, a number of proxies, or their addresses/subnets (comma-separated).',
    );
  return v;
}

function parseAuthConfig(env: NodeJS.ProcessEnv, port: number): AuthConfig {
  const bootstrapToken = env.VIGIL_BOOTSTRAP_TOKEN?.trim() || null;
  if (bootstrapToken && !/^[A-Za-z0-9._~-]{24,200}$/.test(bootstrapToken)) {
    throw new ConfigError(
      'VIGIL_BOOTSTRAP_TOKEN must be 24–200 characters of letters, digits and ._~- (use a random value).',
    );
  }
  const adminEmail = (env.VIGIL_ADMIN_EMAIL?.trim() || 'admin@localhost').toLowerCase();
  // Provisioning the first admin from a secret store instead of reading a one-time password off the log.
  const adminPassword = env.VIGIL_ADMIN_PASSWORD || null;
  if (adminPassword !== null && (adminPassword.length < 12 || adminPassword.length > 200))
    throw new ConfigError('VIGIL_ADMIN_PASSWORD must be 12 to 200 characters.');
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail)) throw new ConfigError('VIGIL_ADMIN_EMAIL must be an email address.');
  const allowed = origins(env, 'VIGIL_ALLOWED_ORIGINS');
  const publicOrigin = new URL(env.VIGIL_PUBLIC_URL?.trim() || `http://localhost:${port}`).origin;
  return {
    bootstrapToken,
    adminEmail,
    adminPassword,
    allowedOrigins: [...new Set([publicOrigin, ...allowed])],
    trustProxy: trustProxy(env.VIGIL_TRUST_PROXY),
    rateLimits: rateLimits({
      loginPerIp: int(env, 'VIGIL_LOGINS_PER_MINUTE_PER_IP', 10, 1, 100_000),
      loginPerAccountAddress: int(env, 'VIGIL_LOGINS_PER_MINUTE_PER_ACCOUNT', 5, 1, 100_000),
      mutationsPerActor: int(env, 'VIGIL_MUTATIONS_PER_MINUTE', 120, 1, 1_000_000),
      mutationsPerIp: int(env, 'VIGIL_MUTATIONS_PER_MINUTE_PER_IP', 600, 1, 1_000_000),
      anonymousMutationsPerIp: int(env, 'VIGIL_ANONYMOUS_MUTATIONS_PER_MINUTE_PER_IP', 30, 1, 1_000_000),
      readCostPerActor: int(env, 'VIGIL_READ_COST_PER_MINUTE', RATE_LIMITS.readCostPerActor.perMinute, 1, 1e12),
      readCostPerIp: int(env, 'VIGIL_READ_COST_PER_MINUTE_PER_IP', RATE_LIMITS.readCostPerIp.perMinute, 1, 1e12),
    }),
    credentialReuseMs: int(env, 'VIGIL_CREDENTIAL_REUSE_MS', 2000, 0, 10_000),
    socketRecheckMs: int(env, 'VIGIL_WS_RECHECK_MS', 5000, 100, 300_000),
    socketKeepAliveMs: int(env, 'VIGIL_WS_KEEPALIVE_MS', 10_000, 500, 120_000),
    session: {
      idleMs: int(env, 'VIGIL_SESSION_IDLE_HOURS', 12, 1, 24 * 30) * 3_600_000,
      absoluteMs: int(env, 'VIGIL_SESSION_MAX_DAYS', 7, 1, 90) * 86_400_000,
    },
  };
}

function logLevel(value: string | undefined): LogLevel {
  const level = (value?.trim() || 'info').toLowerCase();
  if (level === 'silent' || level === 'info' || level === 'debug' || level === 'pretty') return level;
  throw new ConfigError(`VIGIL_LOG must be info, debug, silent or pretty (got "${value}").`);
}
