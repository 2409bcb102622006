import { WALL_PANELS, parseWallConfig, rotatingPanel, wallShows } from './wallConfig';

describe('wall config from the URL', () => {
  it.each([
    ['', { severities: [], services: [], panels: [...WALL_PANELS], rotateSeconds: null, metricsWindow: 30 }],
    ['?severities=P0,p1,P9,P0&services=checkout-api,search&panels=incidents,ONCALL,bogus&rotate=30&window=7',
      { severities: ['P0', 'P1'], services: ['checkout-api', 'search'], panels: ['incidents', 'oncall'], rotateSeconds: 30, metricsWindow: 7 }],
    ['?panels=metrics,postmortems&window=90', { severities: [], services: [], panels: ['metrics', 'postmortems'], rotateSeconds: null, metricsWindow: 90 }],
    ['?panels=nothing-known&window=12&rotate=abc', { severities: [], services: [], panels: [...WALL_PANELS], rotateSeconds: null, metricsWindow: 30 }],
    ['?rotate=1', { rotateSeconds: 5 }],
    ['?rotate=5', { rotateSeconds: 5 }],
    ['?rotate=99999', { rotateSeconds: 3600 }],
    ['?rotate=0', { rotateSeconds: null }],
    ['?rotate=-10', { rotateSeconds: null }],
    ['?services=%20search%20,,', { services: ['search'] }],
  ])('%s', (search, expected) => {
    expect(parseWallConfig(search)).toMatchObject(expected);
  });

  it('filters incidents by severity and service', () => {
    const p0 = { severity: 'P0' as const, services: [{ name: 'checkout-api' }] };
    const p2 = { severity: 'P2' as const, services: [] };
    expect(wallShows({ severities: [], services: [] }, p2)).toBe(true);
    expect(wallShows({ severities: ['P0'], services: [] }, p0)).toBe(true);
    expect(wallShows({ severities: ['P1'], services: [] }, p0)).toBe(false);
    expect(wallShows({ severities: [], services: ['search'] }, p0)).toBe(false);
    expect(wallShows({ severities: [], services: ['search', 'checkout-api'] }, p0)).toBe(true);
    expect(wallShows({ severities: [], services: ['search'] }, p2)).toBe(false);
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
