import { CREDENTIAL_KINDS, CredentialKind, credentialDecision, mayRunArbitraryDocuments } from './credentials';

describe('the credential kind × operation matrix', () => {
  it.each<[CredentialKind, 'query' | 'mutation' | 'subscription', string, Record<string, unknown>, string]>([
    ['WALL_TOKEN', 'query', 'incidents', {}, 'OK'],
    ['WALL_TOKEN', 'subscription', 'incidentChanged', {}, 'OK'],
    ['WALL_TOKEN', 'mutation', 'acknowledgeIncident', {}, 'READ_ONLY'],
    ['WALL_TOKEN', 'mutation', 'login', {}, 'READ_ONLY'],
    ['WALL_TOKEN', 'mutation', 'createPersonalToken', {}, 'READ_ONLY'],
    ['PERSONAL_TOKEN', 'mutation', 'acknowledgeIncident', {}, 'OK'],
    ['PERSONAL_TOKEN', 'mutation', 'createPersonalToken', {}, 'SESSION_ONLY'],
    ['PERSONAL_TOKEN', 'mutation', 'createWallToken', {}, 'SESSION_ONLY'],
    ['PERSONAL_TOKEN', 'mutation', 'changePassword', {}, 'SESSION_ONLY'],
    ['PERSONAL_TOKEN', 'mutation', 'addContactMethod', {}, 'SESSION_ONLY'],
    ['PERSONAL_TOKEN', 'mutation', 'revokeSession', {}, 'SESSION_ONLY'],
    ['PERSONAL_TOKEN', 'mutation', 'createMyCalendarFeed', {}, 'SESSION_ONLY'],
    [
      'PERSONAL_TOKEN',
      'mutation',
      'createUser',
      { input: { name: 'Paged only', email: 'p@example.com', role: 'RESPONDER' } },
      'OK',
    ],
    [
      'PERSONAL_TOKEN',
      'mutation',
      'createUser',
      { input: { name: 'Signs in', email: 's@example.com', role: 'ADMIN', password: 'Correct-Horse-2026' } },
      'SESSION_ONLY',
    ],
    [
      'PERSONAL_TOKEN',
      'mutation',
      'createUser',
      { input: { name: 'Empty', email: 'e@example.com', role: 'ADMIN', password: null } },
      'OK',
    ],
    ['SESSION', 'mutation', 'createPersonalToken', {}, 'OK'],
    ['SESSION', 'mutation', 'createUser', { input: { password: 'Correct-Horse-2026' } }, 'OK'],
    ['ANONYMOUS', 'mutation', 'login', {}, 'OK'],
  ])('%s %s %s %j → %s', (kind, op, field, args, expected) => {
    expect(credentialDecision(kind, op, field, args)).toBe(expected);
  });

  it('never lets any credential kind mutate through a query or subscription rule', () => {
    for (const kind of CREDENTIAL_KINDS) expect(credentialDecision(kind, 'query', 'anything')).toBe('OK');
  });
});

describe("who may send documents of their own (not the web app's trusted ones)", () => {
  it.each<[CredentialKind, boolean]>([
    ['PERSONAL_TOKEN', true],
    ['SESSION', false],
    ['WALL_TOKEN', false],
    ['ANONYMOUS', false],
  ])('%s → %s', (kind, expected) => {
    expect(mayRunArbitraryDocuments(kind)).toBe(expected);
  });
});
