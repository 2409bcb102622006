import { WALL_PANELS, parseWallConfig, rotatingPanel, wallShows, wallTeamIds, withWallTeam } from './wallConfig';

describe('wall config from the URL', () => {
  it.each([
    ['', { severities: [], services: [], teams: [], panels: [...WALL_PANELS], rotateSeconds: null, metricsWindow: 30 }],
    [
      '?severities=P0,p1,P9,P0&services=checkout-api,search&panels=incidents,ONCALL,bogus&rotate=30&window=7',
      {
        severities: ['P0', 'P1'],
        services: ['checkout-api', 'search'],
        panels: ['incidents', 'oncall'],
        rotateSeconds: 30,
        metricsWindow: 7,
      },
    ],
    [
      '?panels=metrics,postmortems&window=90',
      { severities: [], services: [], panels: ['metrics', 'postmortems'], rotateSeconds: null, metricsWindow: 90 },
    ],
    [
      '?panels=nothing-known&window=12&rotate=abc',
      { severities: [], services: [], panels: [...WALL_PANELS], rotateSeconds: null, metricsWindow: 30 },
    ],
    ['?rotate=1', { rotateSeconds: 5 }],
    ['?rotate=5', { rotateSeconds: 5 }],
    ['?rotate=99999', { rotateSeconds: 3600 }],
    ['?rotate=0', { rotateSeconds: null }],
    ['?rotate=-10', { rotateSeconds: null }],
    ['?services=%20search%20,,', { services: ['search'] }],
    ['?teams=Payments,7,payments', { teams: ['payments', '7'] }],
  ])('%s', (search, expected) => {
    expect(parseWallConfig(search)).toMatchObject(expected);
  });

  it('filters incidents by severity and service', () => {
    const p0 = { severity: 'P0' as const, services: [{ name: 'checkout-api' }] };
    const p2 = { severity: 'P2' as const, services: [] };
    const all = { severities: [], services: [], teams: [] };
    expect(wallShows(all, p2)).toBe(true);
    expect(wallShows({ ...all, severities: ['P0'] }, p0)).toBe(true);
    expect(wallShows({ ...all, severities: ['P1'] }, p0)).toBe(false);
    expect(wallShows({ ...all, services: ['search'] }, p0)).toBe(false);
    expect(wallShows({ ...all, services: ['search', 'checkout-api'] }, p0)).toBe(true);
    expect(wallShows({ ...all, services: ['search'] }, p2)).toBe(false);
  });

  it('filters incidents by the team owning one of their services, by name (any case) or id', () => {
    const payments = { id: '7', name: 'Payments' };
    const checkout = {
      severity: 'P1' as const,
      services: [{ name: 'search' }, { name: 'checkout-api', team: payments }],
    };
    const unowned = { severity: 'P1' as const, services: [{ name: 'legacy', team: null }] };
    const none = { severities: [], services: [] };
    expect(wallShows({ ...none, teams: ['payments'] }, checkout)).toBe(true);
    expect(wallShows({ ...none, teams: ['7'] }, checkout)).toBe(true);
    expect(wallShows({ ...none, teams: ['search-team'] }, checkout)).toBe(false);
    expect(wallShows({ ...none, teams: ['payments'] }, unowned)).toBe(false);
    expect(wallShows({ ...none, teams: [] }, unowned)).toBe(true);
    expect(wallShows({ severities: ['P0'], services: [], teams: ['payments'] }, checkout)).toBe(false);
  });

  it("a team's wall token filters to its team unless the URL names teams", () => {
    expect(withWallTeam(parseWallConfig(''), { name: 'Payments' }).teams).toEqual(['payments']);
    expect(withWallTeam(parseWallConfig('?teams=search'), { name: 'Payments' }).teams).toEqual(['search']);
    expect(withWallTeam(parseWallConfig('?severities=P0'), null)).toEqual(parseWallConfig('?severities=P0'));
  });

  it("maps a wall's team words to team ids (the charts' filter)", () => {
    const teams = [
      { id: '1', name: 'Payments' },
      { id: '2', name: 'Search' },
      { id: '3', name: 'Web' },
    ];
    expect(wallTeamIds(['payments', '3'], teams)).toEqual(['1', '3']);
    expect(wallTeamIds(['nobody'], teams)).toEqual([]);
    expect(wallTeamIds([], teams)).toEqual([]);
  });

  it('rotates panels every N seconds, switching at the exact second', () => {
    const panels = ['a', 'b', 'c'];
    expect(rotatingPanel(panels, 30, 0)).toBe('a');
    expect(rotatingPanel(panels, 30, 29_999)).toBe('a');
    expect(rotatingPanel(panels, 30, 30_000)).toBe('b');
    expect(rotatingPanel(panels, 30, 90_000)).toBe('a');
    expect(rotatingPanel(panels, null, 90_000)).toBe('a');
    expect(rotatingPanel([], 30, 0)).toBeNull();
  });
});
