import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { freePort } from '../support/processes';
import { resolveVerified } from '../support/resolve';
import { TestServer, gql, startTestServer } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { WEB_DIST, expectText } from './browserServer';

jest.setTimeout(60_000);

async function ok(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await gql(url, query, variables);
  if (res.errors?.length) throw new Error(`${query}\n→ ${JSON.stringify(res.errors)}`);
  return res.data!;
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const size of [VIEWPORTS.wall, VIEWPORTS.laptop]) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifactPath(`${name}-${size.width}x${size.height}.png`), fullPage: true });
  }
  await page.setViewportSize(VIEWPORTS.wall);
}

/** Issue 21: the post-mortem editor shows the facts as they stay true, live, and who owns and reviews it. */
describeIf(chromiumAvailable())('the post-mortem editor: live facts and the owner (Chromium)', () => {
  let db: TestDatabase;
  let server: TestServer;
  let url: string;
  let api: string;
  let browser: Browser;
  let page: Page;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = await startTestServer('sqlite', { database: db, config: { port, webDist: WEB_DIST, publicUrl: url } });
    api = server.graphqlUrl;
    const s = await ok(api, `mutation { a: createService(input: { name: "checkout-api" }) { id } }`);
    const u = await ok(
      api,
      `mutation {
        a: createUser(input: { name: "Ann Archer", email: "ann@example.com", role: RESPONDER }) { id }
        b: createUser(input: { name: "Bob Baker", email: "bob@example.com", role: RESPONDER }) { id } }`,
    );
    Object.assign(ids, { ann: u.a.id, bob: u.b.id });
    await ok(
      api,
      `mutation($s: ID!, $at: DateTimeISO) { recordDeployment(input: { serviceId: $s, version: "v812", deployedBy: "ci", deployedAt: $at }) { id } }`,
      { s: s.a.id, at: new Date(Date.now() - 10 * 60_000).toISOString() },
    );
    ids.incident = (
      await ok(
        api,
        `mutation { declareIncident(input: { title: "Card payments fail at checkout", severity: P1, services: ["checkout-api"] }) { id } }`,
      )
    ).declareIncident.id;
    await ok(api, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: ids.incident });
    await ok(
      api,
      `mutation($id: ID!) { postStatusUpdate(id: $id, input: { publicStatus: IDENTIFIED, internalMessage: "Stripe SDK v812 suspected" }) { id } }`,
      { id: ids.incident },
    );
    await ok(
      api,
      `mutation($id: ID!) { resolveIncident(id: $id, input: { overrideReason: "Stripe confirmed the fix on their side" }) { id } }`,
      { id: ids.incident },
    );
    ids.pm = (
      await ok(api, `query($id: ID!) { postmortemForIncident(incidentId: $id) { id } }`, { id: ids.incident })
    ).postmortemForIncident.id;
    await ok(
      api,
      `mutation($id: ID!) { updatePostmortem(id: $id, input: { whatHappened: "The SDK upgrade dropped 3-D Secure." }) { id } }`,
      { id: ids.pm },
    );

    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.wall });
    await page.goto(`${url}/postmortems/${ids.pm}?token=${db.adminToken}`);
    await page.getByTestId('postmortem-page').waitFor({ timeout: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await db?.drop();
  });

  it('shows the facts drawn from the timeline, and follows a reopen and a second resolution live', async () => {
    const facts = page.getByTestId('pm-facts');
    await facts.waitFor();
    await expect(page.getByTestId('pm-facts-reopened').textContent()).resolves.toBe('0×');
    await expect(page.getByTestId('pm-facts-deploys').textContent()).resolves.toContain('v812 of checkout-api');
    await expect(page.getByTestId('pm-facts-overrides').textContent()).resolves.toContain(
      'Stripe confirmed the fix on their side',
    );
    await expect(page.getByTestId('pm-facts-updates').textContent()).resolves.toContain('Stripe SDK v812 suspected');

    // The incident comes back: the open page hears it (postmortemChanged), no reload.
    await ok(api, `mutation($id: ID!) { reopenIncident(id: $id, input: { reason: "declines are back" }) { id } }`, {
      id: ids.incident,
    });
    await page.getByTestId('pm-facts-resolved').getByText('open again').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('pm-facts-reopened').textContent()).resolves.toBe('1×');
    await expect(page.getByTestId('pm-facts-reopenings').textContent()).resolves.toContain('declines are back');
    await expect(page.getByTestId('pm-facts-duration').textContent()).resolves.toContain('(ongoing)');

    await resolveVerified(api, ids.incident);
    await page.getByTestId('pm-facts-duration').filter({ hasNotText: 'ongoing' }).waitFor({ timeout: 10_000 });
    // The author's text is as written.
    await expect(page.getByTestId('pm-whatHappened').inputValue()).resolves.toBe('The SDK upgrade dropped 3-D Secure.');
  });

  it('assigns an owner and a reviewer; the owner is shown', async () => {
    await expect(page.getByTestId('pm-owner-name').textContent()).resolves.toContain('not assigned');
    await page.getByTestId('pm-owner-select').selectOption(ids.ann);
    await page.getByTestId('pm-owner').getByRole('checkbox', { name: 'Bob Baker' }).check();
    await page.getByTestId('pm-owner-save').click();
    await page.getByTestId('pm-owner-name').getByText('Ann Archer').waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('pm-owner-name').textContent()).resolves.toContain('reviewers: Bob Baker');
    const stored = await ok(api, `query($id: ID!) { postmortem(id: $id) { owner { name } reviewers { name } } }`, {
      id: ids.pm,
    });
    expect(stored.postmortem).toEqual({ owner: { name: 'Ann Archer' }, reviewers: [{ name: 'Bob Baker' }] });
    // The owner as a reviewer too is refused, named on the field.
    await page.getByTestId('pm-owner').getByRole('checkbox', { name: 'Ann Archer' }).check();
    await page.getByTestId('pm-owner-save').click();
    await page.getByTestId('error-reviewerIds').waitFor({ timeout: 10_000 });
    await page.getByTestId('pm-owner').getByRole('checkbox', { name: 'Ann Archer' }).uncheck();
    await shoot(page, 'postmortem-live-facts');
  });

  it('edits timeline times as 24-hour UTC text to the second, whatever the browser locale, and refuses any other', async () => {
    // en-US Chromium shows a datetime-local field as "12/04/2026, 03:08:27 PM"; Vigil speaks 24-hour UTC.
    const local = await browser.newPage({
      viewport: VIEWPORTS.laptop,
      locale: 'en-US',
      timezoneId: 'America/New_York',
    });
    await local.goto(`${url}/postmortems/${ids.pm}?token=${db.adminToken}`);
    const timeline = async () =>
      (await ok(api, `query($id: ID!) { postmortem(id: $id) { timeline { at kind text } } }`, { id: ids.pm }))
        .postmortem.timeline as Array<{ at: string; kind: string; text: string }>;
    const before = await timeline();
    const fields = local.getByTestId('pm-timeline-at');
    await fields.first().waitFor({ timeout: 10_000 });
    expect(await fields.count()).toBe(before.length);
    // Each entry reads back as stored, to the second, in UTC.
    for (let i = 0; i < before.length; i++) {
      expect(await fields.nth(i).inputValue()).toBe(before[i].at.slice(0, 19).replace('T', ' '));
    }
    const second = fields.nth(1);
    await second.fill('12/04/2026, 03:08 PM');
    await local.getByTestId('pm-save').click();
    await expectText(local, 'error-timeline', /^Entry 2: Write the time as YYYY-MM-DD HH:MM, 24-hour, in UTC/);
    expect(await second.getAttribute('aria-invalid')).toBe('true');
    expect(await fields.first().getAttribute('aria-invalid')).not.toBe('true');
    expect(await timeline()).toEqual(before);

    const moved = new Date(new Date(before[1].at).getTime() - 61_000);
    await second.fill(moved.toISOString().slice(0, 19).replace('T', ' '));
    await local.getByTestId('pm-save').click();
    await local.getByTestId('pm-saved').waitFor({ timeout: 10_000 });
    const after = await timeline();
    // The server keeps the timeline in time order, so compare the entries, not their places.
    const edited = { ...before[1], at: new Date(Math.floor(moved.getTime() / 1000) * 1000).toISOString() };
    const expected = before.map((e, i) => (i === 1 ? edited : e));
    expect(after).toHaveLength(expected.length);
    expect(after).toEqual(expect.arrayContaining(expected));
    await local.setViewportSize(VIEWPORTS.wall);
    await local.getByTestId('pm-timeline').scrollIntoViewIfNeeded();
    await local.screenshot({ path: artifactPath('postmortem-timeline-utc-1920x1080.png') });
    await local.setViewportSize(VIEWPORTS.laptop);
    await local.getByTestId('pm-timeline').scrollIntoViewIfNeeded();
    await local.screenshot({ path: artifactPath('postmortem-timeline-utc-1366x768.png') });
    await local.close();
  });
});
