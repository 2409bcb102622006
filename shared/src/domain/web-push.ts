import { validationError } from './errors';
import { plainTitle } from './notify-text';
import type { Severity } from './severity';

/**
 * Web Push (issue 18): a browser's push subscription is a contact method, pages reach it as standard Web Push
 * (RFC 8030, VAPID RFC 8292, payload encryption RFC 8291). These are the rules about a subscription and a page's
 * payload; sending is the server's.
 */

/** A subscription as the browser's PushSubscription.toJSON() gives it. */
export interface PushSubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The longest endpoint kept (the contact method's address column); real push services use under 300 characters. */
export const MAX_PUSH_ENDPOINT = 500;

/** An http(s) URL with a host and no spaces (the server parses it fully before it is ever called). */
const HTTP_URL = /^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i;

/** base64url without padding (what browsers give), or with it. */
const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function decodedLength(text: string): number {
  const bare = text.replace(/=+$/, '');
  return Math.floor((bare.length * 3) / 4);
}

/**
 * Checks a subscription: an http(s) endpoint, the browser's P-256 public key (65 bytes, uncompressed: it starts with
 * 0x04, which is "B" in base64url) and its 16-byte auth secret. Returns it trimmed; names the field that is wrong.
 */
export function assertPushSubscription(input: PushSubscriptionInput): PushSubscriptionInput {
  const endpoint = input.endpoint.trim();
  const p256dh = input.p256dh.trim();
  const auth = input.auth.trim();
  if (!HTTP_URL.test(endpoint) || endpoint.length > MAX_PUSH_ENDPOINT)
    throw validationError(
      'endpoint',
      `endpoint must be the push service's http(s) URL, at most ${MAX_PUSH_ENDPOINT} characters.`,
    );
  if (!B64URL.test(p256dh) || decodedLength(p256dh) !== 65 || !p256dh.startsWith('B'))
    throw validationError('p256dh', "p256dh must be the subscription's P-256 public key: 65 bytes in base64url.");
  if (!B64URL.test(auth) || decodedLength(auth) !== 16)
    throw validationError('auth', "auth must be the subscription's auth secret: 16 bytes in base64url.");
  return { endpoint, p256dh, auth };
}

/** What a push service's answer means for the page and for the subscription. */
export type PushVerdict =
  | { outcome: 'SENT' }
  /** The subscription no longer exists (404/410): the method is marked unusable and the page skipped. */
  | { outcome: 'GONE'; reason: string }
  /** The service refused this page (another 4xx) or the address can never be called: skipped, the rules move on. */
  | { outcome: 'REFUSED'; reason: string }
  /** 5xx, 408, 429, no answer: the outbox tries again with backoff. */
  | { outcome: 'RETRY'; reason: string };

/**
 * Classifies one push request's answer. `status` is the HTTP status (null when nothing answered); `reason` the
 * outbound guard's word for a failure; `permanent` whether that reason can never change (a refused address).
 */
export function pushVerdict(status: number | null, reason: string | null, permanent: boolean): PushVerdict {
  if (status !== null && status >= 200 && status < 300) return { outcome: 'SENT' };
  if (status === 404 || status === 410)
    return {
      outcome: 'GONE',
      reason: `the push service says this browser's subscription is gone (HTTP ${status}); subscribe this browser again`,
    };
  if (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429) {
    const why =
      status === 401 || status === 403
        ? ': it did not accept the server key (VAPID); subscribe this browser again'
        : status === 413
          ? ': the page was too large'
          : '';
    return { outcome: 'REFUSED', reason: `the push service refused the page (HTTP ${status})${why}` };
  }
  if (status === null && permanent)
    return { outcome: 'REFUSED', reason: `the push endpoint cannot be called (${reason ?? 'refused'})` };
  return { outcome: 'RETRY', reason: `the push service did not take the page (${reason ?? `HTTP ${status}`})` };
}

/** What the service worker receives (its `push` handler reads exactly these fields). */
export interface PushPayload {
  v: 1;
  /** PAGE, TEST, …: the notification's kind. */
  kind: string;
  notificationId: number;
  incidentId: number | null;
  severity: Severity | null;
  status: string | null;
  title: string;
  body: string;
  /** Where a tap on the notification opens. */
  url: string;
  /** One-time tokens for POST /api/actions/<token> (the email action links'), when this is a page to act on. */
  actions: { ACKNOWLEDGE: string; ESCALATE: string } | null;
}

/**
 * The plaintext limit: a push message carries at most 4096 bytes, of which the aes128gcm header, padding delimiter
 * and tag take 103 (RFC 8291); a margin is kept below that.
 */
export const MAX_PUSH_PAYLOAD_BYTES = 3800;

/** UTF-8 length of `text` (a lone surrogate counts as the 3 bytes of its replacement character). */
function bytes(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * Where a tap on a pushed page opens: an incident's console link becomes its responder view (`/m/incidents/<id>`,
 * big buttons, one-handed), since a push lands on a phone more often than not; any other link is kept.
 */
export function responderViewUrl(url: string): string {
  return url.replace(/^(https?:\/\/[^/?#]+)?\/incidents\/(\d{1,15})(?=$|[?#])/, '$1/m/incidents/$2');
}

/** The payload as JSON, its body shortened (with an ellipsis) so the whole fits in one push message. */
export function pushPayloadJson(p: Omit<PushPayload, 'v' | 'title'> & { title: string }): string {
  const title = plainTitle(p.severity, p.title).slice(0, 200);
  const url = responderViewUrl(p.url);
  const make = (body: string) => JSON.stringify({ v: 1, ...p, title, body, url } satisfies PushPayload);
  const whole = make(p.body);
  if (bytes(whole) <= MAX_PUSH_PAYLOAD_BYTES) return whole;
  // The longest start of the body that fits with an ellipsis (binary search on its length in characters).
  let lo = 0;
  let hi = p.body.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytes(make(`${p.body.slice(0, mid)}…`)) <= MAX_PUSH_PAYLOAD_BYTES) lo = mid;
    else hi = mid - 1;
  }
  const json = make(`${p.body.slice(0, lo)}…`);
  return json;
}
