import { PHONE_KINDS, ContactKindName } from '@vigil/shared';

/** One row of the rules editor: a method and its delay, as typed (minutes as text until saved). */
export interface StepDraft {
  contactMethodId: string;
  delayMinutes: string;
}

/** What the address field asks for, by kind. */
export function addressHint(kind: ContactKindName): string {
  if (PHONE_KINDS.includes(kind)) return '+4915112345678 (E.164: plus, country code, number)';
  if (kind === 'EMAIL') return 'name@example.com';
  if (kind === 'SLACK') return 'Slack member id (U…) or your Slack email';
  return 'https://…';
}

/** The steps to save: rows with a method, delays as whole numbers (an empty delay is 0). */
export function stepsToSave(drafts: readonly StepDraft[]): Array<{ contactMethodId: string; delayMinutes: number }> {
  return drafts
    .filter((d) => d.contactMethodId !== '')
    .map((d) => ({
      contactMethodId: d.contactMethodId,
      delayMinutes: d.delayMinutes.trim() === '' ? 0 : Number(d.delayMinutes),
    }));
}

/** How a saved rule list reads: "SMS at once, then VOICE after 3 min"; none: the default. */
export function describeRules(
  steps: ReadonlyArray<{ contactMethodId: string; delayMinutes: number }>,
  kindOf: (id: string) => string | undefined,
): string {
  if (!steps.length) return 'Default: every verified method at once.';
  return steps
    .map(
      (s) =>
        `${kindOf(s.contactMethodId) ?? 'removed method'} ${s.delayMinutes === 0 ? 'at once' : `after ${s.delayMinutes} min`}`,
    )
    .join(', then ');
}

/** How a method reads in lists: a push subscription by its push service's host (its endpoint is long and secret-ish). */
export function methodLabel(kind: ContactKindName, address: string): string {
  if (kind !== 'PUSH') return address;
  try {
    return `browser via ${new URL(address).host}`;
  } catch {
    return 'browser';
  }
}

/** The VAPID public key as PushManager.subscribe wants it: the bytes of its base64url text. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** What the server needs of a PushSubscription.toJSON(); null when the browser gave no keys. */
export function subscriptionFields(json: {
  endpoint?: string;
  keys?: Record<string, string>;
}): { endpoint: string; p256dh: string; auth: string } | null {
  const { endpoint, keys } = json;
  if (!endpoint || !keys?.p256dh || !keys.auth) return null;
  return { endpoint, p256dh: keys.p256dh, auth: keys.auth };
}
