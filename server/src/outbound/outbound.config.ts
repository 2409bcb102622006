import ipaddr from 'ipaddr.js';

/** Requests to addresses that came from users: see outbound-guard.ts. */
export interface OutboundConfig {
  /**
   * VIGIL_OUTBOUND_ALLOW: comma-separated addresses, CIDR ranges and host names the server may reach although they
   * are loopback, private, link-local, CGNAT or metadata addresses (an internal ticket system, say). Empty: none.
   */
  allow: string[];
  /** VIGIL_OUTBOUND_TIMEOUT_MS: how long one outbound request may take in all, connecting included (default 5000). */
  timeoutMs: number;
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** One VIGIL_OUTBOUND_ALLOW entry as written, normalised (brackets and a trailing dot dropped, lower case), or null. */
function allowEntry(raw: string): string | null {
  const entry = raw
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (ipaddr.isValid(entry) && (entry.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(entry))) return entry;
  if (entry.includes('/')) return ipaddr.isValidCIDR(entry) ? entry : null;
  return HOST.test(entry) ? entry : null;
}

/** Reads VIGIL_OUTBOUND_ALLOW and VIGIL_OUTBOUND_TIMEOUT_MS; `fail` builds the error that names the variable. */
export function parseOutboundConfig(env: NodeJS.ProcessEnv, fail: (message: string) => Error): OutboundConfig {
  const allow: string[] = [];
  for (const raw of (env.VIGIL_OUTBOUND_ALLOW ?? '').split(',').filter((s) => s.trim())) {
    const entry = allowEntry(raw);
    if (entry === null)
      throw fail(
        `VIGIL_OUTBOUND_ALLOW: "${raw.trim()}" is not an IP address, a CIDR range (10.20.0.0/16) or a host name.`,
      );
    allow.push(entry);
  }
  const rawTimeout = env.VIGIL_OUTBOUND_TIMEOUT_MS?.trim();
  const timeoutMs = rawTimeout ? Number(rawTimeout) : 5000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 500 || timeoutMs > 30_000) {
    throw fail(`VIGIL_OUTBOUND_TIMEOUT_MS must be a whole number from 500 to 30000, got "${rawTimeout}".`);
  }
  return { allow, timeoutMs };
}
