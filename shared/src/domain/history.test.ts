import { HISTORY_PAGES, historyPage } from './history';

describe('how much of an incident history one read returns', () => {
  it.each([
    ['timeline', undefined, 500],
    ['timeline', null, 500],
    ['timeline', 20, 20],
    ['timeline', 2000, 2000],
    ['alerts', undefined, 50],
    ['notifications', 1000, 1000],
  ] as const)('%s with last=%p → %p', (history, last, expected) => {
    expect(historyPage(history, last)).toBe(expected);
  });

  it.each([
    ['timeline', 0],
    ['timeline', 2001],
    ['alerts', 501],
    ['notifications', -1],
    ['timeline', 1.5],
  ] as const)('%s with last=%p is refused naming the field and the bound', (history, last) => {
    expect(() => historyPage(history, last)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        field: 'last',
        message: expect.stringContaining(`1 to ${HISTORY_PAGES[history].max}`),
      }),
    );
  });
});
