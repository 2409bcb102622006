import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, launchChromium, screenshotsAt } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(60_000);

/**
 * An incident follows its primary service's escalation policy: the console marks which service that is, first,
 * even when another affected service sorts before it (issue 16).
 */
describeIf(chromiumAvailable())("the console marks an incident's primary service (Chromium)", () => {
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  let id: string;

  beforeAll(async () => {
    server = await BrowserServer.start();
    const api = server.server.graphqlUrl;
    for (const name of ['payments', 'api-gateway', 'checkout-web']) {
      const created = await gql(api, `mutation($n: String!) { createService(input: { name: $n }) { id } }`, {
        n: name,
      });
      expect(created.errors).toBeUndefined();
    }
    const declared = await gql(
      api,
      `mutation { declareIncident(input: { title: "Card payments time out", severity: P1, services: ["payments", "api-gateway", "checkout-web"] }) { id primaryService { name } } }`,
    );
    expect(declared.data!.declareIncident.primaryService).toEqual({ name: 'payments' });
    id = declared.data!.declareIncident.id;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.wall });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('the incident view lists the primary service first, marked primary', async () => {
    await page.goto(`${server.url}/incidents/${id}?token=${server.token}`);
    await page.getByTestId('incident-page').waitFor({ timeout: 10_000 });
    await expectText(page, 'service-primary', /^payments primary$/);
    await expectText(page, 'incident-services', /^payments primary, api-gateway, checkout-web$/);
    expect(await page.getByTestId('service-primary').count()).toBe(1);
    await screenshotsAt(page, 'console-primary-service', [VIEWPORTS.wall, VIEWPORTS.laptop, VIEWPORTS.phone]);
    await page.setViewportSize(VIEWPORTS.wall);
  });

  it('the incident list names it first, marked primary', async () => {
    await page.goto(`${server.url}/incidents`);
    await expectText(page, `row-${id}`, /payments \(primary\), api-gateway, checkout-web/);
    await screenshotsAt(page, 'console-list-primary-service', [VIEWPORTS.wall, VIEWPORTS.laptop, VIEWPORTS.phone]);
  });
});
