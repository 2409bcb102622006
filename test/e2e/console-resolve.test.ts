import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(60_000);

/** The page at the wall's and a phone's size, with `testId` (the resolve form or its outcome) in the middle. */
async function shoot(page: Page, name: string, testId: string): Promise<void> {
  for (const [size, viewport] of [
    ['1920x1080', VIEWPORTS.wall],
    ['390x844', VIEWPORTS.phone],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.getByTestId(testId).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: artifactPath(`${name}-${size}.png`) });
  }
  await page.setViewportSize(VIEWPORTS.wall);
}

describeIf(chromiumAvailable())('resolving from the console: what verification is missing (Chromium)', () => {
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  let id: string;

  beforeAll(async () => {
    server = await BrowserServer.start();
    const declared = await gql(
      server.server.graphqlUrl,
      `mutation { declareIncident(input: { title: "Card payments fail at checkout", severity: P1 }) { id } }`,
    );
    id = declared.data!.declareIncident.id;
    await gql(
      server.server.graphqlUrl,
      `mutation($id: ID!) { transitionIncident(id: $id, input: { to: MITIGATED, note: "Rolled back to v811" }) { id } }`,
      { id },
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.wall });
    await page.goto(`${server.url}/incidents/${id}?token=${server.token}`);
    await page.getByTestId('incident-page').waitFor({ timeout: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('lists the four unchecked verification items beside Resolve', async () => {
    await expectText(page, 'resolve-missing', /Not verified yet/);
    const missing = await page.getByTestId('resolve-missing').locator('li').allTextContents();
    expect(missing).toEqual([
      'Health checks passing',
      'Error rates normal',
      'Performance metrics normal',
      'User reports resolved',
    ]);
    await expectText(page, 'resolve-submit', /Resolve without verification/);
  });

  it('resolving without a reason is refused next to the reason field, naming what is missing; ticking items shortens the list', async () => {
    await page.getByTestId('resolve-submit').click();
    await expectText(
      page,
      'error-overrideReason',
      /not checked: Health checks passing, Error rates normal, Performance metrics normal, User reports resolved/,
      5000,
    );
    await expectText(page, 'incident-status', /MITIGATED/);

    // The box turns checked when the server answers (see console.test.ts): click, then wait for the list.
    await page.getByTestId('check-health_checks').click();
    await page.getByTestId('missing-health_checks').waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByTestId('check-error_rates').click();
    await page.getByTestId('missing-error_rates').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('resolve-missing').locator('li').allTextContents()).toEqual([
      'Performance metrics normal',
      'User reports resolved',
    ]);
    await page.getByTestId('resolve-submit').click();
    await expectText(
      page,
      'error-overrideReason',
      /not checked: Performance metrics normal, User reports resolved\./,
      5000,
    );
    await shoot(page, 'console-resolve-missing', 'resolve-missing');
  });

  it('resolves with an override reason; the page says it was not verified, and why', async () => {
    await page.getByTestId('resolve-override').fill('Latency dashboards are down; support confirms checkout works');
    await page.getByTestId('resolve-note').fill('Rollback to v811 held for 30 minutes');
    await page.getByTestId('resolve-submit').click();
    await expectText(page, 'incident-status', /RESOLVED/, 10_000);
    await expectText(
      page,
      'resolution-summary',
      /Resolved without verification \(override: Latency dashboards are down; support confirms checkout works\); not checked: Performance metrics normal, User reports resolved\./,
      5000,
    );
    await page.locator('li.tl-RESOLVED', { hasText: 'without verification' }).waitFor({ timeout: 10_000 });
    await shoot(page, 'console-resolve-overridden', 'resolution-summary');
  });

  it('with every item checked, Resolve needs no reason', async () => {
    const other = (
      await gql(
        server.server.graphqlUrl,
        `mutation { declareIncident(input: { title: "Search is slow", severity: P3 }) { id } }`,
      )
    ).data!.declareIncident.id;
    await page.goto(`${server.url}/incidents/${other}?token=${server.token}`);
    await page.getByTestId('incident-page').waitFor({ timeout: 10_000 });
    for (const item of ['health_checks', 'error_rates', 'performance', 'user_reports']) {
      await page.getByTestId(`check-${item}`).click();
      await page.getByTestId(`missing-${item}`).waitFor({ state: 'detached', timeout: 10_000 });
    }
    await expectText(page, 'resolve-ready', /Verified: every resolution check is done/);
    expect(await page.getByTestId('resolve-override').count()).toBe(0);
    await page.getByTestId('resolve-submit').click();
    await expectText(page, 'incident-status', /RESOLVED/, 10_000);
    await expectText(page, 'resolution-summary', /^Verified: every resolution-verification check was done\.$/, 10_000);
  });
});
