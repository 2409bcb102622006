import { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../server/src/config';
import { VIEWPORTS, artifactPath, launchChromium, screenshotsAt } from '../support/browser';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { FakeGitHub, startFakeGitHub } from '../support/github-issues';
import { freePort } from '../support/processes';
import { resolveVerified } from '../support/resolve';
import { TestServer, gql, startTestServer } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { WEB_DIST } from './browserServer';

jest.setTimeout(60_000);

const TOKEN = 'ghp_console_test_token';

/**
 * The action-item board says where each item's ticket is (issue 21): a link once GitHub has it, "not yet synced" with
 * GitHub's answer otherwise, and a retry that turns it into a link live, without a reload.
 */
describeIf(chromiumAvailable())('ticket sync on the action-item board (Chromium)', () => {
  let db: TestDatabase;
  let server: TestServer;
  let github: FakeGitHub;
  let browser: Browser;
  let page: Page;
  let pm: string;
  const items: Record<string, string> = {};

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(server.graphqlUrl, query, variables);
    if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const add = async (title: string, owner: string) =>
    (
      await ok(
        `mutation($pm: ID!, $o: ID!, $t: String!) { addActionItem(postmortemId: $pm, input: { category: SHORT_TERM, title: $t, ownerId: $o }) { id } }`,
        { pm, o: owner, t: title },
      )
    ).addActionItem.id as string;

  beforeAll(async () => {
    github = await startFakeGitHub(TOKEN);
    db = await createTestDatabase('sqlite');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const loaded = loadConfig({ PORT: String(port), VIGIL_BOOTSTRAP_TOKEN: db.adminToken, VIGIL_LOG: 'silent' });
    server = await startTestServer('sqlite', {
      database: db,
      config: {
        port,
        webDist: WEB_DIST,
        publicUrl: url,
        auth: loaded.auth,
        tickets: {
          github: { apiUrl: github.url, token: TOKEN, defaultRepository: 'acme/payments', webhookSecret: null },
        },
      },
    });
    const user = await ok(
      `mutation { createUser(input: { name: "Ann Archer", email: "ann@example.com", role: RESPONDER }) { id } }`,
    );
    await ok(`mutation { createService(input: { name: "checkout-api" }) { id } }`);
    const incident = (
      await ok(
        `mutation { declareIncident(input: { title: "Card payments fail at checkout", severity: P1, services: ["checkout-api"] }) { id } }`,
      )
    ).declareIncident.id;
    await resolveVerified(server.graphqlUrl, incident);
    pm = (await ok(`query($id: ID!) { postmortemForIncident(incidentId: $id) { id } }`, { id: incident }))
      .postmortemForIncident.id;
    items.synced = await add('Alert on card decline rate', user.createUser.id);
    await server.app.notifications.runOnce();
    github.mode = 'refuse';
    items.refused = await add('Cap retries to the card gateway', user.createUser.id);
    await server.app.notifications.runOnce();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.wall });
    await page.goto(`${url}/postmortems/${pm}?token=${db.adminToken}`);
    await page.getByTestId('postmortem-page').waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await db?.drop();
    await github?.close();
  });

  it('shows the synced ticket as a link and the refused one with GitHub’s answer', async () => {
    const synced = page.getByTestId(`ticket-${items.synced}`);
    await synced.waitFor({ timeout: 10_000 });
    expect(await synced.textContent()).toMatch(/GitHub #1\s*synced/);
    expect(await synced.locator('a').getAttribute('href')).toBe('https://github.example/acme/payments/issues/1');
    expect(await synced.locator('a').getAttribute('title')).toBe('acme/payments#1 on GitHub');
    const refused = page.getByTestId(`ticket-${items.refused}`);
    expect(await refused.textContent()).toMatch(/not yet synced: The tracker refused it: GitHub answered 404/);
    // The board is below the fold on smaller screens: each size shows the page, then the board itself.
    await screenshotsAt(page, 'ticket-sync-page', [VIEWPORTS.wall, VIEWPORTS.laptop, VIEWPORTS.phone]);
    for (const size of [VIEWPORTS.wall, VIEWPORTS.laptop, VIEWPORTS.phone]) {
      await page.setViewportSize(size);
      await page
        .locator('.action-board')
        .screenshot({ path: artifactPath(`ticket-sync-board-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize(VIEWPORTS.wall);
  });

  it('retry, once GitHub takes it, turns the card into a link without a reload', async () => {
    github.mode = 'ok';
    const refused = page.getByTestId(`ticket-${items.refused}`);
    await refused.getByRole('button', { name: 'retry' }).click();
    // The server's sender is woken by the retry's commit; a pass of our own changes nothing if it was quicker.
    await server.app.notifications.runOnce();
    await refused.locator('a').waitFor({ timeout: 10_000 });
    expect(await refused.textContent()).toMatch(/GitHub #2\s*synced/);
    expect(github.issues.get('acme/payments')).toHaveLength(2);
  });
});
