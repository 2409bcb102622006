import { Browser, BrowserContext, Page } from 'playwright-core';
import { Actor } from '@vigil/shared';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { chromiumAvailable, describeIf } from '../support/services';
import { raw } from '../support/sessions';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(60_000);

const EMAIL = 'dana@example.com';
const PASSWORD = 'Tidal-Lantern-Quarry-19';
const NEW_PASSWORD = 'Copper-Meadow-Falcon-42';
const SETUP: Actor = { kind: 'SYSTEM', name: 'test setup', userId: null, role: 'ADMIN' };

/** The account page the first-start message points at ("Account → Change password"), used as a person would. */
describeIf(chromiumAvailable())('the account page in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const signInOnPage = async (password: string) => {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(EMAIL);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.locator('.who', { hasText: 'Dana Responder' }).waitFor({ timeout: 10_000 });
  };

  beforeAll(async () => {
    server = await BrowserServer.start();
    const users = server.server.app.users;
    const dana = await users.create({ name: 'Dana Responder', email: EMAIL, role: 'RESPONDER', password: PASSWORD });
    const team = await users.createTeam('Payments');
    await users.setTeamMember(team.id, dana.id, true, false, SETUP);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORTS.laptop });
    page = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('shows who I am, my teams, a link to how I am paged and my calendar feed', async () => {
    await signInOnPage(PASSWORD);
    await page.getByTestId('nav-account').click();
    await page.waitForURL(/\/account$/);
    await expectText(page, 'account-who', /Dana Responder · dana@example\.com · responder/, 10_000);
    await expectText(page, 'account-teams', /Payments/);
    expect(await page.getByTestId('account-notifications').getAttribute('href')).toBe('/me/notifications');
    await page.getByTestId('account-calendar-make').click();
    await page.getByTestId('account-calendar-url').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('account-calendar-url').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+/);
  });

  it('changes my password: a wrong current one is named at its field, the right one works for the next sign-in', async () => {
    const form = page.getByTestId('change-password');
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expectText(page, 'error-currentPassword', /current password is wrong/i, 10_000);
    // The error is tied to its input for a screen reader.
    const describedBy = await form.getByLabel('Current password').getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toMatch(/current password is wrong/i);
    await page.screenshot({ path: artifactPath('account-1366x768.png'), fullPage: true });

    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByTestId('password-changed').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('error-currentPassword').count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await signInOnPage(NEW_PASSWORD);
  });

  it('creates a personal API token, shows its secret once, and revokes it', async () => {
    await page.goto(`${server.url}/account`);
    const form = page.getByTestId('create-token');
    await form.getByLabel('Name').fill('laptop script');
    await form.getByLabel(/Expires in/).fill('30');
    await form.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('token-secret').waitFor({ timeout: 10_000 });
    const secret = (await page.getByTestId('token-secret').locator('code').textContent())!;
    await page.getByTestId('token-list').getByText('laptop script').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: artifactPath('account-token-1920x1080.png'), fullPage: true });

    const asToken = () => raw(server.server.graphqlUrl, `{ me { name } }`, {}, { authorization: `Bearer ${secret}` });
    expect((await asToken()).data?.me?.name).toBe('Dana Responder');

    await page.getByRole('button', { name: 'Revoke laptop script' }).click();
    await page.getByTestId('token-list').waitFor({ state: 'detached', timeout: 10_000 });
    const after = await asToken();
    expect(after.data?.me ?? null).toBeNull();
  });

  it('fits a phone', async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${server.url}/account`);
    await page.getByTestId('account-who').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await page.screenshot({ path: artifactPath('account-390x844.png'), fullPage: true });
    await page.setViewportSize(VIEWPORTS.laptop);
  });
});
