import fs from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { SESSION_COOKIE } from '../../server/src/access/credential';
import { loadConfig } from '../../server/src/config';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { freePort } from '../support/processes';
import { HttpReceiver, ReceivedRequest, startHttpReceiver } from '../support/receivers';
import { TestServer, sessionFor, startTestServer } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { WEB_DIST, expectText } from './browserServer';

const SID = `AC${'fedcba9876543210'.repeat(2)}`;
const PHONE = '+4915100000042';
const form = (r: ReceivedRequest) => Object.fromEntries(new URLSearchParams(String(r.body)));

/** Screenshots for the closing note go beside the test artefacts and, when it exists, to /work/shots. */
function shot(name: string): string[] {
  const paths = [artifactPath(name)];
  if (fs.existsSync('/work/shots')) paths.push(path.join('/work/shots', name));
  return paths;
}

/** "My notifications" in Chromium: add a phone, verify it with the texted code, set rules, send a test page. */
describeIf(chromiumAvailable())('my notifications in the console, in Chromium', () => {
  let db: TestDatabase;
  let server: TestServer;
  let twilioApi: HttpReceiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const texts = () => twilioApi.requests.filter((r) => r.path.endsWith('/Messages.json'));
  const lastCode = () => /code is (\d{6})/.exec(form(texts().at(-1)!).Body)![1];

  beforeAll(async () => {
    twilioApi = await startHttpReceiver();
    twilioApi.reply(() => ({ status: 201, headers: { 'content-type': 'application/json' }, body: '{"sid":"SM1"}' }));
    db = await createTestDatabase('sqlite');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { auth, graphql, notify } = loadConfig({
      PORT: String(port),
      VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
      VIGIL_PUBLIC_URL: url,
      VIGIL_LOG: 'silent',
      VIGIL_TRUSTED_DOCUMENTS: 'require',
      VIGIL_NOTIFY_INTERVAL_MS: '0',
      VIGIL_TWILIO_API_URL: twilioApi.url,
      VIGIL_TWILIO_ACCOUNT_SID: SID,
      VIGIL_TWILIO_AUTH_TOKEN: 'browser-test-token',
      VIGIL_TWILIO_FROM: '+15005550006',
    });
    server = await startTestServer('sqlite', {
      database: db,
      config: { port, webDist: WEB_DIST, publicUrl: url, auth, graphql, notify },
    });
    const pat = await server.app.users.create({ name: 'Pat Pager', email: 'pat@example.com', role: 'RESPONDER' });
    const cookie = (await sessionFor(server, pat.id)).headers.cookie;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORTS.wall });
    await context.addCookies([{ name: SESSION_COOKIE, value: decodeURIComponent(cookie.split('=')[1]), url }]);
    page = await context.newPage();
    await page.goto(`${url}/me/notifications`);
    await page.getByTestId('paging-page').waitFor({ timeout: 10_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.drop();
    await twilioApi?.close();
  });

  it('refuses a number not in E.164 next to the field', async () => {
    await page.getByTestId('method-kind').selectOption('SMS');
    await page.getByTestId('method-address').fill('0151 000 42');
    await page.getByTestId('method-add').click();
    await expectText(page, 'error-address', /E\.164/);
  });

  it('adds a phone for SMS and calls, verifies both with the texted codes, and sets SMS at 0, voice at 3 minutes', async () => {
    for (const kind of ['SMS', 'VOICE']) {
      await page.getByTestId('method-kind').selectOption(kind);
      await page.getByTestId('method-address').fill(PHONE);
      await page.getByTestId('method-add').click();
      await expectText(page, 'method-note', /A code was sent by SMS/);
      const row = page.locator('.paging-method', { hasText: kind }).filter({ hasText: 'not verified' });
      await row.getByPlaceholder('6-digit code').fill(lastCode());
      await row.getByRole('button', { name: 'Verify' }).click();
      await page.locator('.paging-method', { hasText: kind }).getByText('verified', { exact: true }).waitFor();
    }
    const high = page.getByTestId('rules-HIGH');
    await high.getByRole('button', { name: 'Add step' }).click();
    await high.getByRole('button', { name: 'Add step' }).click();
    const selects = high.locator('select');
    await selects.nth(0).selectOption({ label: `SMS ${PHONE}` });
    await selects.nth(1).selectOption({ label: `VOICE ${PHONE}` });
    await high.locator('input[type=number]').nth(1).fill('3');
    await page.getByTestId('rules-save-HIGH').click();
    await high.getByText(`SMS ${PHONE} at once, then VOICE ${PHONE} after 3 min`).waitFor({ timeout: 10_000 });
  });

  it('sends a test page to the phone, listed under "Sent to me"', async () => {
    const before = texts().length;
    await page.locator('.paging-method', { hasText: 'SMS' }).getByRole('button', { name: 'Send test page' }).click();
    await page.locator('.paging-sent').getByText('TEST').waitFor({ timeout: 10_000 });
    await server.app.notifications.runOnce();
    expect(
      texts()
        .slice(before)
        .map((t) => form(t).Body),
    ).toEqual(['Vigil test page: this number reaches you. Nothing to acknowledge.']);
    await page.reload();
    await page.locator('.paging-sent').getByText('SENT').waitFor({ timeout: 10_000 });
    for (const p of shot('phones-my-notifications-1920x1080.png')) await page.screenshot({ path: p, fullPage: true });
    await page.setViewportSize(VIEWPORTS.phone);
    await page.reload();
    await page.getByTestId('paging-page').waitFor();
    for (const p of shot('phones-my-notifications-390x844.png')) await page.screenshot({ path: p, fullPage: true });
    // One-handed at 390 px: nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
