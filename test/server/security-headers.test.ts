import { ConfigError, loadConfig } from '../../server/src/config';
import { TestServer, startTestServer } from '../support/server';

/** The Content-Security-Policy as directive → values. */
function csp(headers: Headers): Record<string, string[]> {
  const raw = headers.get('content-security-policy');
  expect(raw).not.toBeNull();
  return Object.fromEntries(
    raw!
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values];
      }),
  );
}

/** One request of each kind of answer the server gives: GraphQL, JSON API, errors, webhooks, server-rendered HTML. */
const ANSWERS: Array<[string, string, RequestInit]> = [
  [
    'a GraphQL query',
    '/graphql',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' },
  ],
  [
    'a GraphQL parse error',
    '/graphql',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{"}' },
  ],
  ['a GET of /graphql from a browser', '/graphql', { headers: { accept: 'text/html' } }],
  ['the health check', '/healthz', {}],
  ['the public status JSON', '/api/status.json', {}],
  ['the status Atom feed', '/status/feed.atom', {}],
  [
    'a refused webhook',
    '/api/integrations/webhook',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
  ],
  ['a refused post-mortem download', '/api/postmortems/1/markdown', {}],
  ['an email action page', '/api/actions/not-a-token', {}],
  ['an unknown API path', '/api/nothing-here', {}],
];

describe('security headers on every answer', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(() => server?.dispose());

  it.each(ANSWERS)('%s', async (_label, path, init) => {
    const res = await fetch(`${server.url}${path}`, init);
    await res.arrayBuffer();
    const policy = csp(res.headers);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['script-src-attr']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'none'"]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['style-src'][0]).toBe("'self'");
    expect(policy['style-src'].slice(1)).toEqual([expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}==' *$/)]);
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    // Plain http: no HSTS, no upgrade of subresources (either would break an http deployment).
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(policy['upgrade-insecure-requests']).toBeUndefined();
    expect(res.status).toBeLessThan(500);
  });

  it('gives every answer its own style nonce', async () => {
    const nonces = await Promise.all(
      [1, 2, 3].map(async () => csp((await fetch(`${server.url}/healthz`)).headers)['style-src'][1]),
    );
    expect(new Set(nonces).size).toBe(3);
  });

  it('styles the email action page only through its nonce: no style attributes for the policy to block', async () => {
    const res = await fetch(`${server.url}/api/actions/not-a-token`);
    const html = await res.text();
    const nonce = csp(res.headers)['style-src'][1].replace(/^'nonce-|'$/g, '');
    expect(html).toContain(`<style nonce="${nonce}">`);
    expect(html).not.toMatch(/ style=/);
  });

  it("does not serve Apollo's landing page, whose inline and CDN scripts the policy would block", async () => {
    const res = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toMatch(/<script/i);
  });
});

describe('security headers with an https public URL and a wall that may be framed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', {
      config: {
        publicUrl: 'https://vigil.example.com',
        wallFrameAncestors: ['https://dashboards.example.com', 'https://noc.example.com:8443'],
      },
    });
  });
  afterAll(() => server?.dispose());

  it('sends HSTS (without claiming subdomains) and upgrades insecure requests', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=15552000');
    expect(csp(res.headers)['upgrade-insecure-requests']).toEqual([]);
  });

  it('lets only the configured origins frame the wall page, and only the wall page', async () => {
    const wall = await fetch(`${server.url}/wall?token=x`);
    expect(csp(wall.headers)['frame-ancestors']).toEqual([
      'https://dashboards.example.com',
      'https://noc.example.com:8443',
    ]);
    expect(wall.headers.get('x-frame-options')).toBeNull();
    for (const path of ['/', '/incidents/1', '/wall/../', '/status', '/graphql', '/api/status.json']) {
      const res = await fetch(`${server.url}${path}`);
      expect({
        path,
        frameAncestors: csp(res.headers)['frame-ancestors'],
        xfo: res.headers.get('x-frame-options'),
      }).toEqual({ path, frameAncestors: ["'none'"], xfo: 'DENY' });
    }
  });
});

describe('VIGIL_WALL_FRAME_ANCESTORS', () => {
  it.each([
    ['https://a.example.com, http://b.example.com:8080', ['https://a.example.com', 'http://b.example.com:8080']],
    ['', []],
  ])('accepts origins: %j', (value, parsed) => {
    expect(loadConfig({ VIGIL_WALL_FRAME_ANCESTORS: value }).wallFrameAncestors).toEqual(parsed);
  });

  it.each([
    ['*'],
    ['https://a.example.com/wall'],
    ["https://a.example.com; script-src 'unsafe-inline'"],
    ['javascript:alert(1)'],
  ])('refuses %j at start, naming the variable (no way to inject a directive)', (value) => {
    expect(() => loadConfig({ VIGIL_WALL_FRAME_ANCESTORS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ VIGIL_WALL_FRAME_ANCESTORS: value })).toThrow(/VIGIL_WALL_FRAME_ANCESTORS/);
  });
});
