import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

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

  it('shows a declared incident with its countdown within 2 s, without a reload, and follows acknowledgement', async () => {
    const declared = await gql(server.server.graphqlUrl, `mutation { declareIncident(input: { title: "Checkout is down", severity: P0 }) { id } }`);
    const id = declared.data!.declareIncident.id;
    const row = page.getByTestId(`incident-${id}`);
    await row.waitFor({ timeout: 2000 });
    await expectText(page, `incident-${id}`, /left/);
    await expectText(page, `incident-${id}`, /TRIGGERED/);

    await gql(server.server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    await expectText(page, `incident-${id}`, /ACKNOWLEDGED/);
    await expectText(page, `incident-${id}`, /met/);
    await page.screenshot({ path: artifactPath('wall-1920x1080.png') });
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.screenshot({ path: artifactPath('wall-1366x768.png') });
    await page.setViewportSize(VIEWPORTS.wall);

    await gql(server.server.graphqlUrl, `mutation($id: ID!) { resolveIncident(id: $id) { id } }`, { id });
    await row.waitFor({ state: 'detached', timeout: 2000 });
  });
});
