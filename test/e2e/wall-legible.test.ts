import { Browser, Page } from 'playwright-core';
import { MINUTE, ManualClock } from '@vigil/shared';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { setUpPaging } from '../support/paging';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(90_000);

const SCREENS = [
  ['1920x1080', VIEWPORTS.wall],
  ['3840x2160', { width: 3840, height: 2160 }],
  ['1366x768', VIEWPORTS.laptop],
] as const;

/** Long, real-looking names: what got cut to "IC Ana…" and "Dana Kowals…" before. */
const NAMES = {
  ana: 'Anastasia Oberhausen-Lichtenberg',
  lee: 'Dana Kowalska-Wiśniewska',
  em: 'Maximiliano Fernández de Córdoba',
  cy: 'Cyprian Szczepański-Brzęczyszczykiewicz',
};

const TITLES = [
  'Checkout API returns 502 for EU customers paying by card after the payment-provider failover',
  'Primary database replica lag above 30 minutes in eu-west-1, reads serving stale order states',
  'Login through single sign-on fails for every enterprise tenant on the new identity provider',
  'Search results empty for queries with non-ASCII characters since the analyzer configuration change',
  'Mobile push notifications delayed by up to 45 minutes for Android users on the latest release',
  'Invoice PDF generation times out for accounts with more than 5,000 line items this billing cycle',
  'Status page Atom feed serves entries out of order for subscribers behind the corporate proxy',
  'Nightly export to the data warehouse skipped two partitions and reported success anyway',
];

/**
 * Each thing a room must read, in every row: rendered no narrower and no shorter than its text (nothing cut or
 * ellipsed), inside its row, and the row inside the visible list. Returns what is wrong, empty when all is well.
 */
