import { Browser, BrowserContext, Page } from 'playwright-core';
import { ManualClock } from '@vigil/shared';
import { SESSION_COOKIE } from '../../server/src/access/credential';
import { loadConfig } from '../../server/src/config';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { freePort } from '../support/processes';
import { SlackApi, startSlackApi } from '../support/slack-api';
import { TestServer, sessionFor, startTestServer } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { WEB_DIST, expectText } from './browserServer';

const MEMBER = 'UPAT00042';

/** My notifications with the Slack bot, in Chromium: a Slack method by email, its code by DM, a refused DM shown. */
describeIf(chromiumAvailable())('a Slack method on my notifications, in Chromium', () => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: SlackApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const clock = new ManualClock('2026-12-03T09:00:00.000Z');
  const dms = () => slack.calls('chat.postMessage').filter((c) => c.args.channel === MEMBER);

  beforeAll(async () => {
    slack = await startSlackApi({
      'users.lookupByEmail': (a) =>
        a.email === 'pat@chat.example.com'
          ? { body: { ok: true, user: { id: MEMBER } } }
          : { body: { ok: false, error: 'users_not_found' } },
    });
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
      VIGIL_SLACK_BOT_TOKEN: 'xoxb-browser-test',
      VIGIL_SLACK_API_URL: slack.apiUrl,
    });
    server = await startTestServer('sqlite', {
      database: db,
      clock,
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
    await slack?.close();
  });

  it('an email nobody in the workspace has is refused next to the field', async () => {
    await page.getByTestId('method-kind').selectOption('SLACK');
    expect(await page.getByTestId('method-address').getAttribute('placeholder')).toMatch(/or your Slack email/);
    await page.getByTestId('method-address').fill('nobody@chat.example.com');
    await page.getByTestId('method-add').click();
    await expectText(page, 'error-address', /No member of the Slack workspace has this email/);
  });

  it('a Slack email becomes the member id, its code comes as a direct message, and entering it verifies', async () => {
    await page.getByTestId('method-address').fill('pat@chat.example.com');
    await page.getByTestId('method-add').click();
    await expectText(page, 'method-note', /A code was sent as a Slack direct message/);
    const code = /code is (\d{6})/.exec(String(dms().at(-1)!.args.text))![1];
    const row = page.locator('.paging-method', { hasText: MEMBER }).filter({ hasText: 'not verified' });
    await row.getByPlaceholder('6-digit code').fill(code);
    await row.getByRole('button', { name: 'Verify' }).click();
    await page.locator('.paging-method', { hasText: MEMBER }).getByText('verified', { exact: true }).waitFor();
  });

  it('a test page Slack refuses is listed under "Sent to me" as skipped, with Slack\'s reason', async () => {
    const method = page.locator('.paging-method', { hasText: MEMBER });
    await method.getByRole('button', { name: 'Send test page' }).click();
    await page.locator('.paging-sent').getByText('TEST').waitFor({ timeout: 10_000 });
    await server.app.notifications.runOnce();
    expect(dms().at(-1)!.args.text).toBe('Vigil test page');

    clock.advance(61_000);
    slack.answer('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await method.getByRole('button', { name: 'Send test page' }).click();
    // The second test page is queued (listed) before the sender runs.
    await page.locator('.paging-sent').getByText('TEST').nth(1).waitFor({ timeout: 10_000 });
    await server.app.notifications.runOnce();
    await page.reload();
    await page
      .locator('.paging-sent')
      .getByText('Slack refused the direct message (channel_not_found)')
      .waitFor({ timeout: 10_000 });
    for (const [name, size] of [
      ['1920x1080', VIEWPORTS.wall],
      ['1366x768', VIEWPORTS.laptop],
      ['390x844', VIEWPORTS.phone],
    ] as const) {
      await page.setViewportSize(size);
      await page.reload();
      await page.locator('.paging-sent').getByText('SKIPPED').waitFor();
      await page.screenshot({ path: artifactPath(`slack-my-notifications-${name}.png`), fullPage: true });
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
