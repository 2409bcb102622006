import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, launchChromium } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(60_000);

declare global {
  interface Window {
    cspViolations: string[];
  }
}

/**
 * The built web app under the server's Content-Security-Policy: every page a person or a wall screen opens, with its
 * lazy chunks, charts, live WebSocket and Server-Sent Events, must run without one violation.
 */
describeIf(chromiumAvailable())('the Content-Security-Policy in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let incidentId: string;
  let postmortemId: string;

  beforeAll(async () => {
    server = await BrowserServer.start();
    const run = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await gql(server.server.graphqlUrl, query, variables);
      expect(res.errors).toBeUndefined();
      return res.data!;
    };
    await run(`mutation { createService(input: { name: "checkout-api" }) { id } }`);
    incidentId = (
      await run(
        `mutation { declareIncident(input: { title: "Checkout <b>down</b>", severity: P1, services: ["checkout-api"] }) { id } }`,
      )
    ).declareIncident.id;
    await run(
      `mutation($id: ID!) { postStatusUpdate(id: $id, input: { publicStatus: INVESTIGATING, internalMessage: "looking", publicMessage: "We are investigating." }) { id } }`,
      { id: incidentId },
    );
    // A resolved P1 opens a post-mortem: the post-mortem list and editor then have something to draw.
    const resolved = (await run(`mutation { declareIncident(input: { title: "Search slow", severity: P1 }) { id } }`))
      .declareIncident.id;
    await run(
      `mutation($id: ID!) { resolveIncident(id: $id, input: { overrideReason: "CSP test: nothing to verify" }) { id } }`,
      { id: resolved },
    );
    postmortemId = (await run(`query($id: ID!) { postmortemForIncident(incidentId: $id) { id } }`, { id: resolved }))
      .postmortemForIncident.id;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  /** Opens a page that records every violation the browser reports, by event and on the console. */
  async function open(
    path: string,
  ): Promise<{ page: Page; violations: () => Promise<string[]>; headers: Record<string, string> }> {
    const page = await browser.newPage({ viewport: VIEWPORTS.wall });
    const logged: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) logged.push(m.text());
    });
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const response = await page.goto(`${server.url}${path}`);
    expect(response!.status()).toBe(200);
    return {
      page,
      headers: response!.headers(),
      violations: async () => [...logged, ...(await page.evaluate(() => window.cspViolations))],
    };
  }

  function expectHeaders(headers: Record<string, string>): void {
    expect(headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  }

  it('the wall: incidents, on-call, charts and post-mortems, live over the WebSocket', async () => {
    const { page, headers, violations } = await open(`/wall?token=${server.token}`);
    expectHeaders(headers);
    await page.getByTestId('connection').filter({ hasText: 'LIVE' }).waitFor({ timeout: 10_000 });
    await page.getByTestId(`incident-${incidentId}`).waitFor({ timeout: 10_000 });
    // The charts are a lazy chunk (recharts, which draws SVG with styles): wait until they are drawn.
    await page.getByTestId('metrics-panel').locator('svg').first().waitFor({ timeout: 10_000 });
    await page.getByTestId('postmortem-panel').waitFor({ timeout: 10_000 });
    // A live change arrives over the WebSocket (connect-src 'self').
    await gql(server.server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, {
      id: incidentId,
    });
    await expectText(page, `incident-${incidentId}`, /ACKNOWLEDGED/, 10_000);
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it.each([
    ['the incident list', '/', 'row-:incident'],
    ['an incident', '/incidents/:incident', 'incident-page'],
    ['declaring', '/declare', 'declare-submit'],
    ['post-mortems', '/postmortems', 'postmortems'],
    ['a post-mortem', '/postmortems/:postmortem', 'postmortem-page'],
    ['on-call', '/oncall', 'oncall-page'],
    ['maintenance', '/maintenance', 'maintenance-page'],
  ])('the console: %s', async (_label, path, id) => {
    const fill = (s: string) => s.replace(':incident', incidentId).replace(':postmortem', postmortemId);
    const testId = fill(id);
    const { page, headers, violations } = await open(`${fill(path)}?token=${server.token}`);
    expectHeaders(headers);
    await page.getByTestId(testId).first().waitFor({ timeout: 10_000 });
    if (testId === 'incident-page') await expectText(page, 'timeline', /We are investigating|looking/, 10_000);
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('the public status page, live over Server-Sent Events, without a sign-in', async () => {
    const { page, headers, violations } = await open('/status');
    expectHeaders(headers);
    await expectText(page, `public-incident-${incidentId}`, /We are investigating\./, 10_000);
    await expectText(page, 'status-footer', /updates live/, 10_000);
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('the login page', async () => {
    const { page, headers, violations } = await open('/login');
    expectHeaders(headers);
    await page.locator('input[type="password"]').waitFor({ timeout: 10_000 });
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('reports a violation when a page breaks the policy (the listener works)', async () => {
    const { page, violations } = await open('/login');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.head.appendChild(s);
    });
    await page.waitForFunction(() => window.cspViolations.length > 0, undefined, { timeout: 10_000 });
    expect((await violations()).join('\n')).toMatch(/script-src/);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    await page.close();
  });
});
