import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

/** The console's maintenance page: schedule, refuse bad input next to the field, end early, cancel. */
describeIf(chromiumAvailable())('maintenance windows in the console, in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  const windows = async () =>
    (await gql(server.server.graphqlUrl, `{ maintenanceWindows { id active endsAt reason } }`)).data!
      .maintenanceWindows as Array<{ id: string; active: boolean; endsAt: string | null; reason: string | null }>;
  const utcInput = (d: Date) => d.toISOString().slice(0, 16);

  beforeAll(async () => {
    server = await BrowserServer.start();
    await gql(server.server.graphqlUrl, `mutation { createService(input: { name: "checkout-api" }) { id } }`);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.laptop });
    await page.goto(`${server.url}/maintenance?token=${server.token}`);
    await page.getByTestId('maintenance-form').waitFor({ timeout: 10_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('refuses an end before the start next to the field, and writes nothing', async () => {
    await page.getByTestId('maintenance-service').selectOption({ label: 'checkout-api' });
    await page.getByTestId('maintenance-starts').fill(utcInput(new Date(Date.now() + 5 * 3_600_000)));
    await page.getByTestId('maintenance-ends').fill(utcInput(new Date(Date.now() + 4 * 3_600_000)));
    await page.getByTestId('maintenance-submit').click();
    await expectText(page, 'error-endsAt', /endsAt/);
    expect(await windows()).toEqual([]);
  });

  it('starts maintenance now, shows it in progress, and ends it early', async () => {
    await page.getByTestId('maintenance-now').check();
    await page.getByTestId('maintenance-ends').fill(utcInput(new Date(Date.now() + 2 * 3_600_000)));
    await page.getByTestId('maintenance-reason').fill('Database failover drill');
    await page.getByTestId('maintenance-submit').click();
    const [w] = await (async () => {
      for (;;) {
        const ws = await windows();
        if (ws.length) return ws;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    expect(w).toMatchObject({ active: true, reason: 'Database failover drill' });
    await expectText(page, 'window-phase', /in progress/);
    await page.getByTestId('maintenance-now').uncheck();
    await page.getByTestId('maintenance-starts').fill(utcInput(new Date(Date.now() + 24 * 3_600_000)));
    await page.getByTestId('maintenance-ends').fill('');
    await page.getByTestId('maintenance-submit').click();
    await page.getByTestId('window-cancel').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: artifactPath('console-maintenance-1366x768.png'), fullPage: true });
    await page.setViewportSize(VIEWPORTS.wall);
    await page.screenshot({ path: artifactPath('console-maintenance-1920x1080.png'), fullPage: true });
    await page.setViewportSize(VIEWPORTS.laptop);

    await page.getByTestId(`window-${w.id}`).getByTestId('window-end').click();
    await expectText(page, `window-${w.id}`, /ended/);
    expect((await windows()).find((x) => x.id === w.id)).toMatchObject({ active: false });
  });

  it('cancels a scheduled window', async () => {
    const scheduled = (await windows()).filter((x) => !x.active && x.endsAt === null);
    expect(scheduled).toHaveLength(1);
    await page.getByTestId(`window-${scheduled[0].id}`).getByTestId('window-cancel').click();
    await page.getByTestId(`window-${scheduled[0].id}`).waitFor({ state: 'detached', timeout: 10_000 });
    expect((await windows()).map((x) => x.id)).not.toContain(scheduled[0].id);
  });
});
