import { listFiltersToSearch, matchRoute, parseListFilters } from './routes';

describe('routes', () => {
  it.each([
    ['/', { name: 'incidents' }],
    ['/incidents', { name: 'incidents' }],
    ['/incidents/', { name: 'incidents' }],
    ['/incidents/42', { name: 'incident', id: '42' }],
    ['/incidents/42/', { name: 'incident', id: '42' }],
    ['/incidents/abc', { name: 'notFound' }],
    ['/incidents/1234567890123456', { name: 'notFound' }],
    ['/wall', { name: 'wall' }],
    ['/declare', { name: 'declare' }],
    ['/status', { name: 'status' }],
    ['/login', { name: 'login' }],
    ['/postmortems', { name: 'postmortems' }],
    ['/postmortems/7', { name: 'postmortem', id: '7' }],
    ['/postmortems/x', { name: 'notFound' }],
    ['/oncall', { name: 'oncall' }],
    ['/status/feed.atom', { name: 'notFound' }],
    ['/maintenance', { name: 'maintenance' }],
    ['/me/notifications', { name: 'myNotifications' }],
    ['/me/notifications/', { name: 'myNotifications' }],
    ['/me', { name: 'notFound' }],
    ['/account', { name: 'account' }],
    ['/m', { name: 'mobile' }],
    ['/m/', { name: 'mobile' }],
    ['/m/incidents/42', { name: 'mobileIncident', id: '42' }],
    ['/m/incidents/x', { name: 'notFound' }],
    ['/nope', { name: 'notFound' }],
  ])('%s → %j', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it.each([
    ['', { status: [], severity: [], open: true, mine: false, teams: [], service: null }, ''],
    ['?open=all', { status: [], severity: [], open: null, mine: false, teams: [], service: null }, '?open=all'],
    [
      '?open=false&severity=p0,P1,P9,P1',
      { status: [], severity: ['P0', 'P1'], open: false, mine: false, teams: [], service: null },
      '?open=false&severity=P0,P1',
    ],
    [
      '?status=acknowledged,bogus&open=true',
      { status: ['ACKNOWLEDGED'], severity: [], open: true, mine: false, teams: [], service: null },
      '?status=ACKNOWLEDGED',
    ],
    [
      '?mine=1&open=all',
      { status: [], severity: [], open: null, mine: true, teams: [], service: null },
      '?open=all&mine=1',
    ],
    ['?mine=yes', { status: [], severity: [], open: true, mine: false, teams: [], service: null }, ''],
    [
      '?team=3,x,3,12',
      { status: [], severity: [], open: true, mine: false, teams: ['3', '12'], service: null },
      '?team=3,12',
    ],
    ['?service=7', { status: [], severity: [], open: true, mine: false, teams: [], service: '7' }, '?service=7'],
    ['?service=x7', { status: [], severity: [], open: true, mine: false, teams: [], service: null }, ''],
    ['?service=', { status: [], severity: [], open: true, mine: false, teams: [], service: null }, ''],
    [
      '?service=7&severity=P0&open=all&team=2',
      { status: [], severity: ['P0'], open: null, mine: false, teams: ['2'], service: '7' },
      '?open=all&severity=P0&team=2&service=7',
    ],
  ])('filters from %j', (search, filters, back) => {
    expect(parseListFilters(search)).toEqual(filters);
    expect(listFiltersToSearch(parseListFilters(search))).toBe(back);
  });
});
