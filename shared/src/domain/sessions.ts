import { DAY, HOUR } from './time';

export interface SessionPolicy {
  /** Signed out after this long without a request. */
  idleMs: number;
  /** Signed out this long after sign-in, however active. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 12 * HOUR, absoluteMs: 7 * DAY };

export type CredentialState = 'ACTIVE' | 'REVOKED' | 'IDLE_EXPIRED' | 'EXPIRED';

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

/** Whether a session still signs its holder in at `now`. Both limits are exclusive: at exactly the limit it ends. */
export function sessionState(
  s: SessionTimes,
  now: Date,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): CredentialState {
  if (s.revokedAt) return 'REVOKED';
  if (now.getTime() - s.createdAt.getTime() >= policy.absoluteMs) return 'EXPIRED';
  if (now.getTime() - s.lastSeenAt.getTime() >= policy.idleMs) return 'IDLE_EXPIRED';
  return 'ACTIVE';
}

/** Whether an API token still works at `now`. */
export function tokenState(t: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): CredentialState {
  if (t.revokedAt) return 'REVOKED';
  if (t.expiresAt && now.getTime() >= t.expiresAt.getTime()) return 'EXPIRED';
  return 'ACTIVE';
}
