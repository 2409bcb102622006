import { DomainError } from './errors';
import {
  MUTATION_ROLES,
  PAGE_ANSWERS,
  ROLES,
  Role,
  accessForQuery,
  assertAccess,
  assertMayBePaged,
  assertMayCall,
  mayAnswerPage,
  pageAnswerRole,
  roleAtLeast,
  splitPageable,
} from './permissions';

const code = (f: () => void): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as DomainError).code;
  }
};

describe('permission matrix', () => {
  it('orders roles viewer < responder < lead < admin', () => {
    expect(roleAtLeast('ADMIN', 'LEAD')).toBe(true);
    expect(roleAtLeast('LEAD', 'LEAD')).toBe(true);
    expect(roleAtLeast('RESPONDER', 'LEAD')).toBe(false);
    expect(roleAtLeast('VIEWER', 'RESPONDER')).toBe(false);
  });

  // Every mutation × every role (and the signed-out caller): allowed exactly when the role reaches the matrix entry.
  const cases = Object.entries(MUTATION_ROLES).flatMap(([mutation, needed]) =>
    [null, ...ROLES].map((role) => [mutation, needed, role] as const),
  );
  it.each(cases)('%s (needs %s) as %s', (mutation, needed, role) => {
    const expected =
      needed === 'PUBLIC' ? null : role === null ? 'UNAUTHENTICATED' : roleAtLeast(role, needed) ? null : 'FORBIDDEN';
    expect(code(() => assertMayCall(role, mutation))).toBe(expected);
  });

  it('refuses a mutation the matrix does not name, to everyone', () => {
    expect(code(() => assertMayCall('ADMIN', 'dropEverything'))).toBe('FORBIDDEN');
  });

  it('reads need a signed-in caller unless public; the audit log needs an admin', () => {
    expect(code(() => assertAccess(null, accessForQuery('incidents'), 'incidents'))).toBe('UNAUTHENTICATED');
    expect(code(() => assertAccess('VIEWER', accessForQuery('incidents'), 'incidents'))).toBeNull();
    expect(code(() => assertAccess(null, accessForQuery('publicStatus'), 'publicStatus'))).toBeNull();
    expect(code(() => assertAccess('LEAD', accessForQuery('auditLog'), 'auditLog'))).toBe('FORBIDDEN');
    expect(code(() => assertAccess('ADMIN', accessForQuery('auditLog'), 'auditLog'))).toBeNull();
  });
});

describe('who a page may go to (someone who can answer it)', () => {
  it.each<[Role, boolean]>([
    ['VIEWER', false],
    ['RESPONDER', true],
    ['LEAD', true],
    ['ADMIN', true],
  ])('%s can answer a page: %s', (role, expected) => {
    expect(mayAnswerPage(role)).toBe(expected);
    for (const mutation of PAGE_ANSWERS) expect(code(() => assertMayCall(role, mutation)) === null).toBe(expected);
  });

  it('the least role that answers is the one the matrix asks of acknowledgeIncident and acceptPage', () => {
    expect(pageAnswerRole()).toBe('RESPONDER');
    expect(PAGE_ANSWERS.map((m) => MUTATION_ROLES[m])).toEqual(['RESPONDER', 'RESPONDER']);
  });

  it.each<[string, Array<{ name: string; role: Role }>, string | null]>([
    [
      'responders and up pass',
      [
        { name: 'Ana', role: 'RESPONDER' },
        { name: 'Lee', role: 'LEAD' },
      ],
      null,
    ],
    [
      'a viewer is refused on the field, by name and role',
      [
        { name: 'Ana', role: 'RESPONDER' },
        { name: 'Vera', role: 'VIEWER' },
      ],
      'Vera (VIEWER)',
    ],
    ['nobody at all passes (the shape checks say whether a level may be empty)', [], null],
  ])('%s', (_name, people, named) => {
    let error: DomainError | null = null;
    try {
      assertMayBePaged('participantIds', 'The rotation', people);
    } catch (e) {
      error = e as DomainError;
    }
    if (named === null) return expect(error).toBeNull();
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'participantIds' });
    expect(error?.message).toContain(named);
    expect(error?.message).toContain('needs the RESPONDER role');
    expect(error?.message).not.toContain('Ana');
  });

  it('splits a level into people paged and people skipped, keeping their order', () => {
    const people = [
      { id: 1, role: 'VIEWER' as Role },
      { id: 2, role: 'RESPONDER' as Role },
      { id: 3, role: 'ADMIN' as Role },
      { id: 4, role: 'VIEWER' as Role },
    ];
    const { page, skip } = splitPageable(people);
    expect([page.map((p) => p.id), skip.map((p) => p.id)]).toEqual([
      [2, 3],
      [1, 4],
    ]);
  });
});
