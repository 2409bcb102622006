import { MINUTE } from './time';

/** How far a signed Grafana request's timestamp may be from now, either side (clock skew included). */
export const GRAFANA_SIGNATURE_WINDOW_MS = 5 * MINUTE;

/**
 * The header Vigil reads the signing time from. Grafana's contact point has no default for it: the operator sets
 * "Timestamp Header" to this name (the signature header keeps Grafana's default, X-Grafana-Alerting-Signature).
 */
export const GRAFANA_TIMESTAMP_HEADER = 'X-Grafana-Alerting-Timestamp';

export type GrafanaTimestampVerdict =
  | {
      ok: true;
      /** How long the signature must be remembered: until its timestamp leaves the window. */ rememberMs: number;
    }
  | { ok: false; problem: 'MISSING' | 'MALFORMED' | 'TOO_OLD' | 'IN_FUTURE' };

/**
 * Whether a signed request's timestamp (Unix seconds, as Grafana sends it) is within the window of `now`, either side,
 * inclusive. A fresh one must be remembered until it would be refused anyway, so a replay inside the window is caught.
 */
export function checkGrafanaTimestamp(
  timestamp: string | undefined,
  now: Date,
  windowMs = GRAFANA_SIGNATURE_WINDOW_MS,
): GrafanaTimestampVerdict {
  if (timestamp === undefined || timestamp === '') return { ok: false, problem: 'MISSING' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, problem: 'MALFORMED' };
  const signedAt = Number(timestamp) * 1000;
  if (now.getTime() - signedAt > windowMs) return { ok: false, problem: 'TOO_OLD' };
  if (signedAt - now.getTime() > windowMs) return { ok: false, problem: 'IN_FUTURE' };
  // +1: the window is inclusive, so at exactly signedAt + window the signature still passes and must still be known.
  return { ok: true, rememberMs: signedAt + windowMs - now.getTime() + 1 };
}

/** What Grafana signs when a timestamp header is configured: `{timestamp}:{raw body}` (HMAC-SHA256, hex). */
export function grafanaSignedPrefix(timestamp: string): string {
  return `${timestamp}:`;
}
