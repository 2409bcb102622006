import { HOUR } from './time';

/** What an emailed link may do. */
export const ActionLinkAction = { ACKNOWLEDGE: 'ACKNOWLEDGE', ESCALATE: 'ESCALATE' } as const;
export type ActionLinkAction = (typeof ActionLinkAction)[keyof typeof ActionLinkAction];

/** Long enough to act from a phone after the page; short enough that a forwarded mail soon stops working. */
export const ACTION_LINK_TTL_MS = HOUR;

/** The signed part of a link: which action, on which incident, for whom, until when; `nonce` makes each link unique. */
export interface ActionLinkClaims {
  action: ActionLinkAction;
  incidentId: number;
  userId: number;
  expiresAt: number;
  nonce: string;
  /** Where the token was sent: an email link (the default, and every link made before push) or a push notification. */
  channel?: 'email' | 'push';
}

/** The text that is signed and carried in the link (compact, URL-safe once base64url-encoded). */
export function encodeActionClaims(c: ActionLinkClaims): string {
  const parts = [c.action === 'ACKNOWLEDGE' ? 'a' : 'e', c.incidentId, c.userId, c.expiresAt, c.nonce];
  return (c.channel === 'push' ? [...parts, 'p'] : parts).join('.');
}

/** Parses claims text; null when it is not something `encodeActionClaims` produced. */
export function decodeActionClaims(text: string): ActionLinkClaims | null {
  const m = /^([ae])\.(\d{1,15})\.(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]{8,64})(\.p)?$/.exec(text);
  if (!m) return null;
  return {
    action: m[1] === 'a' ? 'ACKNOWLEDGE' : 'ESCALATE',
    incidentId: Number(m[2]),
    userId: Number(m[3]),
    expiresAt: Number(m[4]),
    nonce: m[5],
    ...(m[6] ? { channel: 'push' as const } : {}),
  };
}

export type ActionLinkVerdict = 'VALID' | 'EXPIRED';

/** A link works up to and including its expiry instant. */
export function actionLinkVerdict(c: ActionLinkClaims, now: Date): ActionLinkVerdict {
  return now.getTime() <= c.expiresAt ? 'VALID' : 'EXPIRED';
}

/** The page heading for an action, for the confirmation and result pages. */
export function actionLinkVerb(action: ActionLinkAction): string {
  return action === 'ACKNOWLEDGE' ? 'Acknowledge' : 'Escalate';
}
