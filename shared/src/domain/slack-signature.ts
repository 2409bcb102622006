import { MINUTE } from './time';

/** Slack refuses requests older than five minutes; so do we (against replays of captured requests). */
export const SLACK_SIGNATURE_WINDOW_MS = 5 * MINUTE;

/** What Slack signs: `v0:{timestamp}:{raw body}` (HMAC-SHA256 with the app's signing secret, hex, prefixed `v0=`). */
export function slackBaseString(timestamp: string, rawBody: string): string {
  return `v0:${timestamp}:${rawBody}`;
}

export type SlackTimestampVerdict = 'OK' | 'MALFORMED' | 'STALE';

/** Whether `X-Slack-Request-Timestamp` (seconds) is within the window of `now`, either side, inclusive. */
export function checkSlackTimestamp(
  timestamp: string | undefined,
  now: Date,
  windowMs = SLACK_SIGNATURE_WINDOW_MS,
): SlackTimestampVerdict {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'MALFORMED';
  return Math.abs(now.getTime() - Number(timestamp) * 1000) <= windowMs ? 'OK' : 'STALE';
}

/** The hex digest of a well-formed `v0=<64 hex>` signature header, or null. */
export function slackSignatureHex(header: string | undefined): string | null {
  const m = header ? /^v0=([0-9a-f]{64})$/i.exec(header.trim()) : null;
  return m ? m[1].toLowerCase() : null;
}

export type VigilSlashCommand =
  | { kind: 'ACK'; incidentId: number }
  | { kind: 'STATUS' }
  | { kind: 'ONCALL' }
  | { kind: 'DECLARE'; severity: 'P0' | 'P1' | 'P2' | 'P3'; title: string }
  | { kind: 'HELP'; problem: string | null };

export const SLASH_USAGE =
  'Usage: `/vigil ack <incident id>`, `/vigil status`, `/vigil oncall`, `/vigil declare <P0-P3> <title>`.';

/** Parses the text after `/vigil`; anything it does not understand becomes HELP with the reason. */
export function parseSlashCommand(text: string): VigilSlashCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = (words[0] ?? '').toLowerCase();
  if (verb === 'status' && words.length === 1) return { kind: 'STATUS' };
  if (verb === 'oncall' && words.length === 1) return { kind: 'ONCALL' };
  if (verb === 'ack') {
    const id = (words[1] ?? '').replace(/^#/, '');
    if (words.length !== 2 || !/^\d{1,15}$/.test(id) || Number(id) < 1)
      return { kind: 'HELP', problem: '`ack` needs one incident id, like `/vigil ack 42`.' };
    return { kind: 'ACK', incidentId: Number(id) };
  }
  if (verb === 'declare') {
    const severity = (words[1] ?? '').toUpperCase();
    const title = words.slice(2).join(' ');
    if (!['P0', 'P1', 'P2', 'P3'].includes(severity))
      return { kind: 'HELP', problem: '`declare` needs a severity P0, P1, P2 or P3 first.' };
    if (!title) return { kind: 'HELP', problem: '`declare` needs a title after the severity.' };
    return { kind: 'DECLARE', severity: severity as 'P0' | 'P1' | 'P2' | 'P3', title };
  }
  return { kind: 'HELP', problem: verb ? `Unknown command "${verb}".` : null };
}
