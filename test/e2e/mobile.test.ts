import { Browser, Page } from 'playwright-core';
import { SESSION_COOKIE } from '../../server/src/access/credential';
import { loadConfig } from '../../server/src/config';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { freePort } from '../support/processes';
import { TestServer, gql, sessionFor, startTestServer, waitUntil } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { WEB_DIST, expectText } from './browserServer';

jest.setTimeout(60_000);

const INCIDENT = `query($id: ID!) { incident(id: $id) { status
  escalation { awaitingAnswer pages { paged { userId } } } timeline { type message actorName } } }`;

/** The responder view at 390×844 (issue 18): the on-call engineer answers a page with one thumb. */
describeIf(chromiumAvailable())('the responder view on a phone, in Chromium', () => {
  let db: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let people: Record<string, number>;
  let paged: string;
  let quiet: string;

  const declare = async (title: string, severity: string) => {
    const r = await gql(
      server.graphqlUrl,
      `mutation($t: String!, $s: Severity!) { declareIncident(input: { title: $t, severity: $s }) { id } }`,
      { t: title, s: severity },
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.declareIncident.id as string;
  };
  const incident = async (id: string) => (await gql(server.graphqlUrl, INCIDENT, { id })).data!.incident;
  /** No sideways scrolling and no control smaller than a thumb. */
  const fitsThePhone = async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    for (const box of await page.locator('.big-button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect())))
      expect(box.height).toBeGreaterThanOrEqual(48);
  };

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { auth, graphql } = loadConfig({
      PORT: String(port),
      VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
      VIGIL_PUBLIC_URL: url,
      VIGIL_LOG: 'silent',
      VIGIL_TRUSTED_DOCUMENTS: 'require',
    });
    server = await startTestServer('sqlite', {
      database: db,
      config: { port, webDist: WEB_DIST, publicUrl: url, auth, graphql },
    });
    people = await setUpPaging(server);
    // A P1 pages the on-call engineer (Ana) at once; a P3 is a ticket and pages nobody.
    paged = await declare('Checkout errors', 'P1');
    quiet = await declare('Typo in the receipt footer', 'P3');
    await waitUntil('Ana to be paged for the P1', async () =>
      ((await incident(paged)).escalation?.pages ?? []).some((p: { paged: Array<{ userId: string }> }) =>
        p.paged.some((u) => u.userId === String(people.ana)),
      ),
    );

    const cookie = (await sessionFor(server, people.ana)).headers.cookie;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: SESSION_COOKIE, value: decodeURIComponent(cookie.split('=')[1]), url }]);
    page = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.drop();
  });

  it('lists the page waiting for me first, and the other open incidents after', async () => {
    await page.goto(`${server.url}/m`);
    await page.getByTestId('my-pages').getByTestId(`mobile-incident-${paged}`).waitFor({ timeout: 10_000 });
    await page.getByTestId('other-incidents').getByTestId(`mobile-incident-${quiet}`).waitFor({ timeout: 10_000 });
    await expectText(page, `mobile-incident-${paged}`, /P1.*Checkout errors.*triggered/s);
    await fitsThePhone();
    await page.screenshot({ path: artifactPath('mobile-pages-390x844.png'), fullPage: true });
    // The same view on a laptop and a wall-sized screen: one readable column, not stretched.
    for (const [name, size] of [
      ['1366x768', VIEWPORTS.laptop],
      ['1920x1080', VIEWPORTS.wall],
    ] as const) {
      await page.setViewportSize(size);
      await page.screenshot({ path: artifactPath(`mobile-pages-${name}.png`) });
    }
    await page.setViewportSize(VIEWPORTS.phone);
  });

  it('acknowledges with the first big button, which stops the page, and says so on the timeline', async () => {
    await page.getByTestId(`mobile-incident-${paged}`).tap();
    await page.getByTestId('mobile-acknowledge').waitFor({ timeout: 10_000 });
    await fitsThePhone();
    await page.screenshot({ path: artifactPath('mobile-incident-390x844.png'), fullPage: true });
    await page.getByTestId('mobile-acknowledge').tap();
    await expectText(page, 'mobile-status', /^acknowledged/);
    const after = await incident(paged);
    expect(after.status).toBe('ACKNOWLEDGED');
    expect(after.escalation.awaitingAnswer).toBe(false);
    expect(after.timeline).toContainEqual(expect.objectContaining({ type: 'ACKNOWLEDGED', actorName: 'Ana Oncall' }));
    // Answered: the page is no longer waiting for Ana.
    expect(await page.getByTestId('mobile-acknowledge').count()).toBe(0);
  });

  it('posts a status update from the phone, refused words not offered, and shows it on the timeline', async () => {
    await page.getByTestId('mobile-status-update').tap();
    // An acknowledged incident is not mitigated: Monitoring and Resolved are not words it may use yet.
    const words = await page.getByLabel('Status page word').locator('option').allTextContents();
    expect(words).toEqual(['Investigating', 'Identified']);
    await page.getByTestId('mobile-update-internal').fill('Rolled back the payment gateway to 4.12; watching errors');
    await page.getByTestId('mobile-update-send').tap();
    await expectText(page, 'mobile-timeline', /Rolled back the payment gateway to 4\.12/);
    expect((await incident(paged)).timeline).toContainEqual(
      expect.objectContaining({ type: 'STATUS_UPDATE', actorName: 'Ana Oncall' }),
    );
    await page.screenshot({ path: artifactPath('mobile-update-390x844.png'), fullPage: true });
  });

  it('sends someone not signed in to the sign-in page and back', async () => {
    const anonymous = await browser.newPage({ viewport: VIEWPORTS.phone });
    await anonymous.goto(`${server.url}/m`);
    const signIn = anonymous.getByTestId('mobile-sign-in');
    await signIn.waitFor({ timeout: 10_000 });
    expect(await signIn.getAttribute('href')).toBe('/login?next=%2Fm');
    await anonymous.close();
  });
});
