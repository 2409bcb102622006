import { ActionLinkClaims, actionLinkVerdict, decodeActionClaims, encodeActionClaims } from './action-links';

const now = new Date('2026-05-05T12:00:00.000Z');
const claims: ActionLinkClaims = {
  action: 'ESCALATE',
  incidentId: 12,
  userId: 3,
  expiresAt: now.getTime(),
  nonce: 'abcDEF12_-',
};

describe('action link claims', () => {
  it('round-trips', () => {
    expect(decodeActionClaims(encodeActionClaims(claims))).toEqual(claims);
    expect(decodeActionClaims(encodeActionClaims({ ...claims, action: 'ACKNOWLEDGE' }))?.action).toBe('ACKNOWLEDGE');
  });

  it('says a push token came by push, and keeps an email link as it always was', () => {
    expect(encodeActionClaims(claims)).toBe(`e.12.3.${now.getTime()}.abcDEF12_-`);
    expect(encodeActionClaims({ ...claims, channel: 'email' })).toBe(encodeActionClaims(claims));
    expect(encodeActionClaims({ ...claims, channel: 'push' })).toBe(`e.12.3.${now.getTime()}.abcDEF12_-.p`);
    expect(decodeActionClaims(encodeActionClaims({ ...claims, channel: 'push' }))).toEqual({
      ...claims,
      channel: 'push',
    });
  });

  it.each([
    '',
    'x.1.2.3.abcdefgh',
    'a.1.2.3.short',
    'a.1.2.3.abcdefgh.extra',
    'a.1.2.3.abcdefgh.q',
    'a.1.2.3.abcdefgh.p.p',
    'a.-1.2.3.abcdefgh',
    'a.1.2.3.abc$efgh',
  ])('refuses "%s"', (text) => {
    expect(decodeActionClaims(text)).toBeNull();
  });

  it.each<[string, number, string]>([
    ['a second before expiry', -1000, 'VALID'],
    ['exactly at expiry', 0, 'VALID'],
    ['a millisecond after', 1, 'EXPIRED'],
  ])('%s', (_l, offset, verdict) => {
    expect(actionLinkVerdict(claims, new Date(now.getTime() + offset))).toBe(verdict);
  });
});
