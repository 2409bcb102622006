import { Browser, BrowserContext, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { chromiumAvailable, describeIf } from '../support/services';
import { raw, signIn } from '../support/sessions';
import { trustedDocument } from '../support/trusted';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(45_000);

const EMAIL = 'dana@example.com';
const PASSWORD = 'Tidal-Lantern-Quarry-19';

/**
 * Signing in after a session ended, as a person would: the browser keeps its now stale cookie, and the sign-in form
 * must work on the same page at once (it used to answer 401 until the cookie was cleared by hand).
 */
describeIf(chromiumAvailable())('signing in again after the session was ended elsewhere, in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const signInOnPage = async (email: string, password: string) => {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  };
  const sessionCookie = async () => (await context.cookies()).find((c) => c.name === 'vigil_session')?.value ?? null;

  beforeAll(async () => {
    server = await BrowserServer.start();
    await server.server.app.users.create({
      name: 'Dana Responder',
      email: EMAIL,
      role: 'RESPONDER',
      password: PASSWORD,
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORTS.laptop });
    page = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('signs in, is signed out from another session, and signs in again on the same page', async () => {
    await signInOnPage(EMAIL, PASSWORD);
    await page.locator('.who', { hasText: 'Dana Responder' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('connection').filter({ hasText: 'LIVE' }).waitFor({ timeout: 10_000 });
    const first = await sessionCookie();
    expect(first).toMatch(/^vgl_session_/);

    // Dana, on another computer, ends the browser's session.
    const elsewhere = await signIn(server.server.graphqlUrl, EMAIL, PASSWORD);
    const sessions = await raw(
      server.server.graphqlUrl,
      trustedDocument('AccountSessions').text,
      {},
      { cookie: elsewhere },
    );
    const browserSession = sessions.data!.mySessions.find((s: { current: boolean }) => !s.current).id;
    const revoked = await raw(
      server.server.graphqlUrl,
      trustedDocument('AccountRevokeSession').text,
      { id: browserSession },
      { cookie: elsewhere },
    );
    expect(revoked.errors).toBeUndefined();
    // Its live connection is cut at once, and it cannot come back with the ended session.
    await expectText(page, 'connection', /RECONNECTING|DISCONNECTED/, 10_000);

    await signInOnPage(EMAIL, PASSWORD);
    await page.locator('.who', { hasText: 'Dana Responder' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('connection').filter({ hasText: 'LIVE' }).waitFor({ timeout: 10_000 });
    const second = await sessionCookie();
    expect(second).toMatch(/^vgl_session_/);
    expect(second).not.toBe(first);
  });

  it.each([
    ['1920x1080', VIEWPORTS.wall],
    ['390x844', VIEWPORTS.phone],
  ])('shows a sign-in error next to its field at %s', async (size, viewport) => {
    const shot = await browser.newPage({ viewport });
    try {
      await shot.goto(`${server.url}/login`);
      await shot.getByTestId('login-email').fill('nobody@example.com');
      await shot.getByTestId('login-password').fill('not-the-password');
      await shot.getByTestId('login-submit').click();
      await expectText(shot, 'error-password', /Wrong email or password/, 10_000);
      // Right under the password field, inside the form and inside the screen.
      const field = (await shot.getByTestId('login-password').boundingBox())!;
      const error = (await shot.getByTestId('error-password').boundingBox())!;
      expect(error.y).toBeGreaterThanOrEqual(field.y + field.height);
      expect(error.y - (field.y + field.height)).toBeLessThan(40);
      expect(error.x + error.width).toBeLessThanOrEqual(viewport.width);
      // Nothing runs off the side of a phone, and a visitor who is not signed in sees no connection alarm.
      expect(await shot.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(await shot.getByTestId('connection').count()).toBe(0);
      await shot.screenshot({ path: artifactPath(`sign-in-error-${size}.png`) });
    } finally {
      await shot.close();
    }
  });
});
