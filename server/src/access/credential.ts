import { Actor, CredentialKind } from '@vigil/shared';

/** The cookie that carries a browser session's secret. */
export const SESSION_COOKIE = 'vigil_session';

/** Which credential signed a caller in: needed to cut their live connections when it is revoked. */
export interface Credential {
  type: 'token' | 'session';
  id: number;
  /** How the caller signed in: the permission matrix's second dimension (shared/src/domain/credentials.ts). */
  kind: Exclude<CredentialKind, 'ANONYMOUS'>;
  /** A team's wall token shows only that team's incidents. */
  teamId: number | null;
}

/** What a credential is called in maps of live connections: stable across its re-checks. */
export const credentialKey = (c: Pick<Credential, 'type' | 'id'>): string => `${c.type}:${c.id}`;

/** Who a request is, and with which credential. */
export interface Authentication {
  actor: Actor;
  credential: Credential | null;
  /** A session cookie came that signs nobody in (revoked, expired, unknown): the answer should clear it. */
  staleSession?: true;
}

/** The teams whose incidents a team's wall token may see; null: not limited to teams. */
export type TeamScope = readonly number[] | null;

/** Narrows a requested team list to the scope: the scope itself when none was asked for, else the overlap. */
export function narrowTeams(requested: readonly number[] | null | undefined, scope: TeamScope): number[] | null {
  if (scope === null) return requested ? [...requested] : null;
  if (!requested) return [...scope];
  return requested.filter((t) => scope.includes(t));
}
