import { DomainError, ErrorCode } from './errors';
import { PageRecipient, assertMayAcceptPage } from './page-answers';

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
