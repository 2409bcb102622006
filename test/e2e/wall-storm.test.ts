import { Browser } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

/** An alert storm on the wall: rows go single-line, and what still does not fit is counted, never silently cut. */
describeIf(chromiumAvailable())('the wall in a storm, in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  const STORM = 16;

  beforeAll(async () => {
    server = await BrowserServer.start();
    for (let i = 0; i < STORM; i++) {
      const severity = ['P0', 'P1', 'P2', 'P3'][i % 4];
      const r = await gql(
        server.server.graphqlUrl,
        `mutation($t: String!, $s: Severity!) { declareIncident(input: { title: $t, severity: $s }) { id } }`,
        { t: `Storm incident ${i + 1}`, s: severity },
      );
      if (r.errors) throw new Error(JSON.stringify(r.errors));
    }
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it.each([
    ['wall', VIEWPORTS.wall],
    ['laptop', VIEWPORTS.laptop],
  ] as const)('at %s size: dense rows, the most urgent first, the rest counted', async (name, viewport) => {
    const page = await browser.newPage({ viewport });
    try {
      await page.goto(`${server.url}/wall?token=${server.token}`);
      await expectText(page, 'open-count', new RegExp(`^${STORM} open$`), 10_000);
      expect(await page.locator('section.incidents.dense').count()).toBe(1);
      await expectText(page, 'more-below', /^\+\d+ more open below/);
      const hidden = Number(/\+(\d+)/.exec((await page.getByTestId('more-below').textContent()) ?? '')?.[1]);
      // Every row either fits entirely or is counted; the first rows are the P0s.
      const fits = await page.locator('section.incidents > article').evaluateAll((rows) => {
        const bottom = rows[0].parentElement!.getBoundingClientRect().bottom;
        return rows.filter((r) => r.getBoundingClientRect().bottom <= bottom + 1).length;
      });
      expect(fits + hidden).toBe(STORM);
      expect(fits).toBeGreaterThanOrEqual(name === 'wall' ? 6 : 3);
      const first = await page.locator('section.incidents > article .sev').first().textContent();
      expect(first).toBe('P0');
      await page.screenshot({ path: artifactPath(`wall-storm-${viewport.width}x${viewport.height}.png`) });
    } finally {
      await page.close();
    }
  });
});
