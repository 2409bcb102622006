import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { TestServer, gql, startTestServer } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';

const WEB_DIST = path.resolve(__dirname, '../../web/dist');

describeIf(chromiumAvailable())('the wall in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { config: { webDist: WEB_DIST } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.wall });
    await page.goto(`${server.url}/wall`);
    await page.getByTestId('connection').filter({ hasText: 'LIVE' }).waitFor({ timeout: 10_000 });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows a declared incident with its countdown within 2 s, without a reload, and follows acknowledgement', async () => {
    const declared = await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "Checkout is down", severity: P0 }) { id } }`);
    const id = declared.data!.declareIncident.id;
    const row = page.getByTestId(`incident-${id}`);
    await row.waitFor({ timeout: 2000 });
    await expectText(row.getByTestId('ack-countdown'), /left/);
    await expectText(row.getByTestId('status'), /TRIGGERED/);

    await gql(server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    await expectText(row.getByTestId('status'), /ACKNOWLEDGED/);
    await expectText(row.getByTestId('ack-countdown'), /met/);
    await page.screenshot({ path: artifactPath('wall-1920x1080.png') });
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.screenshot({ path: artifactPath('wall-1366x768.png') });

    await gql(server.graphqlUrl, `mutation($id: ID!) { resolveIncident(id: $id) { id } }`, { id });
    await row.waitFor({ state: 'detached', timeout: 2000 });
  });
});

async function expectText(locator: ReturnType<Page['getByTestId']>, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const text = (await locator.textContent()) ?? '';
    if (pattern.test(text)) return;
    if (Date.now() > deadline) throw new Error(`expected ${pattern}, saw "${text}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
