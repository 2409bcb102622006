import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { gql, waitUntil } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(60_000);

describeIf(chromiumAvailable())("the status page and who was told, on the console's incident page (Chromium)", () => {
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  let id: string;

  const onPublicPage = async () => {
    const page = (await (await fetch(`${server.url}/api/status.json`)).json()) as {
      activeIncidents: Array<{ id: string; title: string; impact: string }>;
    };
    return page.activeIncidents.find((i) => i.id === id) ?? null;
  };

  beforeAll(async () => {
    server = await BrowserServer.start();
    await gql(server.server.graphqlUrl, `mutation { createService(input: { name: "receipts" }) { id } }`);
    const declared = await gql(
      server.server.graphqlUrl,
      `mutation { declareIncident(input: { title: "Typo in receipt footer", severity: P3, services: ["receipts"] }) { id } }`,
    );
    id = declared.data!.declareIncident.id;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.wall });
    await page.goto(`${server.url}/incidents/${id}?token=${server.token}`);
    await page.getByTestId('incident-page').waitFor({ timeout: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('shows a P3 as not published, publishes it with a title and impact, and takes it off again', async () => {
    await expectText(page, 'publication-state', /Not on the public status page \(the default for P3\)/);
    expect(await onPublicPage()).toBeNull();

    await page.getByLabel('Public title').fill('Receipts show an old footer');
    await page.getByLabel('Impact shown').selectOption('DEGRADED_PERFORMANCE');
    for (const [size, viewport] of Object.entries({
      '1920x1080': VIEWPORTS.wall,
      '1366x768': VIEWPORTS.laptop,
      '390x844': VIEWPORTS.phone,
    })) {
      await page.setViewportSize(viewport);
      await page.getByTestId('publication').evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: artifactPath(`console-publication-${size}.png`) });
    }
    await page.setViewportSize(VIEWPORTS.wall);
    await page.getByTestId('publish').click();
    await expectText(
      page,
      'publication-state',
      /Published as “Receipts show an old footer” · Degraded performance/,
      5000,
    );
    // The public page is a snapshot rebuilt at most once a second: wait for the one that includes the change.
    await waitUntil('the public page to show the incident', async () => (await onPublicPage()) !== null);
    expect(await onPublicPage()).toMatchObject({
      title: 'Receipts show an old footer',
      impact: 'DEGRADED_PERFORMANCE',
    });

    await page.getByTestId('unpublish').click();
    await expectText(page, 'publication-state', /Not on the public status page \(a responder\)/, 10_000);
    await waitUntil('the public page to drop the incident', async () => (await onPublicPage()) === null);
  });

  it('lists who was told about the incident, with the reason for each delivery that was skipped', async () => {
    await page.getByTestId('notifications').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.getByTestId('notifications').locator('li').first().waitFor({ timeout: 10_000 });
    const lines = await page.getByTestId('notifications').locator('li').allTextContents();
    // A fresh server has no outbound webhook or ticket system: each declaration's delivery says so, never dropped.
    expect(lines).toContainEqual(
      expect.stringMatching(/outbound webhook · webhook · incident declared\s*skipped: VIGIL_WEBHOOK_URL is not set/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /ticket system · ticket · incident declared\s*skipped: VIGIL_TICKET_WEBHOOK_URL is not set/,
      ),
    );
    for (const [size, viewport] of Object.entries({ '1920x1080': VIEWPORTS.wall, '390x844': VIEWPORTS.phone })) {
      await page.setViewportSize(viewport);
      await page.getByTestId('notifications').evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: artifactPath(`console-notifications-${size}.png`) });
    }
    await page.setViewportSize(VIEWPORTS.wall);
  });

  it('shows a refused title next to its field, and changes nothing', async () => {
    await page.getByLabel('Public title').fill('x'.repeat(201));
    await page.getByTestId('publish').click();
    await expectText(page, 'error-title', /title must be at most 200 characters/, 10_000);
    expect(await onPublicPage()).toBeNull();
  });
});
