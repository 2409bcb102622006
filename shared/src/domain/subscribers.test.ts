import { DomainError } from './errors';
import {
  CONFIRM_LINK_TTL_MS,
  chosenComponents,
  confirmLinkValid,
  confirmationMaySend,
  subscriberEmail,
  subscriberWants,
} from './subscribers';
import { HOUR } from './time';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-06-01T12:00:00.000Z');
const before = (ms: number) => new Date(NOW.getTime() - ms);

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as DomainError).field ?? 'no field';
  }
};

describe('a subscriber’s email address', () => {
  it.each([
    ['  Ana@Example.COM ', 'ana@example.com'],
    ['ops+status@sub.example.co.uk', 'ops+status@sub.example.co.uk'],
  ])('%j is kept as %j', (raw, kept) => expect(subscriberEmail(raw)).toBe(kept));

  it.each([
    [''],
    ['   '],
    ['ana'],
    ['ana@'],
    ['@example.com'],
    ['ana@example'],
    ['a b@example.com'],
    ['ana@exa_mple.com'],
    [`${'a'.repeat(250)}@example.com`],
    [42],
    [null],
  ])('%j is refused, naming the field email', (raw) => expect(fieldOf(() => subscriberEmail(raw))).toBe('email'));
});

describe('one confirmation per address per hour', () => {
  it.each<[string, Date | null, boolean]>([
    ['never sent', null, true],
    ['sent just now', NOW, false],
    ['sent 59:59.999 ago', before(HOUR - 1), false],
    ['sent exactly an hour ago', before(HOUR), true],
    ['sent a day ago', before(24 * HOUR), true],
  ])('%s: may send is %s', (_, sentAt, may) => expect(confirmationMaySend(sentAt, NOW)).toBe(may));
});

describe('a confirmation link works for two days', () => {
  it.each<[string, Date | null, boolean]>([
    ['never sent', null, false],
    ['sent now', NOW, true],
    ['sent exactly two days ago', before(CONFIRM_LINK_TTL_MS), true],
    ['sent two days and a millisecond ago', before(CONFIRM_LINK_TTL_MS + 1), false],
  ])('%s: valid is %s', (_, sentAt, valid) => expect(confirmLinkValid(sentAt, NOW)).toBe(valid));
});

describe('which subscribers hear of a change', () => {
  it.each<[string, string[] | null, string[], boolean]>([
    ['every component, something on one', null, ['api'], true],
    ['every component, something on none', null, [], true],
    ['one chosen, it is affected', ['api'], ['search', 'api'], true],
    ['one chosen, another is affected', ['api'], ['search'], false],
    ['some chosen, something on none', ['api'], [], false],
  ])('%s: %s', (_, chosen, affected, wants) => expect(subscriberWants(chosen, affected)).toBe(wants));
});

describe('the components a subscriber chooses', () => {
  const known = ['api', 'checkout', 'search'];
  it.each<[string[], string[] | null]>([
    [[], null],
    [
      ['checkout', 'api', 'checkout', ' '],
      ['api', 'checkout'],
    ],
    [['api', 'checkout', 'search'], null],
  ])('%j is kept as %j', (asked, kept) => expect(chosenComponents(asked, known)).toEqual(kept));

  it('an unknown component is refused, naming the field components', () =>
    expect(fieldOf(() => chosenComponents(['api', 'billing'], known))).toBe('components'));
});
