import { validationError } from './errors';
import { DAY, HOUR } from './time';

/**
 * Status page subscribers (issue 20): who hears of what the public page shows. An email address is heard only once
 * its owner confirmed it (double opt-in); a webhook is added by an admin.
 */

/** At most one confirmation email per address in this long, however often someone asks. */
export const CONFIRMATION_INTERVAL_MS = HOUR;
/** A confirmation link works this long after it was sent (and once). */
export const CONFIRM_LINK_TTL_MS = 2 * DAY;
/** The longest address RFC 5321 lets a mail server accept. */
const MAX_EMAIL = 254;
/** One @, a local part and a dotted domain without spaces: what a mail server may accept, not more. */
const EMAIL =
  /^[^\s@<>()",;:\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** The address as kept (trimmed, lower-cased), or VALIDATION on `email` saying what is wrong. */
export function subscriberEmail(raw: unknown): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) throw validationError('email', 'Enter an email address.');
  if (text.length > MAX_EMAIL) throw validationError('email', `An email address has at most ${MAX_EMAIL} characters.`);
  if (!EMAIL.test(text)) throw validationError('email', `"${text}" is not an email address (name@example.com).`);
  return text.toLowerCase();
}

/** Whether a confirmation may be sent now, given when the last one was (null: never). */
export function confirmationMaySend(lastSentAt: Date | null, now: Date): boolean {
  return lastSentAt === null || now.getTime() - lastSentAt.getTime() >= CONFIRMATION_INTERVAL_MS;
}

/** Whether a confirmation link sent at `sentAt` still works at `now` (its last millisecond included). */
export function confirmLinkValid(sentAt: Date | null, now: Date): boolean {
  return sentAt !== null && now.getTime() - sentAt.getTime() <= CONFIRM_LINK_TTL_MS;
}

/**
 * Whether a subscriber who chose `chosen` components (null: every one) hears of something affecting `affected`.
 * Something that names no component (an incident on no service) reaches only those who chose every one.
 */
export function subscriberWants(chosen: readonly string[] | null, affected: readonly string[]): boolean {
  if (chosen === null) return true;
  return affected.some((name) => chosen.includes(name));
}

/**
 * The component names a subscriber asked for, checked against the page's: none (or every one) means all (null);
 * an unknown name is VALIDATION on `components`.
 */
export function chosenComponents(asked: readonly string[], known: readonly string[]): string[] | null {
  const names = [...new Set(asked.map((n) => n.trim()).filter(Boolean))];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length)
    throw validationError('components', `No component named ${unknown.map((n) => `"${n}"`).join(', ')} on the page.`);
  return names.length === 0 || names.length === known.length ? null : names.sort();
}

/** What a webhook subscriber's signature covers: the timestamp (seconds) and the exact body, as `t.body`. */
export function webhookSignatureBase(timestampSeconds: number, body: string): string {
  return `${timestampSeconds}.${body}`;
}
