import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium, screenshotsAt } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(30_000);

describeIf(chromiumAvailable())('the responder console in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let wall: Page;
  let console_: Page;
  let id: string;

  beforeAll(async () => {
    server = await BrowserServer.start();
    await gql(
      server.server.graphqlUrl,
      `mutation { a: createService(input: { name: "checkout-api" }) { id } b: createService(input: { name: "payments" }) { id } }`,
    );
    browser = await launchChromium();
    wall = await browser.newPage({ viewport: VIEWPORTS.wall });
    await wall.goto(`${server.url}/wall?token=${server.token}`);
    await wall.getByTestId('connection').filter({ hasText: 'LIVE' }).waitFor({ timeout: 10_000 });
    console_ = await browser.newPage({ viewport: VIEWPORTS.wall });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('declares an incident from the console form, with a server error next to its field first', async () => {
    await console_.goto(`${server.url}/declare?token=${server.token}`);
    await console_.getByTestId('declare-submit').click();
    await expectText(console_, 'error-title', /title must not be empty/);
    await console_.getByTestId('declare-title').fill('Card payments fail at checkout');
    await console_.getByText('P1', { exact: true }).click();
    await console_.locator('label.chip', { hasText: 'checkout-api' }).click();
    await console_.getByTestId('declare-submit').click();
    await console_.getByTestId('incident-page').waitFor({ timeout: 10_000 });
    id = /\/incidents\/(\d+)$/.exec(console_.url())![1];
    await expectText(console_, 'incident-status', /TRIGGERED/);
    await wall.getByTestId(`incident-${id}`).waitFor({ timeout: 10_000 });
  });

  it('acknowledges in the console and the wall changes, without a reload', async () => {
    await expectText(wall, `incident-${id}`, /TRIGGERED/);
    await console_.getByTestId('acknowledge').click();
    await expectText(console_, 'incident-status', /ACKNOWLEDGED/);
    await expectText(wall, `incident-${id}`, /ACKNOWLEDGED/);
    await expectText(wall, `incident-${id}`, /met/);
    await expectText(console_, 'timeline', /Acknowledged/);
  });

  it('moves through phases, shows field errors, ticks checklists and posts updates, all on the live timeline', async () => {
    await console_.getByTestId('to-INVESTIGATING').click();
    await expectText(console_, 'incident-status', /INVESTIGATING/);
    await expectText(wall, `incident-${id}`, /INVESTIGATING/);

    await console_.getByTestId('severity-select').selectOption('P0');
    await console_.getByTestId('severity-submit').click();
    await expectText(console_, 'error-reason', /reason must not be empty/);
    await console_.getByTestId('severity-reason').fill('All card payments fail');
    await console_.getByTestId('severity-submit').click();
    await expectText(console_, 'timeline', /Severity P1 → P0: All card payments fail/);
    await console_.getByTestId('error-reason').waitFor({ state: 'detached', timeout: 10_000 });

    await console_.getByTestId('update-submit').click();
    await expectText(console_, 'error-publicMessage', /needs an internal or a public message/);
    await console_.getByTestId('update-internal').fill('Stripe webhook signature mismatch after deploy 812');
    await console_.getByTestId('update-public').fill('Card payments are failing. We are investigating.');
    await console_.getByTestId('update-submit').click();
    await expectText(console_, 'timeline', /Card payments are failing\. We are investigating\.public/);

    // The box shows the server's state: it turns checked when the mutation answers, not at the click, so click()
    // (Playwright's check() insists on an immediate change and flakes on a slow round trip).
    await console_.getByTestId('check-rollback').click();
    await expectText(console_, 'checklist-MITIGATION', /1\/4/);
    expect(await console_.getByTestId('check-rollback').isChecked()).toBe(true);
    await expectText(console_, 'timeline', /Immediate mitigation: Rollback deployment if needed — done/);
    await console_.getByTestId('note-message').fill('Rolled back to 811; error rate falling');
    await console_.getByTestId('note-submit').click();
    await expectText(console_, 'timeline', /Rolled back to 811/);

    // A change from elsewhere (another responder over the API) arrives on the open page by itself.
    await gql(
      server.server.graphqlUrl,
      `mutation($id: ID!) { addTimelineNote(id: $id, input: { message: "Seen from the API" }) { id } }`,
      { id },
    );
    await expectText(console_, 'timeline', /Seen from the API/);
    await console_.evaluate(() => window.scrollTo(0, 0));
    await expectText(console_, 'connection', /LIVE/);
    await console_.screenshot({ path: artifactPath('console-incident-1920x1080.png') });
    await console_.setViewportSize(VIEWPORTS.laptop);
    await console_.evaluate(() => window.scrollTo(0, 0));
    await console_.screenshot({ path: artifactPath('console-incident-1366x768.png') });
    // The responder's screen: the incident on a phone, what it says first and the whole page.
    await screenshotsAt(console_, 'console-incident', [VIEWPORTS.phone]);
    await console_.screenshot({ path: artifactPath('console-incident-390x844-full.png'), fullPage: true });
    const overflow = await console_.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('lists incidents with filters kept in the URL', async () => {
    await gql(
      server.server.graphqlUrl,
      `mutation { declareIncident(input: { title: "Search is slow", severity: P3 }) { id } }`,
    );
    await console_.setViewportSize(VIEWPORTS.wall);
    await console_.goto(`${server.url}/incidents`);
    await console_.getByTestId(`row-${id}`).waitFor({ timeout: 10_000 });
    await console_.getByRole('button', { name: 'P3', exact: true }).click();
    await console_.waitForURL(/severity=P3/);
    await console_.getByTestId(`row-${id}`).waitFor({ state: 'detached', timeout: 10_000 });
    await expectText(console_, 'row-status', /TRIGGERED/);
    await console_.getByRole('button', { name: 'P3', exact: true }).click();
    await console_.getByTestId(`row-${id}`).waitFor({ timeout: 10_000 });
    await expectText(console_, 'connection', /LIVE/);
    await screenshotsAt(console_, 'console-list');
    // On a 4K screen at 100 % scaling the console grows with the screen instead of shrinking to a quarter.
    const titleSize = async (size: { width: number; height: number }) => {
      await console_.setViewportSize(size);
      return console_
        .getByTestId(`row-${id}`)
        .locator('.row-title')
        .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    };
    expect(await titleSize(VIEWPORTS.uhd)).toBeGreaterThanOrEqual(2 * (await titleSize(VIEWPORTS.wall)));
    // On a phone the list fits the screen: nothing to scroll sideways.
    await console_.setViewportSize(VIEWPORTS.phone);
    await console_.getByTestId(`row-${id}`).waitFor();
    await console_.screenshot({ path: artifactPath('console-list-390x844.png'), fullPage: true });
    expect(await console_.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
      0,
    );
    // Every cell of a row (title, status, detected, both SLA clocks) lies within the screen, not in a hidden scroll.
    const cells = await console_
      .getByTestId(`row-${id}`)
      .locator('td')
      .evaluateAll((tds) => tds.map((td) => [td.textContent, td.getBoundingClientRect().right] as const));
    expect(cells.filter(([, right]) => right > VIEWPORTS.phone.width).map(([text]) => text)).toEqual([]);
  });

  it('narrows the list to one service, and the choice survives a reload', async () => {
    const other = await gql(
      server.server.graphqlUrl,
      `mutation { declareIncident(input: { title: "Payouts delayed", severity: P2, services: ["payments"] }) { id } }`,
    );
    const payouts = other.data!.declareIncident.id as string;
    await console_.setViewportSize(VIEWPORTS.wall);
    await console_.goto(`${server.url}/incidents`);
    await console_.getByTestId(`row-${payouts}`).waitFor({ timeout: 10_000 });
    await console_.getByTestId(`row-${id}`).waitFor({ timeout: 10_000 });

    // Chosen by its visible label, as a person (or a screen reader) finds it.
    await console_.getByLabel('Service').selectOption({ label: 'checkout-api' });
    await console_.waitForURL(/[?&]service=\d+/);
    await console_.getByTestId(`row-${payouts}`).waitFor({ state: 'detached', timeout: 10_000 });
    await console_.getByTestId(`row-${id}`).waitFor({ timeout: 10_000 });
    expect(await console_.getByText('Search is slow').count()).toBe(0);

    await console_.reload();
    await console_.getByTestId(`row-${id}`).waitFor({ timeout: 10_000 });
    expect(
      await console_.getByTestId('service-filter').evaluate((e) => (e as HTMLSelectElement).selectedOptions[0].text),
    ).toBe('checkout-api');
    expect(await console_.getByTestId(`row-${payouts}`).count()).toBe(0);
    expect(await console_.locator('tbody tr').count()).toBe(1);

    await console_.getByLabel('Service').selectOption({ label: 'All services' });
    await console_.getByTestId(`row-${payouts}`).waitFor({ timeout: 10_000 });
    expect(console_.url()).not.toMatch(/service=/);
  });

  it('keeps the header on one row on a laptop: no link or name breaks over two lines', async () => {
    for (const size of [VIEWPORTS.laptop, { width: 1280, height: 800 }, VIEWPORTS.wall]) {
      await console_.setViewportSize(size);
      await console_.goto(`${server.url}/incidents?token=${server.token}`);
      await console_.getByTestId('nav-account').waitFor({ timeout: 10_000 });
      const boxes = await console_
        .locator('.console-header nav a, .console-header .who > a, .console-header .who > button')
        .evaluateAll((els) =>
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return { text: e.textContent ?? '', top: r.top, height: r.height, right: r.right };
          }),
        );
      const oneLine = boxes.find((b) => b.text === 'Wall')!.height;
      const header = await console_.locator('.console-header').evaluate((e) => e.getBoundingClientRect());
      for (const b of boxes) {
        expect({ size, text: b.text, lines: Math.round(b.height / oneLine) }).toEqual({ size, text: b.text, lines: 1 });
        expect(b.right).toBeLessThanOrEqual(size.width);
      }
      // One row: every link sits within one link's height of the first.
      expect(Math.max(...boxes.map((b) => b.top)) - Math.min(...boxes.map((b) => b.top))).toBeLessThan(oneLine);
      expect(header.height).toBeLessThan(3 * oneLine);
    }
    await console_.setViewportSize(VIEWPORTS.laptop);
    await console_.screenshot({ path: artifactPath('console-header-1366x768.png') });
  });

  it('the public status is one radio group to the keyboard: Tab reaches the choice, arrows move it', async () => {
    const made = await gql(
      server.server.graphqlUrl,
      `mutation { declareIncident(input: { title: "Keyboard only", severity: P2 }) { id } }`,
    );
    const incident = made.data!.declareIncident.id as string;
    await console_.setViewportSize(VIEWPORTS.laptop);
    await console_.goto(`${server.url}/incidents/${incident}?token=${server.token}`);
    const group = console_.getByRole('radiogroup', { name: 'Public status' });
    await group.waitFor({ timeout: 10_000 });
    const checked = () => group.locator('[aria-checked="true"]').textContent();
    const focused = () => console_.evaluate(() => document.activeElement?.textContent ?? '');
    const first = await checked();
    // Only the chosen radio is in the tab order.
    expect(await group.locator('[role="radio"][tabindex="0"]').count()).toBe(1);
    await group.locator('[aria-checked="true"]').focus();
    await console_.keyboard.press('ArrowRight');
    const second = await checked();
    expect(second).not.toBe(first);
    expect(await focused()).toBe(second);
    await console_.keyboard.press('ArrowLeft');
    expect(await checked()).toBe(first);
    // Tab leaves the group for the next field, not the next radio.
    await console_.keyboard.press('Tab');
    expect(await console_.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('radio');
  });

  it('takes a start time as 24-hour UTC text, whatever the browser locale, and refuses any other next to the field', async () => {
    // en-US Chromium shows a datetime-local field as "12/04/2026, 03:08 PM" in local time; Vigil speaks 24-hour UTC.
    const page = await browser.newPage({ viewport: VIEWPORTS.laptop, locale: 'en-US', timezoneId: 'America/New_York' });
    await page.goto(`${server.url}/declare?token=${server.token}`);
    await page.getByTestId('declare-title').fill('Started before anyone noticed');
    const started = page.getByTestId('declare-detected-at');
    expect(await started.getAttribute('placeholder')).toBe('YYYY-MM-DD HH:MM');
    const total = async () =>
      (await gql(server.server.graphqlUrl, `{ incidents(page: { first: 200 }) { nodes { id } } }`)).data!.incidents
        .nodes.length as number;
    const before = await total();
    await started.fill('12/04/2026, 03:08 PM');
    await page.getByTestId('declare-submit').click();
    await expectText(page, 'error-detectedAt', /YYYY-MM-DD HH:MM, 24-hour, in UTC/);
    expect(await started.getAttribute('aria-invalid')).toBe('true');
    expect(await total()).toBe(before);
    const detected = new Date(Math.floor((Date.now() - 20 * 60_000) / 60_000) * 60_000);
    await started.fill(detected.toISOString().slice(0, 16).replace('T', ' '));
    for (const size of [VIEWPORTS.wall, VIEWPORTS.laptop, VIEWPORTS.phone]) {
      await page.setViewportSize(size);
      await started.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath(`declare-started-at-${size.width}x${size.height}.png`) });
    }
    await page.getByTestId('declare-submit').click();
    await page.getByTestId('incident-page').waitFor({ timeout: 10_000 });
    const made = /\/incidents\/(\d+)$/.exec(page.url())![1];
    const incident = await gql(server.server.graphqlUrl, `{ incident(id: ${made}) { detectedAt } }`);
    expect(incident.data!.incident.detectedAt).toBe(detected.toISOString());
    await page.close();
  });
});