function truncations(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const list = document.querySelector('section.incidents')!;
    const listBox = list.getBoundingClientRect();
    const within = (inner: DOMRect, outer: DOMRect) =>
      inner.left >= outer.left - 1 &&
      inner.right <= outer.right + 1 &&
      inner.top >= outer.top - 1 &&
      inner.bottom <= outer.bottom + 1;
    const parts = {
      severity: '.sev',
      title: '.title',
      acknowledge: '[data-testid=ack-countdown]',
      resolve: '[data-testid=resolve-countdown]',
      commander: '[data-testid=commander]',
      paged: '[data-testid=escalation-level]',
    };
    for (const row of Array.from(document.querySelectorAll<HTMLElement>('section.incidents > article'))) {
      const rowBox = row.getBoundingClientRect();
      if (!within(rowBox, listBox)) problems.push(`${row.dataset.testid} is outside the visible list`);
      for (const [name, selector] of Object.entries(parts)) {
        const el = row.querySelector<HTMLElement>(selector);
        if (!el) {
          problems.push(`${row.dataset.testid} has no ${name}`);
          continue;
        }
        const box = el.getBoundingClientRect();
        if (!el.textContent?.trim()) problems.push(`${row.dataset.testid} ${name} is empty`);
        if (el.clientWidth === 0 || el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight)
          problems.push(
            `${row.dataset.testid} ${name} "${el.textContent}" cut: ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
          );
        if (!within(box, rowBox)) problems.push(`${row.dataset.testid} ${name} spills out of its row`);
        // The text itself, measured: its lines' boxes must lie inside the element (an ellipsis or a clip shows here).
        const range = document.createRange();
        range.selectNodeContents(el);
        const text = range.getBoundingClientRect();
        if (!within(text, box)) problems.push(`${row.dataset.testid} ${name} text overflows its box`);
      }
    }
    return problems;
  });
}

describeIf(chromiumAvailable())('the wall from across the room, in Chromium', () => {
  // Declared two hours before the browser's now: the longest clock texts ("BREACHED 1h 50m ago") are on screen.
  const clock = new ManualClock(Date.now() - 120 * MINUTE);
  let server: BrowserServer;
  let browser: Browser;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await BrowserServer.start({ clock });
    const people = await setUpPaging(server.server);
    for (const [key, name] of Object.entries(NAMES))
      await server.server.app.users.update(
        people[key],
        { name },
        { kind: 'SYSTEM', name: 'test', userId: null, role: 'ADMIN' },
      );
    for (const service of ['checkout-api-eu-west-1', 'payments-gateway'])
      await gql(server.server.graphqlUrl, `mutation($n: String!) { createService(input: { name: $n }) { id } }`, {
        n: service,
      });
    for (const [i, title] of TITLES.entries()) {
      const severity = ['P0', 'P1', 'P2', 'P3'][Math.floor(i / 2)];
      const made = await gql(
        server.server.graphqlUrl,
        `mutation($t: String!, $s: Severity!) { declareIncident(input: { title: $t, severity: $s, services: ["checkout-api-eu-west-1", "payments-gateway"] }) { id } }`,
        { t: title, s: severity },
      );
      if (made.errors) throw new Error(JSON.stringify(made.errors));
      const id = made.data!.declareIncident.id as string;
      ids.push(id);
      // Every other one has a commander; the rest show the warning.
      if (i % 2 === 0)
        await gql(
          server.server.graphqlUrl,
          `mutation($id: ID!, $u: ID!) { assignIncidentRole(incidentId: $id, role: COMMANDER, userId: $u) { id } }`,
          { id, u: String(i % 4 === 0 ? people.em : people.ana) },
        );
      clock.advance(MINUTE);
    }
    clock.set(Date.now());
    await server.server.app.escalationEngine.runOnce();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it.each(SCREENS)(
    'at %s, eight open incidents: severity, title, clocks, commander and who is paged are never cut',
    async (name, viewport) => {
      const page = await browser.newPage({ viewport });
      try {
        await page.goto(`${server.url}/wall?token=${server.token}`);
        await expectText(page, 'open-count', /^8 open$/, 10_000);
        await expectText(page, `incident-${ids[1]}`, /NO COMMANDER/i);
        await expectText(page, `incident-${ids[0]}`, new RegExp(`IC ${NAMES.em}`));
        await expectText(page, `incident-${ids[0]}`, /BREACHED \dh \d+m ago/);
        await expectText(page, `incident-${ids[0]}`, new RegExp(`L4 CTO · paging stopped${NAMES.cy}`), 10_000);
        await page.locator('[data-testid=chart-mtta-P0] svg.recharts-surface').first().waitFor({ timeout: 10_000 });
        await page.screenshot({ path: artifactPath(`wall-legible-${name}.png`) });
        expect(await page.getByTestId('more-below').count()).toBe(0);
        expect(await truncations(page)).toEqual([]);

        // Text follows the screen: a 4K wall's title is twice a 1920 wall's.
        const title = await page
          .locator('section.incidents .title')
          .first()
          .evaluate((el) => getComputedStyle(el));
        const px = parseFloat(title.fontSize);
        expect(px).toBeCloseTo((1.35 * 16 * viewport.width) / 1920, 0);

        // No empty band between the last incident and the charts.
        const gap = await page.evaluate(() => {
          const rows = Array.from(document.querySelectorAll('section.incidents > article'));
          const last = rows[rows.length - 1].getBoundingClientRect().bottom;
          return document.querySelector('.wall-bottom')!.getBoundingClientRect().top - last;
        });
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(gap).toBeLessThan((2 * 16 * viewport.width) / 1920);
      } finally {
        await page.close();
      }
    },
  );

  it('opens with the recent history in the timeline panel, newest first, then adds live lines on top', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.wall });
    try {
      await page.goto(`${server.url}/wall?token=${server.token}`);
      const lines = page.getByTestId('ticker').locator('li');
      // Nothing happens after the page opens: what is shown is history (declarations, roles, escalation pages).
      await lines.nth(11).waitFor({ timeout: 10_000 });
      expect(await lines.count()).toBe(12);
      const times = await lines.locator('time').allTextContents();
      expect([...times].sort().reverse()).toEqual(times);
      const ticker = (await page.getByTestId('ticker').textContent()) ?? '';
      expect(ticker).not.toMatch(/Waiting for events|Nothing has happened/);
      // Times in timeline text read as people read them, never as raw ISO ("due 2026-12-04T01:01:40.028Z").
      expect(ticker).toMatch(/SLA breached \(due \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
      expect(ticker).not.toMatch(/\dT\d\d:\d\d/);
      // Not a demo instance: no demo banner.
      expect(await page.getByTestId('demo-banner').count()).toBe(0);

      await page.getByTestId('connection').filter({ hasText: 'LIVE' }).waitFor({ timeout: 10_000 });
      const noted = await gql(
        server.server.graphqlUrl,
        `mutation($id: ID!) { addTimelineNote(id: $id, input: { message: "Rolled back payments-gateway to v41" }) { id } }`,
        { id: ids[3] },
      );
      expect(noted.errors).toBeUndefined();
      await page
        .getByTestId('ticker')
        .locator('li')
        .first()
        .filter({ hasText: 'Rolled back payments-gateway to v41' })
        .waitFor({ timeout: 10_000 });
      expect(await lines.count()).toBe(12);
      await page.screenshot({ path: artifactPath('wall-timeline-history-1920x1080.png') });
    } finally {
      await page.close();
    }
  });
});
