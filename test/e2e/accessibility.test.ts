import fs from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { gql, waitUntil } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { resolveVerified } from '../support/resolve';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(120_000);

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA rules and best practices). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run({ resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** axe-core in Chromium on every screen: the wall, the console's pages and the public status page. */
describeIf(chromiumAvailable())('accessibility (axe-core) in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let context: BrowserContext;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await BrowserServer.start();
    const ok = async (query: string, variables: Record<string, unknown> = {}) => {
      const r = await gql(server.server.graphqlUrl, query, variables);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data!;
    };
    await ok(`mutation { createService(input: { name: "checkout-api" }) { id } }`);
    const open = await ok(
      `mutation { declareIncident(input: { title: "Checkout 502s for EU customers", severity: P1, services: ["checkout-api"] }) { id } }`,
    );
    ids.open = open.declareIncident.id;
    const past = await ok(`mutation { declareIncident(input: { title: "Past outage", severity: P0 }) { id } }`);
    await ok(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: past.declareIncident.id });
    await resolveVerified(server.server.graphqlUrl, past.declareIncident.id);
    const { postmortems } = await ok(`{ postmortems { id } }`);
    ids.postmortem = postmortems[0].id;
    const owner = await server.server.app.users.create({ name: 'Lee Lead', email: 'lee@example.com', role: 'LEAD' });
    const item = await ok(
      `mutation($pm: ID!, $o: ID!) { addActionItem(postmortemId: $pm, input: { category: IMMEDIATE, title: "Alert on 5xx", ownerId: $o }) { id } }`,
      { pm: ids.postmortem, o: String(owner.id) },
    );
    ids.item = item.addActionItem.id;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORTS.laptop, bypassCSP: true });
    // One visit with the token in the URL signs the browser's client in for the console pages.
    const first = await context.newPage();
    await first.goto(`${server.url}/incidents?token=${server.token}`);
    await first.getByTestId(`row-${ids.open}`).waitFor({ timeout: 10_000 });
    await first.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it.each([
    ['the wall', '/wall?token=TOKEN', '[data-testid^=incident-]'],
    ['the incident list', '/incidents?token=TOKEN', '[data-testid^=row-]'],
    ['an incident', '/incidents/OPEN?token=TOKEN', 'h1'],
    ['declare', '/declare?token=TOKEN', 'form'],
    ['post-mortems', '/postmortems?token=TOKEN', 'h1'],
    ['a post-mortem and its action board', '/postmortems/PM?token=TOKEN', '[data-testid=pm-title]'],
    ['on call', '/oncall?token=TOKEN', 'h1'],
    ['maintenance', '/maintenance?token=TOKEN', 'h1'],
    ['my notifications', '/me/notifications?token=TOKEN', 'h1'],
    ['account', '/account?token=TOKEN', 'h1'],
    ['sign-in', '/login', 'form'],
    ['the status page', '/status', '.sp-header'],
  ])('%s has no serious or critical violations', async (_name, path, ready) => {
    const page = await context.newPage();
    try {
      await page.goto(
        `${server.url}${path.replace('TOKEN', server.token).replace('OPEN', ids.open).replace('PM', ids.postmortem)}`,
      );
      await page.locator(ready).first().waitFor({ timeout: 10_000 });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  /** Controls (input, select, textarea) without a <label> of their own that has text: a placeholder is not a label. */
  const unlabelled = (page: Page) =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLInputElement>('main input, main select, main textarea'))
        .filter((el) => el.type !== 'hidden')
        .filter((el) => !Array.from(el.labels ?? []).some((l) => (l.textContent ?? '').trim().length > 0))
        .map((el) => el.outerHTML.slice(0, 120)),
    );

  it('an incident with a field error shown: no violations, every control labelled, the error linked to its field', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/incidents/${ids.open}?token=${server.token}`);
      await page.getByTestId('severity-submit').waitFor({ timeout: 10_000 });
      expect(await unlabelled(page)).toEqual([]);

      await page.getByTestId('severity-select').selectOption('P0');
      await page.getByTestId('severity-submit').click();
      const error = page.getByTestId('error-reason');
      await error.waitFor({ timeout: 10_000 });
      expect(await seriousViolations(page)).toEqual([]);
      expect(await unlabelled(page)).toEqual([]);

      // The reason field says it is invalid and points at the message a screen reader reads with it.
      const reason = page.getByTestId('severity-reason');
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await reason.getAttribute('aria-describedby');
      expect(describedBy).toBeTruthy();
      expect(await error.getAttribute('id')).toBe(describedBy);
      expect(await page.locator(`[id="${describedBy}"]`).count()).toBe(1);
      await expect(page.locator(`[id="${describedBy}"]`).textContent()).resolves.toMatch(/reason must not be empty/);
      // Only that field: the other forms' fields are not marked.
      expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
      await reason.focus();
      await page.getByTestId('severity-submit').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('incident-field-error-1366x768.png') });

      await reason.fill('Every card payment fails');
      await page.getByTestId('severity-submit').click();
      await error.waitFor({ state: 'detached', timeout: 10_000 });
      expect(await reason.getAttribute('aria-describedby')).toBeNull();
      expect(await reason.getAttribute('aria-invalid')).toBeNull();
    } finally {
      await page.close();
    }
  });

  it('focus is visible on every control of the incident page, tabbing through it with the keyboard', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/incidents/${ids.open}?token=${server.token}`);
      await page.getByTestId('severity-submit').waitFor({ timeout: 10_000 });
      const seen: string[] = [];
      const invisible: string[] = [];
      for (let i = 0; i < 250; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          const ring =
            (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
          const name = `${el.tagName.toLowerCase()} ${el.getAttribute('data-testid') ?? ''} ${(el.textContent ?? '').trim().slice(0, 30)}`;
          return { key: `${name}#${Array.from(document.querySelectorAll('*')).indexOf(el)}`, name, ring };
        });
        if (!focused || seen.includes(focused.key)) break;
        seen.push(focused.key);
        if (!focused.ring) invisible.push(focused.name);
      }
      expect(seen.length).toBeGreaterThan(20);
      expect(invisible).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the action-item board works with the keyboard alone: a card moves between columns and keeps the focus', async () => {
    const page = await context.newPage();
    const card = `[data-testid="item-${ids.item}"]`;
    const focusedColumn = () =>
      page.evaluate(
        (sel) =>
          document.activeElement?.closest(sel)
            ? document.activeElement.closest('[data-testid^=col-]')?.getAttribute('data-testid')
            : null,
        card,
      );
    const status = async () =>
      (
        await gql(server.server.graphqlUrl, `query($id: ID!) { postmortem(id: $id) { actionItems { id status } } }`, {
          id: ids.postmortem,
        })
      ).data!.postmortem.actionItems.find((a: { id: string }) => a.id === ids.item).status;
    try {
      await page.goto(`${server.url}/postmortems/${ids.postmortem}?token=${server.token}`);
      await page.locator(card).waitFor({ timeout: 10_000 });
      // Tab from the top of the page to the card, as someone without a mouse would.
      for (let i = 0; i < 300 && !(await focusedColumn()); i++) await page.keyboard.press('Tab');
      expect(await focusedColumn()).toBe('col-OPEN');

      await page.keyboard.press('Enter');
      await page.locator(`[data-testid=col-IN_PROGRESS] ${card}`).waitFor({ timeout: 10_000 });
      await waitUntil(
        'the focus on the card in col-IN_PROGRESS',
        async () => (await focusedColumn()) === 'col-IN_PROGRESS',
      );
      await expectText(page, 'board-announcement', /Alert on 5xx: moved to In progress/);
      expect(await status()).toBe('IN_PROGRESS');

      await page.keyboard.press('Enter');
      await page.locator(`[data-testid=col-DONE] ${card}`).waitFor({ timeout: 10_000 });
      await waitUntil('the focus on the card in col-DONE', async () => (await focusedColumn()) === 'col-DONE');
      expect(await status()).toBe('DONE');

      // Done: the focus is on "reopen", and Enter takes the card back to Open.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('reopen');
      await page.keyboard.press('Enter');
      await page.locator(`[data-testid=col-OPEN] ${card}`).waitFor({ timeout: 10_000 });
      await waitUntil('the focus on the card in col-OPEN', async () => (await focusedColumn()) === 'col-OPEN');

      // "Won't do" asks why, in a labelled field, and is answered with the keyboard too.
      for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.textContent)) !== "won't do…"; i++)
        await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      const why = page.getByTestId(`wontdo-reason-${ids.item}`);
      await waitUntil('the focus in the reason field', () => why.evaluate((el) => el === document.activeElement));
      expect(await why.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent)).toMatch(
        /Why won't Alert on 5xx be done/,
      );
      await page.keyboard.type('Covered by the new SLO alerting');
      await page.keyboard.press('Enter');
      await page.locator(`[data-testid=col-WONT_DO] ${card}`).waitFor({ timeout: 10_000 });
      await waitUntil('the focus on the card in col-WONT_DO', async () => (await focusedColumn()) === 'col-WONT_DO');
      expect(await status()).toBe('WONT_DO');
      await page.getByTestId('board').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('postmortem-board-keyboard-1366x768.png') });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
