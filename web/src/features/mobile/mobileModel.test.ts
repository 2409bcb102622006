import { MobileIncident, mobileActions, mobileSections, waitsForMe } from './mobileModel';

const incident = (over: Partial<MobileIncident> & { id: string }): MobileIncident => ({
  severity: 'P2',
  status: 'TRIGGERED',
  detectedAt: '2026-12-04T03:00:00.000Z',
  escalation: { awaitingAnswer: false, pages: [] },
  ...over,
});
const pagedTo = (...userIds: string[]) => ({
  awaitingAnswer: true,
  pages: [{ paged: userIds.map((userId) => ({ userId })) }],
});

describe('waitsForMe', () => {
  it.each([
    ['a waiting page that went to me', pagedTo('7'), '7', true],
    ['a waiting page that went to someone else', pagedTo('8'), '7', false],
    ['a page to me already answered', { ...pagedTo('7'), awaitingAnswer: false }, '7', false],
    ['no ladder at all', null, '7', false],
    ['nobody signed in', pagedTo('7'), null, false],
  ])('%s', (_, escalation, me, expected) => {
    expect(waitsForMe(incident({ id: '1', escalation }), me)).toBe(expected);
  });
});

describe('mobileSections', () => {
  it('puts the pages waiting for me first, each list most severe then oldest, and leaves resolved ones out', () => {
    const list = [
      incident({ id: '1', severity: 'P3', escalation: pagedTo('7') }),
      incident({ id: '2', severity: 'P0', detectedAt: '2026-12-04T03:10:00.000Z' }),
      incident({ id: '3', severity: 'P1', escalation: pagedTo('7') }),
      incident({ id: '4', severity: 'P0', detectedAt: '2026-12-04T03:05:00.000Z' }),
      incident({ id: '5', severity: 'P0', status: 'RESOLVED', escalation: pagedTo('7') }),
    ];
    const { mine, others } = mobileSections(list, '7');
    expect(mine.map((i) => i.id)).toEqual(['3', '1']);
    expect(others.map((i) => i.id)).toEqual(['4', '2']);
  });
});

describe('mobileActions', () => {
  it.each<[string, Partial<MobileIncident>, string[]]>([
    ['a triggered incident paged to me', { escalation: pagedTo('7') }, ['ACKNOWLEDGE', 'ESCALATE', 'STATUS_UPDATE']],
    [
      'a triggered incident paged to others',
      { escalation: pagedTo('8') },
      ['ACKNOWLEDGE', 'ESCALATE', 'STATUS_UPDATE'],
    ],
    [
      'an acknowledged incident whose escalation paged me',
      { status: 'ACKNOWLEDGED', escalation: pagedTo('7') },
      ['ACKNOWLEDGE', 'ACCEPT_PAGE', 'ESCALATE', 'STATUS_UPDATE'],
    ],
    [
      'the server says the page is not mine to take (an earlier ladder paged me; a reopen started a new one)',
      { status: 'ACKNOWLEDGED', escalation: pagedTo('7'), mayAcceptPage: false },
      ['ACKNOWLEDGE', 'ESCALATE', 'STATUS_UPDATE'],
    ],
    [
      'the server says it is mine to take: the incident was handed to me, not paged to me',
      { status: 'ACKNOWLEDGED', escalation: pagedTo('8'), mayAcceptPage: true },
      ['ACKNOWLEDGE', 'ACCEPT_PAGE', 'ESCALATE', 'STATUS_UPDATE'],
    ],
    ['an investigated incident nobody is paged for', { status: 'INVESTIGATING' }, ['ESCALATE', 'STATUS_UPDATE']],
    ['a resolved incident', { status: 'RESOLVED', escalation: pagedTo('7') }, []],
  ])('%s', (_, over, expected) => {
    expect(mobileActions(incident({ id: '1', ...over }), '7')).toEqual(expected);
  });
});
