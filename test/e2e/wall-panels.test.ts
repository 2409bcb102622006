import { Browser, Page } from 'playwright-core';
import { MINUTE, ManualClock } from '@vigil/shared';
import { loadConfig } from '../../server/src/config';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { freePort } from '../support/processes';
import { setUpPaging } from '../support/paging';
import { TestServer, gql, startTestServer } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { WEB_DIST, expectText } from './browserServer';
import { resolveVerified } from '../support/resolve';

jest.setTimeout(90_000);

const ok = async (query: string, variables: Record<string, unknown> = {}) => {
  const r = await gql(server.graphqlUrl, query, variables);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!;
};
let server: TestServer;

describeIf(chromiumAvailable())('the wall panels in Chromium', () => {
  // The server's time, driven by the test; it ends near the browser's real time so the countdowns read true.
  const realStart = Date.now();
  const clock = new ManualClock(realStart - 4 * 60 * MINUTE);
  let browser: Browser;
  let page: Page;
  let url: string;
  let liveId: string;
  let people: Record<string, number>;
  let db: TestDatabase;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    db = await createTestDatabase('sqlite');
    const { auth } = loadConfig({
      PORT: String(port),
      VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
      VIGIL_PUBLIC_URL: url,
      VIGIL_LOG: 'silent',
    });
    server = await startTestServer('sqlite', {
      clock,
      database: db,
      config: { port, webDist: WEB_DIST, publicUrl: url, auth },
    });
    people = await setUpPaging(server);
    await ok(`mutation { createService(input: { name: "checkout-api" }) { id } }`);
    await ok(`mutation { createService(input: { name: "search" }) { id } }`);

    // History: three resolved incidents with known times to acknowledge and resolve.
    for (const [severity, ackMin, resolveMin] of [
      ['P1', 4, 50],
      ['P2', 12, 95],
      ['P0', 3, 25],
    ] as const) {
      const { declareIncident } = await ok(
        `mutation($s: Severity!) { declareIncident(input: { title: "Past ${severity} outage", severity: $s, services: ["search"] }) { id } }`,
        { s: severity },
      );
      clock.advance(ackMin * MINUTE);
      await ok(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: declareIncident.id });
      clock.advance((resolveMin - ackMin) * MINUTE);
      await resolveVerified(server.graphqlUrl, declareIncident.id);
    }
    // The P0/P1 got a post-mortem on resolution; give one action items of every kind.
    const { postmortems } = await ok(`{ postmortems { id severity } }`);
    expect(postmortems.length).toBeGreaterThanOrEqual(2);
    const pm = postmortems[0].id;
    const items: string[] = [];
    for (const [category, title] of [
      ['IMMEDIATE', 'Add checkout alert on 5xx'],
      ['IMMEDIATE', 'Roll back flag default'],
      ['SHORT_TERM', 'Load test search'],
      ['LONG_TERM', 'Split the search cluster'],
    ]) {
      const { addActionItem } = await ok(
        `mutation($pm: ID!, $input: AddActionItemInput!) { addActionItem(postmortemId: $pm, input: $input) { id } }`,
        { pm, input: { category, title, ownerId: String(people.lee) } },
      );
      items.push(addActionItem.id);
    }
    await ok(`mutation($id: ID!) { transitionActionItem(id: $id, input: { to: DONE }) { id } }`, {
      id: items[1],
    }).catch(async () => {
      await ok(`mutation($id: ID!) { transitionActionItem(id: $id, input: { to: IN_PROGRESS }) { id } }`, {
        id: items[1],
      });
      await ok(`mutation($id: ID!) { transitionActionItem(id: $id, input: { to: DONE }) { id } }`, { id: items[1] });
    });

    // The live one: a deployment just before it, a commander, the service down → rollback recommended.
    // Declared so that its level 3 falls due 4 min after the browser's real now (setting up takes a while); a P1 pages
    // its level 2, the team lead, at once.
    clock.set(realStart - 15 * MINUTE + 4 * MINUTE - 10 * MINUTE);
    const { services } = await ok(`{ services { id name } }`);
    const checkout = services.find((s: { name: string }) => s.name === 'checkout-api').id;
    await ok(`mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id } }`, {
      input: { serviceId: checkout, version: 'v2.14.0', deployedBy: 'ci-bot', summary: 'New payment retries' },
    });
    clock.advance(10 * MINUTE);
    const declared = await ok(
      `mutation { declareIncident(input: { title: "Checkout 502s for EU customers", severity: P1, services: ["checkout-api"], source: MONITORING_ALERT }) { id } }`,
    );
    liveId = declared.declareIncident.id;
    await ok(
      `mutation($id: ID!, $u: ID!) { assignIncidentRole(incidentId: $id, role: COMMANDER, userId: $u) { id } }`,
      { id: liveId, u: String(people.em) },
    );
    await ok(
      `mutation($id: ID!) { setRollbackFlags(id: $id, input: { serviceDown: true, dataCorruptionRisk: false, securityBreach: false }) { id } }`,
      { id: liveId },
    );
    await ok(
      `mutation { declareIncident(input: { title: "Search latency p99 above 2 s", severity: P3, services: ["search"] }) { id } }`,
    );

    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORTS.wall });
    await page.goto(`${url}/wall?token=${server.db.adminToken}`);
    await page.getByTestId('connection').filter({ hasText: 'LIVE' }).waitFor({ timeout: 10_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await db?.drop();
  });

  it('shows each open incident with commander, ladder, update clock and the rollback recommendation', async () => {
    const row = `incident-${liveId}`;
    await expectText(page, row, /IC Em Manager/);
    await expectText(
      page,
      row,
      /ROLLBACK RECOMMENDED · suspect: checkout-api v2\.14\.0, deployed \d{4}-\d\d-\d\d \d\d:\d\d UTC by ci-bot/,
    );
    await expectText(page, row, /L2 Team lead · L3 Engineering manager in \dm \d\dsLee Lead/);
    await expectText(page, row, /next update/);
    expect(
      await page
        .getByTestId('incident-' + liveId)
        .locator('[data-testid=ack-countdown]')
        .textContent(),
    ).toMatch(/left|BREACHED/);
  });

  it('shows who is on call, the metrics and the post-mortems with real data', async () => {
    await expectText(page, 'oncall-panel', /Primary\s*Ana Oncall/);
    await expectText(page, 'metrics-kpis', /MTTA/, 10_000);
    // (4 + 12 + 3) / 3 = 6m 20s; (50 + 95 + 25) / 3 = 56m 40s.
    await expectText(page, 'metrics-kpis', /6m 20s/);
    await expectText(page, 'metrics-kpis', /56m 40s/);
    await page.locator('[data-testid=chart-mtta-P0] svg.recharts-surface').first().waitFor({ timeout: 10_000 });
    await page.locator('[data-testid=chart-mttr-P3] svg.recharts-surface').first().waitFor({ timeout: 10_000 });
    // One chart per severity and metric, each on its own scale and unit, with its SLA target; empty buckets are gaps.
    const charts = await page.evaluate(() =>
      Object.fromEntries(
        Array.from(document.querySelectorAll<HTMLElement>('[data-testid^=chart-mtt]')).map((c) => [
          c.dataset.testid!.slice(6),
          {
            caption: c.querySelector('figcaption')!.textContent,
            yTicks: Array.from(
              c.querySelectorAll('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value'),
            ).map((t) => t.textContent),
            target: c.querySelector('.recharts-reference-line-line')
              ? c.querySelector('.recharts-label')!.textContent
              : null,
            // Dots (a mean and a p90) only where a bucket has a value: 30 days, one with data → two dots, not 30 zeros.
            dots: c.querySelectorAll('.recharts-line-dots circle').length,
          },
        ]),
      ),
    );
    expect(Object.keys(charts).sort()).toEqual(
      ['mtta-P0', 'mtta-P1', 'mtta-P2', 'mtta-P3', 'mttr-P0', 'mttr-P1', 'mttr-P2', 'mttr-P3'].sort(),
    );
    // P0: acknowledged in 3 min against a 5 min target → axis 0–10 min; resolved in 25 min against 60 → 0–100 min.
    expect(charts['mtta-P0']).toEqual({
      caption: 'P0 MTTA 3m 00s · min',
      yTicks: ['0', '5', '10'],
      target: 'SLA 5 min',
      dots: 2,
    });
    expect(charts['mttr-P0']).toEqual({
      caption: 'P0 MTTR 25m 00s · min',
      yTicks: ['0', '50', '100'],
      target: 'SLA 60 min',
      dots: 2,
    });
    // P2 in hours: resolved in 95 min = 1.6 h against 24 h → 0–50 h.
    expect(charts['mttr-P2']).toEqual({
      caption: 'P2 MTTR 1h 35m · h',
      yTicks: ['0', '25', '50'],
      target: 'SLA 24 h',
      dots: 2,
    });
    // P3: nothing finished → no line, no dots, no zero; the target still drawn (336 h, next sprint).
    expect(charts['mttr-P3']).toMatchObject({ caption: 'P3 MTTR – · h', target: 'SLA 336 h', dots: 0 });
    await expectText(page, 'postmortem-panel', /due in 1d/, 10_000);
    await expectText(page, 'aging-IMMEDIATE', /Immediate\s*1/);
    await expectText(page, 'aging-LONG_TERM', /Long-term\s*1/);
    await expectText(page, 'postmortem-panel', /1\/4/);
  });

  it('shows an escalation level firing live, without a reload', async () => {
    clock.advance(15 * MINUTE);
    await server.app.escalationEngine.runOnce();
    await expectText(page, `incident-${liveId}`, /L3 Engineering manager · .*Em Manager/);
    await expectText(page, `incident-${liveId}`, /paging stopped|L4/);
    await page.screenshot({ path: artifactPath('wall-panels-1920x1080.png') });
    await page.setViewportSize(VIEWPORTS.laptop);
    await page.waitForTimeout(300);
    await page.screenshot({ path: artifactPath('wall-panels-1366x768.png') });
    await page.setViewportSize(VIEWPORTS.wall);
  });

  it('is configured by its URL: severity and service filters, chosen panels, rotation on a small screen', async () => {
    const small = await browser.newPage({ viewport: VIEWPORTS.laptop });
    try {
      await small.goto(
        `${url}/wall?token=${server.db.adminToken}&severities=P0,P1&services=checkout-api&panels=incidents,oncall,metrics&rotate=5`,
      );
      await small.getByTestId(`incident-${liveId}`).waitFor({ timeout: 10_000 });
      await expectText(small, 'open-count', /^1 open$/);
      await expectText(small, 'wall-filter', /P0 · P1 · checkout-api/);
      await small.getByTestId('rotating-oncall').waitFor({ timeout: 10_000 });
      expect(await small.getByTestId('postmortem-panel').count()).toBe(0);
      await small.getByTestId('rotating-metrics').waitFor({ timeout: 10_000 });
      await expectText(small, 'metrics-kpis', /MTTA/, 10_000);
      await small.screenshot({ path: artifactPath('wall-rotating-1366x768.png') });
    } finally {
      await small.close();
    }
  });
});
