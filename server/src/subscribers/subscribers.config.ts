import { RateLimit } from '@vigil/shared';

/** Limits on anonymous subscription requests (README "Subscribers"); each has a default and a variable. */
export interface SubscribersConfig {
  /** Requests one client address may make (VIGIL_STATUS_SUBSCRIBES_PER_HOUR_PER_IP). */
  perAddress: RateLimit;
  /** Requests naming one email address, from anywhere (VIGIL_STATUS_SUBSCRIBES_PER_HOUR_PER_EMAIL). */
  perEmail: RateLimit;
}

const perHour = (n: number): RateLimit => ({ capacity: n, perMinute: n / 60 });

const DEFAULT_SUBSCRIBERS_CONFIG: SubscribersConfig = { perAddress: perHour(20), perEmail: perHour(5) };

/** Reads the VIGIL_STATUS_SUBSCRIBES_* variables; `fail` builds the error that names the variable. */
export function parseSubscribersConfig(env: NodeJS.ProcessEnv, fail: (message: string) => Error): SubscribersConfig {
  const hourly = (name: string, fallback: RateLimit): RateLimit => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 100_000)
      throw fail(`${name} must be a whole number from 1 to 100000, got "${raw}".`);
    return perHour(n);
  };
  const d = DEFAULT_SUBSCRIBERS_CONFIG;
  return {
    perAddress: hourly('VIGIL_STATUS_SUBSCRIBES_PER_HOUR_PER_IP', d.perAddress),
    perEmail: hourly('VIGIL_STATUS_SUBSCRIBES_PER_HOUR_PER_EMAIL', d.perEmail),
  };
}
