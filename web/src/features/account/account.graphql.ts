import { graphql } from '../../gql';

/*
 * Credential management needs a signed-in session (shared/src/domain/credentials.ts SESSION_ONLY_MUTATIONS), and in
 * production a session runs only trusted documents. These are those documents: registered with the rest of the web
 * app's (web/src/gql/persisted-documents.json), so a person can manage their tokens, password, sessions and contact
 * methods with their session by sending the document's id, before the web app has screens for them. A test
 * (test/server/trusted-documents.test.ts) checks that every session-only mutation has one.
 */

export const API_TOKEN_FIELDS = graphql(`
  fragment ApiTokenFields on ApiToken { id name kind prefix createdAt lastUsedAt expiresAt revokedAt userId team { id name } }
`);

export const API_TOKENS = graphql(`
  query AccountApiTokens { apiTokens { ...ApiTokenFields } }
`);

export const CREATE_PERSONAL_TOKEN = graphql(`
  mutation AccountCreatePersonalToken($name: String!, $expiresInDays: Int) {
    createPersonalToken(name: $name, expiresInDays: $expiresInDays) { secret token { ...ApiTokenFields } }
  }
`);

export const CREATE_WALL_TOKEN = graphql(`
  mutation AccountCreateWallToken($name: String!, $teamId: ID) {
    createWallToken(name: $name, teamId: $teamId) { secret token { ...ApiTokenFields } }
  }
`);

export const REVOKE_API_TOKEN = graphql(`
  mutation AccountRevokeApiToken($id: ID!) { revokeApiToken(id: $id) { ...ApiTokenFields } }
`);

export const MY_SESSIONS = graphql(`
  query AccountSessions { mySessions { id createdAt lastSeenAt ip current } }
`);

export const REVOKE_SESSION = graphql(`
  mutation AccountRevokeSession($id: ID!) { revokeSession(id: $id) }
`);

export const CHANGE_PASSWORD = graphql(`
  mutation AccountChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export const ADD_CONTACT_METHOD = graphql(`
  mutation AccountAddContactMethod($userId: ID!, $kind: ContactKind!, $address: String!) {
    addContactMethod(userId: $userId, kind: $kind, address: $address) { id userId kind address createdAt }
  }
`);

export const REMOVE_CONTACT_METHOD = graphql(`
  mutation AccountRemoveContactMethod($id: ID!) { removeContactMethod(id: $id) }
`);

export const REVOKE_MY_CALENDAR_FEED = graphql(`
  mutation AccountRevokeMyCalendarFeed { revokeMyCalendarFeed }
`);

export const REVOKE_SCHEDULE_CALENDAR_FEED = graphql(`
  mutation AccountRevokeScheduleCalendarFeed($scheduleId: ID!) { revokeScheduleCalendarFeed(scheduleId: $scheduleId) }
`);

/** A person who can sign in (with a password) is made from a session; a token may make people who are only paged. */
export const CREATE_USER = graphql(`
  mutation AccountCreateUser($input: CreateUserInput!) { createUser(input: $input) { id name email role } }
`);

export const ACCOUNT_PAGE = graphql(`
  query AccountPage { me { id name email role teams { id name } } myCalendarFeed { id createdAt } }
`);
