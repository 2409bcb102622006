import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';
import { resolveVerified } from '../support/resolve';

describeIf(chromiumAvailable())('the wall in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await BrowserServer.start();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.wall });
    // A wall screen signs in with a token in its URL, never a login form.
    await page.goto(`${server.url}/wall?token=${server.token}`);
    await page.getByTestId('connection').filter({ hasText: 'LIVE' }).waitFor({ timeout: 10_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('takes the token out of the address bar', async () => {
    expect(page.url()).toBe(`${server.url}/wall`);
  });

  it('shows an alert posted to the ingestion endpoint with its countdown, without a reload, and follows acknowledgement', async () => {
    const service = await gql(
      server.server.graphqlUrl,
      `mutation { createService(input: { name: "checkout" }) { id } }`,
    );
    const integration = await gql(
      server.server.graphqlUrl,
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "prometheus", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
      { s: service.data!.createService.id },
    );
    const posted = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: integration.data!.createIntegration.key,
        event_action: 'trigger',
        dedup_key: 'checkout-down',
        payload: { summary: 'Checkout is down', source: 'prometheus', severity: 'critical' },
      }),
    });
    expect(posted.status).toBe(202);
    const list = await gql(server.server.graphqlUrl, `{ incidents(filter: { open: true }) { nodes { id title } } }`);
    const id = list.data!.incidents.nodes.find((n: { title: string }) => n.title.includes('Checkout is down')).id;
    const row = page.getByTestId(`incident-${id}`);
    await row.waitFor({ timeout: 10_000 });
    await expectText(page, `incident-${id}`, /left/);
    await expectText(page, `incident-${id}`, /TRIGGERED/);

    await gql(server.server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    await expectText(page, `incident-${id}`, /ACKNOWLEDGED/);
    await expectText(page, `incident-${id}`, /met/);
    await page.screenshot({ path: artifactPath('wall-1920x1080.png') });
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.screenshot({ path: artifactPath('wall-1366x768.png') });
    await page.setViewportSize(VIEWPORTS.wall);

    await resolveVerified(server.server.graphqlUrl, id);
    await row.waitFor({ state: 'detached', timeout: 10_000 });
  });
});
