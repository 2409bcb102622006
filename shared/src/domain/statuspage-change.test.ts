import { PublicPageShape, applyPublicPageChange, diffPublicPage } from './statuspage-change';

interface Inc {
  id: string;
  status: string;
  updates: string[];
}
type Page = PublicPageShape<Inc> & {
  state: string;
  headline: string;
  components: unknown[];
  scheduledMaintenance: unknown[];
};

const inc = (id: string, status = 'INVESTIGATING', updates: string[] = []): Inc => ({ id, status, updates });
const page = (over: Partial<Page> = {}): Page => ({
  generatedAt: '2026-06-01T12:00:00.000Z',
  state: 'OPERATIONAL',
  headline: 'All systems operational',
  components: [{ name: 'api', state: 'OPERATIONAL' }],
  activeIncidents: [],
  pastIncidents: [],
  scheduledMaintenance: [],
  ...over,
});
const later = '2026-06-01T12:00:01.000Z';

describe('the small change between two public pages', () => {
  it('is nothing when only the generation time moved', () => {
    expect(diffPublicPage(page(), page({ generatedAt: later }))).toBeNull();
  });

  it.each<[string, Page, Page, Record<string, unknown>]>([
    [
      'a new incident: the incident, the headline and the new order',
      page(),
      page({ generatedAt: later, state: 'MAJOR_OUTAGE', headline: 'Major outage', activeIncidents: [inc('1')] }),
      { state: 'MAJOR_OUTAGE', headline: 'Major outage', incidents: [inc('1')], activeIncidents: ['1'] },
    ],
    [
      'one more update on one of two incidents: only that incident, no order',
      page({ activeIncidents: [inc('1'), inc('2')] }),
      page({ generatedAt: later, activeIncidents: [inc('1'), inc('2', 'INVESTIGATING', ['Fixed'])] }),
      { incidents: [inc('2', 'INVESTIGATING', ['Fixed'])] },
    ],
    [
      'resolved: it moves from active to past',
      page({ activeIncidents: [inc('1')], pastIncidents: [inc('0', 'RESOLVED')] }),
      page({ generatedAt: later, pastIncidents: [inc('1', 'RESOLVED'), inc('0', 'RESOLVED')] }),
      { incidents: [inc('1', 'RESOLVED')], activeIncidents: [], pastIncidents: ['1', '0'] },
    ],
    [
      'unpublished or aged out: removed by id',
      page({ activeIncidents: [inc('1'), inc('2')] }),
      page({ generatedAt: later, activeIncidents: [inc('2')] }),
      { removed: ['1'], activeIncidents: ['2'] },
    ],
    [
      'reordered only',
      page({ activeIncidents: [inc('1'), inc('2')] }),
      page({ generatedAt: later, activeIncidents: [inc('2'), inc('1')] }),
      { activeIncidents: ['2', '1'] },
    ],
    [
      'any other field of the page (a count): sent as it is now',
      page({ activeIncidentCount: 3 } as Partial<Page>),
      page({ generatedAt: later, activeIncidentCount: 4 } as Partial<Page>),
      { activeIncidentCount: 4 },
    ],
    [
      'components and maintenance: sent whole',
      page(),
      page({
        generatedAt: later,
        components: [{ name: 'api', state: 'MAJOR_OUTAGE' }],
        scheduledMaintenance: [{ title: 'x' }],
      }),
      { components: [{ name: 'api', state: 'MAJOR_OUTAGE' }], scheduledMaintenance: [{ title: 'x' }] },
    ],
  ])('%s', (_label, before, after, expected) => {
    const change = diffPublicPage(before, after);
    expect(change).toEqual({ generatedAt: later, ...expected });
    expect(applyPublicPageChange(before, change!)).toEqual(after);
  });

  it('applied one after another, a chain of changes gives the last page', () => {
    const pages = [
      page(),
      page({ generatedAt: '1', activeIncidents: [inc('1')] }),
      page({ generatedAt: '2', activeIncidents: [inc('2'), inc('1', 'IDENTIFIED')] }),
      page({ generatedAt: '3', activeIncidents: [inc('2')], pastIncidents: [inc('1', 'RESOLVED', ['Resolved'])] }),
      page({ generatedAt: '4', activeIncidents: [], pastIncidents: [] }),
    ];
    let copy = pages[0];
    for (let i = 1; i < pages.length; i++) copy = applyPublicPageChange(copy, diffPublicPage(pages[i - 1], pages[i])!);
    expect(copy).toEqual(pages[pages.length - 1]);
  });
});
