import { DomainError, ErrorCode } from './errors';
import { Role } from './permissions';
import { PageRecipient, assertMayAcceptPage, assertMayHandTo, mayAcceptPage } from './page-answers';

const ana: PageRecipient = { userId: 1, name: 'Ana Oncall' };
const lee: PageRecipient = { userId: 2, name: 'Lee Lead' };

describe('who may say "I\'ve got it"', () => {
  it.each<[string, { userId: number | null; name: string }, PageRecipient[], boolean]>([
    ['the person paged at level 1', { userId: 1, name: 'Ana Oncall' }, [ana], true],
    ['the level above, paged later on the same ladder', { userId: 2, name: 'Lee Lead' }, [ana, lee], true],
    ['the level below, still holding its page', { userId: 1, name: 'Ana Oncall' }, [ana, lee], true],
    ['a responder nobody paged', { userId: 3, name: 'Ray Responder' }, [ana, lee], false],
    ['an admin nobody paged', { userId: 4, name: 'Ada Admin' }, [ana], false],
    ['Vigil itself or an integration', { userId: null, name: 'alertmanager' }, [ana], false],
    ['anyone, when nobody was paged (a ticket)', { userId: 3, name: 'Ray Responder' }, [], true],
  ])('%s: allowed %s', (_, taker, recipients, allowed) => {
    const attempt = () => assertMayAcceptPage(7, taker, recipients);
    if (allowed) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(DomainError);
    // The console's button follows the same rule.
    expect(mayAcceptPage(taker, recipients)).toBe(allowed);
  });

  it('the refusal is FORBIDDEN, names the rule, who was paged and what to do instead', () => {
    try {
      assertMayAcceptPage(7, { userId: 3, name: 'Ray Responder' }, [ana, lee, ana]);
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const err = e as DomainError;
      expect(err.code).toBe(ErrorCode.FORBIDDEN);
      expect(err.field).toBe('id');
      expect(err.message).toBe(
        'Only the person paged may say "I\'ve got it" on incident #7: its page went to Ana Oncall, Lee Lead, not to ' +
          'Ray Responder. Acknowledge it to stop the paging, or have it handed to you (reassignIncident).',
      );
      expect(err.details).toEqual({ rule: 'ACCEPT_PAGE_PAGED_ONLY', paged: [1, 2, 1] });
    }
  });
});

describe('who may hand an incident to themselves (so that "I\'ve got it" cannot be taken by reassigning first)', () => {
  const ray = { userId: 3, name: 'Ray Responder', role: 'RESPONDER' as Role };
  it.each<[string, { userId: number | null; name: string; role: Role }, number, PageRecipient[], boolean]>([
    ['a responder nobody paged, to themselves', ray, 3, [ana, lee], false],
    ['the same responder, to the person paged', ray, 1, [ana, lee], true],
    ['the same responder, to a third colleague', ray, 5, [ana], true],
    ['the person paged, to themselves', { userId: 1, name: 'Ana Oncall', role: 'RESPONDER' }, 1, [ana], true],
    ['a responder, to themselves, when nobody was paged', ray, 3, [], true],
    ['a lead nobody paged, to themselves', { userId: 6, name: 'Lena Lead', role: 'LEAD' }, 6, [ana], true],
    ['an admin nobody paged, to themselves', { userId: 4, name: 'Ada Admin', role: 'ADMIN' }, 4, [ana], true],
    [
      'an integration (no person), to anyone',
      { userId: null, name: 'alertmanager', role: 'RESPONDER' },
      3,
      [ana],
      true,
    ],
  ])('%s: allowed %s', (_, actor, target, recipients, allowed) => {
    const attempt = () => assertMayHandTo(7, actor, target, recipients);
    if (allowed) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(DomainError);
  });

  it('the refusal is FORBIDDEN on userId, names the rule, who was paged and what to do instead', () => {
    try {
      assertMayHandTo(7, ray, 3, [ana, lee]);
      throw new Error('not refused');
    } catch (e) {
      const err = e as DomainError;
      expect(err.code).toBe(ErrorCode.FORBIDDEN);
      expect(err.field).toBe('userId');
      expect(err.message).toBe(
        'You may not hand incident #7 to yourself: its page went to Ana Oncall, Lee Lead, not to Ray Responder. ' +
          'Ask them, the incident commander or a lead to hand it to you, or acknowledge it to stop the paging.',
      );
      expect(err.details).toEqual({ rule: 'REASSIGN_SELF_PAGED_ONLY', needed: 'LEAD', paged: [1, 2] });
    }
  });
});
