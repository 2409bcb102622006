import { DEFAULT_AUTO_PUBLISH_UP_TO, Severity, isSeverity } from '@vigil/shared';
/** The public status page's limits (README "Limits"); every one has a default and a variable. */
export interface StatusPageConfig {
  /**
   * The snapshot (HTML, JSON, Atom, the live stream's changes) is rebuilt at most once per this many ms
   * (VIGIL_STATUS_REBUILD_MS), and at most this stale; 0 rebuilds for every request that finds something changed.
   */
  rebuildMs: number;
  /** `Cache-Control: public, max-age` of the page, JSON and feed (VIGIL_STATUS_MAX_AGE_SECONDS). */
  maxAgeSeconds: number;
  /** Live streams one client address may hold at once (VIGIL_STATUS_STREAMS_PER_IP); the next is a 429. */
  streamsPerAddress: number;
  /** Live streams the process holds at once (VIGIL_STATUS_STREAMS_MAX); the next is a 503. */
  streamsMax: number;
  /**
   * Bytes a listener may leave unread (VIGIL_STATUS_STREAM_BUFFER_KB, in KiB) beyond what the operating system
   * buffers: past that it is disconnected rather than buffered for without end.
   */
  streamBufferBytes: number;
  /** Active incidents listed (VIGIL_STATUS_MAX_ACTIVE), worst first; the components' states count them all. */
  maxActiveIncidents: number;
  /** Past incidents listed (VIGIL_STATUS_MAX_PAST), from the last 14 days, most recent first. */
  maxPastIncidents: number;
  /**
   * The least severe severity published without a responder deciding
   * (VIGIL_STATUS_PUBLISH_UP_TO: P0, P1, P2, P3 or none); P1 by default, so P0/P1 are on the page from declaration
   * and P2/P3 wait for a responder to publish them.
   */
  autoPublishUpTo: Severity | null;
}

export const DEFAULT_STATUS_PAGE_CONFIG: StatusPageConfig = {
  rebuildMs: 1000,
  maxAgeSeconds: 1,
  streamsPerAddress: 10,
  streamsMax: 2000,
  streamBufferBytes: 256 * 1024,
  maxActiveIncidents: 50,
  maxPastIncidents: 100,
  autoPublishUpTo: DEFAULT_AUTO_PUBLISH_UP_TO,
};

/** Reads the VIGIL_STATUS_* variables; `fail` builds the error that names the variable. */
export function parseStatusPageConfig(env: NodeJS.ProcessEnv, fail: (message: string) => Error): StatusPageConfig {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw fail(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
    return n;
  };
  const d = DEFAULT_STATUS_PAGE_CONFIG;
  return {
    rebuildMs: int('VIGIL_STATUS_REBUILD_MS', d.rebuildMs, 0, 60_000),
    maxAgeSeconds: int('VIGIL_STATUS_MAX_AGE_SECONDS', d.maxAgeSeconds, 0, 3600),
    streamsPerAddress: int('VIGIL_STATUS_STREAMS_PER_IP', d.streamsPerAddress, 1, 10_000),
    streamsMax: int('VIGIL_STATUS_STREAMS_MAX', d.streamsMax, 1, 1_000_000),
    streamBufferBytes: int('VIGIL_STATUS_STREAM_BUFFER_KB', d.streamBufferBytes / 1024, 1, 65_536) * 1024,
    maxActiveIncidents: int('VIGIL_STATUS_MAX_ACTIVE', d.maxActiveIncidents, 1, 1000),
    maxPastIncidents: int('VIGIL_STATUS_MAX_PAST', d.maxPastIncidents, 1, 1000),
    autoPublishUpTo: autoPublishUpTo(env.VIGIL_STATUS_PUBLISH_UP_TO, fail),
  };
}

function autoPublishUpTo(raw: string | undefined, fail: (message: string) => Error): Severity | null {
  const value = raw?.trim().toUpperCase();
  if (!value) return DEFAULT_AUTO_PUBLISH_UP_TO;
  if (value === 'NONE') return null;
  if (isSeverity(value)) return value;
  throw fail(`VIGIL_STATUS_PUBLISH_UP_TO must be P0, P1, P2, P3 or none, got "${raw}".`);
}
