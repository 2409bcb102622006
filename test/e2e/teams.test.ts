import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { gql, userWithSession, userWithToken } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { gqlById } from '../support/trusted';
import { BrowserServer, expectText } from './browserServer';

/**
 * Teams in the browser: a wall filtered by team through its URL (a read-only wall token, as a screen would have)
 * shows only that team's incidents, live; a responder's console lists their teams' incidents first and can
 * narrow to them.
 */
describeIf(chromiumAvailable())('teams on the wall and in the console, in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let wall: Page;
  let admin: Record<string, string>;
  const ok = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const r = await gql(server.server.graphqlUrl, query, variables, headers);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const declare = async (title: string, service: string): Promise<string> =>
    (
      await ok(
        `mutation($t: String!, $s: String!) { declareIncident(input: { title: $t, severity: P2, services: [$s] }) { id } }`,
        { t: title, s: service },
      )
    ).declareIncident.id;
  let responder: { id: number; token: string };
  const wallTokenFor = async (name: string, teamId: string | null): Promise<{ secret: string }> => {
    const r = await gqlById(server.server.graphqlUrl, 'AccountCreateWallToken', { name, teamId }, admin);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.createWallToken;
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await BrowserServer.start();
    const payments = (await ok(`mutation { createTeam(name: "Payments") { id } }`)).createTeam.id;
    const search = (await ok(`mutation { createTeam(name: "Search") { id } }`)).createTeam.id;
    for (const [name, team] of [
      ['checkout-api', payments],
      ['search-api', search],
      ['legacy', null],
    ] as const) {
      const { createService } = await ok(`mutation($n: String!) { createService(input: { name: $n }) { id } }`, {
        n: name,
      });
      if (team)
        await ok(`mutation($id: ID!, $t: ID) { setServiceTeam(id: $id, teamId: $t) { id } }`, {
          id: createService.id,
          t: team,
        });
    }
    responder = await userWithToken(server.server, 'Pat Payments', 'RESPONDER');
    await ok(`mutation($t: ID!, $u: ID!) { setTeamMember(teamId: $t, userId: $u) { id } }`, {
      t: payments,
      u: String(responder.id),
    });
    // The payments incident is the OLDEST: newest-first alone would put it last.
    ids.checkout = await declare('Card payments failing', 'checkout-api');
    ids.search = await declare('Search results stale', 'search-api');
    ids.legacy = await declare('Legacy batch late', 'legacy');

    // Wall tokens are made from a signed-in session (credential management is never a token's), which, with
    // trusted documents required as in production, sends the web app's own document by its id.
    admin = (await userWithSession(server.server, 'Wall admin', 'ADMIN')).headers;
    const wallToken = (await wallTokenFor('payments screen', null)).secret;
    browser = await launchChromium();
    wall = await browser.newPage({ viewport: VIEWPORTS.wall });
    await wall.goto(`${server.url}/wall?token=${wallToken}&teams=payments`);
    await wall.getByTestId('connection').filter({ hasText: 'LIVE' }).waitFor({ timeout: 10_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('a wall with ?teams= shows only incidents of services that team owns, and says so', async () => {
    await wall.getByTestId(`incident-${ids.checkout}`).waitFor({ timeout: 10_000 });
    expect(await wall.getByTestId(`incident-${ids.search}`).count()).toBe(0);
    expect(await wall.getByTestId(`incident-${ids.legacy}`).count()).toBe(0);
    await expectText(wall, 'wall-filter', /team payments/);
  });

  it("a new incident of that team appears live; another team's does not", async () => {
    const other = await declare('Search index rebuild stuck', 'search-api');
    const mine = await declare('Refunds delayed', 'checkout-api');
    await wall.getByTestId(`incident-${mine}`).waitFor({ timeout: 10_000 });
    expect(await wall.getByTestId(`incident-${other}`).count()).toBe(0);
    // The ticker follows the filter too: the declaration of the payments incident, not the search one.
    const ticker = wall.getByLabel('Timeline ticker');
    await ticker.getByText('Refunds delayed').waitFor({ timeout: 10_000 });
    expect(await ticker.getByText('Search index rebuild stuck').count()).toBe(0);
    await wall.screenshot({ path: artifactPath('wall-team-filter-1920x1080.png') });
    ids.refunds = mine;
    ids.indexStuck = other;
  });

  it("a team's wall token shows that team's wall with no filter in the URL", async () => {
    const payments = (await ok(`{ teams { id name } }`)).teams.find((t: { name: string }) => t.name === 'Payments').id;
    const { secret } = await wallTokenFor('payments lobby', payments);
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
    const teamWall = await context.newPage();
    try {
      await teamWall.goto(`${server.url}/wall?token=${secret}`);
      await teamWall.getByTestId(`incident-${ids.checkout}`).waitFor({ timeout: 10_000 });
      expect(await teamWall.getByTestId(`incident-${ids.search}`).count()).toBe(0);
      expect(await teamWall.getByTestId(`incident-${ids.legacy}`).count()).toBe(0);
      await expectText(teamWall, 'wall-filter', /team payments/);
      // Its charts count its team's incidents only: the two payments ones, not the four others.
      await expectText(teamWall, 'metrics-panel', /team payments · 2 incidents/, 10_000);
      await teamWall.screenshot({ path: artifactPath('wall-team-token-1366x768.png') });
    } finally {
      await context.close();
    }
  });

  it("a responder's console lists open incidents in the wall's order, marks their team's, and narrows to them", async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
    const console_ = await context.newPage();
    try {
      await console_.goto(`${server.url}/incidents?token=${responder.token}`);
      await console_.getByTestId(`row-${ids.legacy}`).waitFor({ timeout: 10_000 });
      const order = await console_
        .locator('tr[data-testid^="row-"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
      // The wall's order (all four are P2: oldest first), whoever's team they are: another team's older incident
      // does not sink below mine.
      expect(order).toEqual([
        `row-${ids.checkout}`,
        `row-${ids.search}`,
        `row-${ids.legacy}`,
        `row-${ids.indexStuck}`,
        `row-${ids.refunds}`,
      ]);
      expect(await console_.getByTestId(`row-${ids.checkout}`).getByTestId('row-mine').count()).toBe(1);
      expect(await console_.getByTestId(`row-${ids.search}`).getByTestId('row-mine').count()).toBe(0);
      await console_.screenshot({ path: artifactPath('console-my-teams-1366x768.png') });

      await console_.getByRole('button', { name: 'My teams' }).click();
      await console_.waitForURL(/mine=1/);
      await console_.getByTestId(`row-${ids.search}`).waitFor({ state: 'detached', timeout: 10_000 });
      const mineOnly = await console_
        .locator('tr[data-testid^="row-"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
      expect(mineOnly).toEqual([`row-${ids.checkout}`, `row-${ids.refunds}`]);

      // A team filter, kept in the URL: another team's incidents only.
      await console_.getByRole('button', { name: 'My teams' }).click();
      await console_.getByRole('group', { name: 'Team' }).getByRole('button', { name: 'Search' }).click();
      await console_.waitForURL(/team=\d+/);
      await console_.getByTestId(`row-${ids.checkout}`).waitFor({ state: 'detached', timeout: 10_000 });
      await console_.getByTestId(`row-${ids.search}`).waitFor({ timeout: 10_000 });
    } finally {
      await context.close();
    }
  });
});
