import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(60_000);

describeIf(chromiumAvailable())('losing the WebSocket in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let wall: Page;

  beforeAll(async () => {
    server = await BrowserServer.start();
    browser = await launchChromium();
    wall = await browser.newPage({ viewport: VIEWPORTS.wall });
    await wall.goto(`${server.url}/wall?token=${server.token}`);
    await wall.getByTestId('connection').filter({ hasText: 'LIVE' }).waitFor({ timeout: 10_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('says the data is stale while the server is gone, then catches up by itself without a reload', async () => {
    const before = (
      await gql(
        server.server.graphqlUrl,
        `mutation { declareIncident(input: { title: "Queue backlog", severity: P2 }) { id } }`,
      )
    ).data!.declareIncident.id;
    await wall.getByTestId(`incident-${before}`).waitFor({ timeout: 10_000 });
    // Marks this document: if the page reloaded, the mark would be gone.
    await wall.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });

    await server.stop();
    await expectText(wall, 'connection', /(RECONNECTING|DISCONNECTED) · data is \d+s old/, 10_000);
    await wall.screenshot({ path: artifactPath('wall-stale-1920x1080.png') });
    await wall.setViewportSize(VIEWPORTS.laptop);
    await wall.screenshot({ path: artifactPath('wall-stale-1366x768.png') });
    await wall.setViewportSize(VIEWPORTS.wall);

    // Same port, same database: what changed while the wall was blind must appear once it is back.
    await server.restart();
    await gql(server.server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: before });
    await expectText(wall, 'connection', /LIVE/, 20_000);
    await expectText(wall, `incident-${before}`, /ACKNOWLEDGED/, 10_000);
    const after = (
      await gql(
        server.server.graphqlUrl,
        `mutation { declareIncident(input: { title: "Login errors", severity: P1 }) { id } }`,
      )
    ).data!.declareIncident.id;
    await wall.getByTestId(`incident-${after}`).waitFor({ timeout: 10_000 });
    expect(await wall.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });
});
