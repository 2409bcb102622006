import { GraphQLError } from 'graphql';
import { Actor, RateLimits, Role } from '@vigil/shared';
import { Authentication, Credential, TeamScope } from '../access/credential';
import { RateLimiter } from '../access/rate-limiter';
import { AuditEntry } from '../model/auth.entity';

/** One mutation attempt as the audit log keeps it. */
type AuditAttempt = Omit<AuditEntry, 'id' | 'at' | 'args' | 'count' | 'aggregateKey'> & { args: unknown };

/**
 * What the GraphQL layer needs from sign-in, rate limits, the audit log and team scope, and nothing more: the
 * composition root (server/src/schema.ts) supplies it from the auth and team services, so this layer imports no
 * feature.
 */
export interface Gate {
  /** Who presents this Authorization header or cookie; null when a presented credential is not valid. */
  authenticate(authorization: unknown, cookie: unknown): Promise<Authentication | null>;
  /** Which of these credentials are still good (keys: access/credential.ts credentialKey). */
  stillValid(credentials: readonly Credential[]): Promise<Set<string>>;
  /** A credential was revoked elsewhere: checks cached here may not be reused. */
  forgetRecentChecks(): void;
  readonly limiter: RateLimiter;
  readonly limits: RateLimits;
  audit(attempt: AuditAttempt): Promise<void>;
  /** The caller's roles in their teams. */
  teamRoles(actor: Actor, credential: Credential | null): Promise<Array<{ role: Role }>>;
  /** Refuses a mutation let through on a team role whose resource lies outside that team. */
  assertScopedMutation(
    actor: Actor,
    credential: Credential | null,
    mutation: string,
    args: Record<string, unknown>,
  ): Promise<void>;
  /** Whether a team's wall may see this incident. */
  incidentVisible(incidentId: number, teams: readonly number[]): Promise<boolean>;
  /** The incident a post-mortem belongs to. */
  postmortemIncident(postmortemId: number): Promise<number | null>;
}

/** What only an HTTP request can do. */
interface HttpControls {
  /** Sets (or, with null, clears) the session cookie. */
  setSessionCookie(secret: string | null): void;
}

/** What every resolver sees, over HTTP and WebSocket alike. */
export interface Context {
  gate: Gate;
  actor: Actor;
  /** The token or session that signed the caller in; null when anonymous. */
  credential: Credential | null;
  /** A team's wall token: the teams whose incidents it may see; null for everyone else. */
  teamScope: TeamScope;
  ip: string | null;
  transport: 'HTTP' | 'WEBSOCKET';
  http?: HttpControls;
}

export interface RequestCredentials {
  /** `Bearer <token>` from the Authorization header or the graphql-ws connection_init payload. */
  authorization: unknown;
  cookie: unknown;
  ip: string | null;
  transport: Context['transport'];
  http?: HttpControls;
}

/**
 * One context factory for both transports: a presented token that is not valid is refused outright (401), rather
 * than quietly treated as anonymous. A session cookie that no longer signs in (revoked, expired) is cleared in the
 * answer and the request goes on as anonymous: signing in again (and signing out) work at once, and anything that
 * needs a signed-in caller is still refused (UNAUTHENTICATED) by authorize.ts. Over WebSocket, anonymous is refused.
 */
export async function buildContext(gate: Gate, req: RequestCredentials): Promise<Context> {
  const auth = await gate.authenticate(req.authorization, req.cookie);
  if (!auth) {
    throw new GraphQLError('The token is not valid (unknown, revoked or expired).', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  if (auth.staleSession) req.http?.setSessionCookie(null);
  return {
    gate,
    actor: auth.actor,
    credential: auth.credential,
    teamScope: teamScopeOf(auth.credential),
    ip: req.ip,
    transport: req.transport,
    http: req.http,
  };
}

/** A team's wall token is limited to its team; every other credential reads what its role allows. */
function teamScopeOf(credential: Credential | null): TeamScope {
  return credential?.kind === 'WALL_TOKEN' && credential.teamId !== null ? [credential.teamId] : null;
}
