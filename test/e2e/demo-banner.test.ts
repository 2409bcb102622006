import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer } from './browserServer';

jest.setTimeout(60_000);

/** The banner is there, visible and readable: not only in the DOM. */
async function expectBanner(page: Page): Promise<void> {
  const banner = page.getByTestId('demo-banner');
  await banner.waitFor({ timeout: 10_000 });
  expect(await banner.textContent()).toMatch(/^DEMO DATA/);
  const box = (await banner.boundingBox())!;
  expect(box.y).toBeLessThan(80); // at the top, seen first
  expect(box.height).toBeGreaterThan(12);
  expect(await banner.evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
}

/** A demo instance (`npm run demo`) says so on every page: the wall, the console (sign-in included), the status page. */
describeIf(chromiumAvailable())('the demo banner in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await BrowserServer.start({ demo: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it.each([
    ['wall', '/wall?token=TOKEN'],
    ['sign-in', '/login'],
    ['console', '/incidents?token=TOKEN'],
    ['status', '/status'],
  ])('the %s page carries a visible DEMO DATA banner', async (name, path) => {
    const page = await browser.newPage({ viewport: VIEWPORTS.laptop });
    try {
      await page.goto(`${server.url}${path.replace('TOKEN', server.token)}`);
      await expectBanner(page);
      await page.screenshot({ path: artifactPath(`demo-banner-${name}-1366x768.png`) });
    } finally {
      await page.close();
    }
  });
});
