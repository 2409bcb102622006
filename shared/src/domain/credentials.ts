import { DomainError, ErrorCode } from './errors';

/**
 * How a caller signed in: the second dimension of the permission matrix, beside the role. A credential kind can
 * only narrow what the role allows, never widen it.
 * - SESSION: a person at a browser, signed in with a password (the cookie).
 * - PERSONAL_TOKEN: a script acting as its owner (personal and bootstrap tokens).
 * - WALL_TOKEN: a screen, not a person: read-only, and only the wall's fields (wall-fields.ts).
 */
export const CredentialKind = {
  ANONYMOUS: 'ANONYMOUS',
  SESSION: 'SESSION',
  PERSONAL_TOKEN: 'PERSONAL_TOKEN',
  WALL_TOKEN: 'WALL_TOKEN',
} as const;
export type CredentialKind = (typeof CredentialKind)[keyof typeof CredentialKind];
export const CREDENTIAL_KINDS: readonly CredentialKind[] = Object.values(CredentialKind);

/**
 * Mutations that create, reveal or change a credential or where a person is reached: only a signed-in session may
 * call them, so a leaked token can never mint another credential, lock its owner out or redirect their pages.
 */
export const SESSION_ONLY_MUTATIONS: ReadonlySet<string> = new Set([
  'createPersonalToken',
  'createWallToken',
  'revokeApiToken',
  'revokeSession',
  'changePassword',
  'addContactMethod',
  'removeContactMethod',
  'verifyContactMethod',
  'resendVerificationCode',
  'setNotificationRules',
  // A browser subscribes itself: a token holder could otherwise point someone's pages at any URL.
  'subscribePush',
  // A token could otherwise ring someone's phone at will.
  'sendTestPage',
  // A calendar feed URL is a read credential for people's shifts.
  'createMyCalendarFeed',
  'revokeMyCalendarFeed',
  'createScheduleCalendarFeed',
  'revokeScheduleCalendarFeed',
]);

/**
 * Mutations a token may call, except with the arguments that would create a credential: `createUser` with a
 * password makes a person who can sign in (an admin token could otherwise mint itself a session, and from there
 * every session-only power); without one it makes a person who is only paged.
 */
export const SESSION_ONLY_ARGUMENTS: Readonly<Record<string, (args: Record<string, unknown>) => boolean>> = {
  createUser: (args) => {
    const input = args.input as { password?: unknown } | null | undefined;
    return input?.password !== undefined && input.password !== null && input.password !== '';
  },
};

export type OperationKind = 'query' | 'mutation' | 'subscription';

/**
 * Whether a credential kind may run a root field of an operation at all (the role is checked separately):
 * 'OK', or the reason it may not. Anonymous callers are left to the role check (PUBLIC fields).
 */
export function credentialDecision(
  kind: CredentialKind,
  operation: OperationKind,
  field: string,
  args: Record<string, unknown> = {},
): 'OK' | 'READ_ONLY' | 'SESSION_ONLY' {
  if (operation !== 'mutation') return 'OK';
  if (kind === 'WALL_TOKEN') return 'READ_ONLY';
  if (
    kind === 'PERSONAL_TOKEN' &&
    (SESSION_ONLY_MUTATIONS.has(field) || SESSION_ONLY_ARGUMENTS[field]?.(args) === true)
  )
    return 'SESSION_ONLY';
  return 'OK';
}

/** Throws FORBIDDEN (with `credential` and `rule` in the details) unless the credential kind may run the field. */
export function assertCredentialMay(
  kind: CredentialKind,
  operation: OperationKind,
  field: string,
  args: Record<string, unknown> = {},
): void {
  const decision = credentialDecision(kind, operation, field, args);
  if (decision === 'READ_ONLY') {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `${field}: a wall token is read-only (queries and subscriptions only).`,
      undefined,
      { credential: kind, rule: decision },
    );
  }
  if (decision === 'SESSION_ONLY') {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `${field} manages credentials: sign in with a password to use it (an API token may not).`,
      undefined,
      { credential: kind, rule: decision },
    );
  }
}

/**
 * Whether a credential kind may send a GraphQL document of its own, rather than one of the web app's trusted
 * documents. Only a personal API token (a script, under the query cost limit): browser sessions, wall screens and
 * anonymous visitors run the web app, whose every document is known in advance, so anything else they send is not
 * the web app. Enforced in production (or VIGIL_TRUSTED_DOCUMENTS=require).
 */
export function mayRunArbitraryDocuments(kind: CredentialKind): boolean {
  return kind === 'PERSONAL_TOKEN';
}
