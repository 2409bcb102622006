import path from 'node:path';
import { DAY, MINUTE, SeverityOptions } from '@vigil/shared';

/** Everything Vigil reads from its environment, parsed and checked once at start. */
export interface Config {
  port: number;
  host: string;
  /** mysql://… or mariadb://…; null means the embedded SQLite file. */
  databaseUrl: string | null;
  sqlitePath: string;
  /** null means in-process pub/sub (a single server). */
  redisUrl: string | null;
  publicUrl: string;
  production: boolean;
  /** Built web UI to serve; null when it does not exist (API only). */
  webDist: string | null;
  severity: Required<SeverityOptions>;
  demo: boolean;
  logLevel: 'silent' | 'info';
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
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL.');
  const demo = argv.includes('--demo') || env.VIGIL_DEMO === '1' || env.VIGIL_DEMO === 'true';
  const defaultSqlite = path.resolve(process.cwd(), 'data', demo ? 'demo.db' : 'vigil.db');
  const host = env.HOST?.trim() || '0.0.0.0';
  return {
    port,
    host,
    databaseUrl,
    sqlitePath: env.SQLITE_PATH?.trim() || defaultSqlite,
    redisUrl,
    publicUrl: (env.VIGIL_PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/$/, ''),
    production: env.NODE_ENV === 'production',
    webDist: env.VIGIL_WEB_DIST === 'none' ? null : env.VIGIL_WEB_DIST || path.resolve(__dirname, '../../web/dist'),
    severity: {
      immediateResponseMs: int(env, 'VIGIL_P0_RESPONSE_MINUTES', 5, 1, 60) * MINUTE,
      nextSprintMs: int(env, 'VIGIL_NEXT_SPRINT_DAYS', 14, 1, 90) * DAY,
    },
    demo,
    logLevel: env.VIGIL_LOG === 'silent' ? 'silent' : 'info',
  };
}
