import { DomainError } from './errors';
import { MUTATION_ROLES, ROLES, accessForQuery, assertAccess, assertMayCall, roleAtLeast } from './permissions';

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
