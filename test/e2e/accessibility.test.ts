import fs from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { VIEWPORTS, launchChromium } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { resolveVerified } from '../support/resolve';
import { BrowserServer } from './browserServer';

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
    await ok(
      `mutation($pm: ID!, $o: ID!) { addActionItem(postmortemId: $pm, input: { category: IMMEDIATE, title: "Alert on 5xx", ownerId: $o }) { id } }`,
      { pm: ids.postmortem, o: String(owner.id) },
    );
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
});
