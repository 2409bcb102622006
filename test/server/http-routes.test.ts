import fs from 'node:fs';
import path from 'node:path';
import { TestServer, startTestServer } from '../support/server';

const WEB_DIST = path.resolve(__dirname, '../../web/dist');

/** The HTTP paths beside GraphQL: the web app owns page paths, the API's prefixes answer as an API. */
describe('HTTP routes with the web app served', () => {
  let server: TestServer;

  beforeAll(async () => {
    // `npm test` builds the web first; a missing build is a failure here, not a skip.
    expect(fs.existsSync(path.join(WEB_DIST, 'index.html'))).toBe(true);
    server = await startTestServer('sqlite', { config: { webDist: WEB_DIST } });
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it.each(['/wall', '/incidents/12', '/status', '/declare?x=1'])('%s is the web app', async (p) => {
    const res = await fetch(`${server.url}${p}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('<div id="root">');
  });

  it.each([
    ['GET', '/api/nope'],
    ['GET', '/api/status.jsonx'],
    ['POST', '/api/integrations/unknown'],
    ['GET', '/v2/enqueue'],
    ['DELETE', '/wall'],
  ])('%s %s is a JSON 404 naming the path, not the web app', async (method, p) => {
    const res = await fetch(`${server.url}${p}`, { method });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: `Not found: ${method} ${p}`, code: 'NOT_FOUND' });
  });

  it('the API paths that exist still answer', async () => {
    expect((await fetch(`${server.url}/api/status.json`)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
