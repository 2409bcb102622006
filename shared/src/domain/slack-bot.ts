import { IncidentStatus } from './lifecycle';
import { Severity, severityRank } from './severity';

/**
 * Slack with a bot token (issue 18): what Slack's Web API errors mean for a delivery, an incident channel's name,
 * and which incidents get one. Slack answers HTTP 200 with `{ ok: false, error }` for almost every failure, so the
 * error word decides: a few are Slack's own trouble (try again with backoff), the rest are a refusal that trying
 * again cannot change (recorded as skipped with the word, and a person's rules move on).
 */
const RETRYABLE_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

export type SlackErrorVerdict = 'RETRY' | 'SKIP';

/** Whether a Web API error word is Slack's passing trouble (RETRY) or a refusal of this call (SKIP). */
export function slackErrorVerdict(error: string): SlackErrorVerdict {
  return RETRYABLE_SLACK_ERRORS.has(error) ? 'RETRY' : 'SKIP';
}

/** Slack channel names: at most 80 characters, lowercase letters, digits, hyphens and underscores. */
export const SLACK_CHANNEL_NAME_MAX = 80;

/** Latin letters that Unicode does not decompose into a base letter and a mark. */
const LATIN: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', þ: 'th' };

/**
 * `inc-<id>-<slug>`: the title lowercased, accents dropped, every run of other characters one hyphen, cut so the
 * whole name fits 80 characters without a trailing hyphen. A title with nothing usable leaves `inc-<id>`.
 */
export function incidentChannelName(incidentId: number, title: string): string {
  const head = `inc-${incidentId}`;
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæøœłđþ]/g, (c) => LATIN[c])
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (!slug) return head;
  const room = SLACK_CHANNEL_NAME_MAX - head.length - 1;
  const cut = slug.slice(0, room).replace(/[-_]+$/, '');
  return cut ? `${head}-${cut}` : head;
}

/**
 * Whether an incident of `severity` gets its own channel now, given VIGIL_SLACK_INCIDENT_CHANNELS (`threshold`: the
 * least severe severity that gets one; null: no incident channels). A resolved incident without one gets none: a
 * note or an action item on an old outage must not open a channel for it (one that has a channel keeps it).
 */
export function wantsIncidentChannel(severity: Severity, status: IncidentStatus, threshold: Severity | null): boolean {
  return threshold !== null && status !== 'RESOLVED' && severityRank(severity) <= severityRank(threshold);
}

/** A Slack member id as Slack writes it (U… or W…, capitals and digits): what a SLACK contact method holds. */
export const SLACK_MEMBER_ID = /^[UW][A-Z0-9]{2,30}$/;

/** What proves a contact method: when it was verified, and whether a code was ever sent to it. */
export interface ProvableMethod {
  kind: string;
  verifiedAt: Date | null;
  codeSentAt: Date | null;
}

/**
 * Whether a method may be used. With a Slack bot (`slackByCode`), a SLACK member id counts only once a code sent
 * to that member was entered: one added without a bot was verified on its word, and would otherwise start getting
 * the person's pages by direct message (and link that member's button presses to the person) the day a bot is set
 * up. Other kinds: verified is verified (methods from before verification count, as they were being paged).
 */
export function contactMethodProven(method: ProvableMethod, slackByCode: boolean): boolean {
  if (method.verifiedAt === null) return false;
  return method.kind !== 'SLACK' || !slackByCode || method.codeSentAt !== null;
}

const SLACK_CONTROL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * People's and alert senders' text in a Slack `text` or `mrkdwn` field, escaped as Slack documents ("Escaping text":
 * &, < and > as entities), so `<https://evil|click to ack>` stays text and `<!channel>` notifies nobody.
 */
export const slackEscape = (text: string): string => text.replace(/[&<>]/g, (c) => SLACK_CONTROL[c]);
