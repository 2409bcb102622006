import { Browser, Page } from 'playwright-core';
import { VIEWPORTS, artifactPath, launchChromium, screenshotsAt } from '../support/browser';
import { gql } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { BrowserServer, expectText } from './browserServer';

jest.setTimeout(30_000);

const INTERNAL = 'INTERNAL-ONLY: primary db failover failed on pg-prod-7';

describeIf(chromiumAvailable())('the public status page in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  let id: string;
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(server.server.graphqlUrl, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  beforeAll(async () => {
    server = await BrowserServer.start();
    await run(
      `mutation { a: createService(input: { name: "Checkout" }) { id } b: createService(input: { name: "Search" }) { id } c: createService(input: { name: "API" }) { id } }`,
    );
    id = (
      await run(
        `mutation { declareIncident(input: { title: "pg-prod-7 down, SECRET title", severity: P1, services: ["Checkout"] }) { id } }`,
      )
    ).declareIncident.id;
    await run(`mutation($id: ID!, $m: String!) { addTimelineNote(id: $id, input: { message: $m }) { id } }`, {
      id,
      m: INTERNAL,
    });
    await run(
      `mutation($id: ID!, $m: String!) { postStatusUpdate(id: $id, input: { publicStatus: INVESTIGATING, internalMessage: $m,
      publicMessage: "Some card payments are failing. We are investigating." }) { id } }`,
      { id, m: `${INTERNAL} (status update)` },
    );
    browser = await launchChromium();
    // No token, no cookie: a member of the public.
    page = await browser.newPage({ viewport: VIEWPORTS.wall });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.drop();
  });

  it('shows the public update in the procedure format and none of the internal note, without a login', async () => {
    await page.goto(`${server.url}/status`);
    await expectText(page, 'status-headline', /Partial outage/, 10_000);
    await expectText(
      page,
      `public-incident-${id}`,
      /\[\d{4}-\d\d-\d\d \d\d:\d\d UTC\] - Some card payments are failing\. We are investigating\./,
    );
    await expectText(page, 'component-Checkout', /Partial outage/);
    await expectText(page, 'component-Search', /Operational/);
    const text = (await page.textContent('body')) ?? '';
    for (const secret of ['INTERNAL-ONLY', 'pg-prod-7', 'SECRET', 'Administrator', 'BOOTSTRAP'])
      expect({ secret, shown: text.includes(secret) }).toEqual({ secret, shown: false });
  });

  it('updates live when a new public update is posted, and still shows nothing internal', async () => {
    await expectText(page, 'status-footer', /updates live/, 10_000);
    await run(
      `mutation($id: ID!) { transitionIncident(id: $id, input: { to: IDENTIFIED, note: "INTERNAL-ONLY root cause: bad config push" }) { id } }`,
      { id },
    );
    await run(
      `mutation($id: ID!) { postStatusUpdate(id: $id, input: { publicStatus: IDENTIFIED, publicMessage: "We found the cause and are rolling out a fix." }) { id } }`,
      { id },
    );
    await expectText(page, `public-incident-${id}`, /We found the cause and are rolling out a fix\./);
    await expectText(page, `public-incident-${id}`, /Identified/);
    expect((await page.textContent('body')) ?? '').not.toContain('INTERNAL-ONLY');
    await screenshotsAt(page, 'status');
  });

  // Markup a customer could type into nothing, but a responder into a public message: it must show as written.
  const TRICKY = 'Fixed <img src=x onerror=alert(1)> for "all" users $& </div>';

  it('is HTML from the server: components, incidents and updates without JavaScript, escaped, with an ETag', async () => {
    await run(
      `mutation($id: ID!, $m: String!) { postStatusUpdate(id: $id, input: { publicStatus: IDENTIFIED, publicMessage: $m }) { id } }`,
      { id, m: TRICKY },
    );
    const res = await fetch(`${server.url}/status`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('data-testid="status-headline"');
    expect(html).toMatch(/<title>Status — [^<]*Partial outage[^<]*<\/title>/);
    expect(html).toContain('We found the cause and are rolling out a fix.');
    expect(html).toContain('Fixed &lt;img src=x onerror=alert(1)&gt; for &quot;all&quot; users $&amp; &lt;/div&gt;');
    expect(html).not.toContain('<img src=x');
    for (const secret of ['INTERNAL-ONLY', 'pg-prod-7', 'SECRET', 'Administrator', 'BOOTSTRAP'])
      expect({ secret, shown: html.includes(secret) }).toEqual({ secret, shown: false });
    // The same snapshot answers a conditional request with 304, as the JSON and the feed do.
    const again = await fetch(`${server.url}/status`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('reads the same in Chromium with JavaScript off, on a desk and on a phone', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.wall });
    const plain = await context.newPage();
    await plain.goto(`${server.url}/status`);
    await expectText(plain, 'status-headline', /Partial outage/);
    await expectText(plain, `public-incident-${id}`, /Identified/);
    await expectText(
      plain,
      `public-incident-${id}`,
      /Fixed <img src=x onerror=alert\(1\)> for "all" users \$& <\/div>/,
    );
    await expectText(plain, 'component-Checkout', /Partial outage/);
    // The status page's own stylesheet is linked: the banner is styled, not a bare line of text.
    const banner = await plain.getByTestId('status-headline').evaluate((el) => getComputedStyle(el).paddingTop);
    expect(banner).not.toBe('0px');
    await plain.screenshot({ path: artifactPath('status-no-js-1920x1080.png') });
    await plain.setViewportSize(VIEWPORTS.phone);
    await plain.screenshot({ path: artifactPath('status-no-js-390x844.png'), fullPage: true });
    await context.close();
  });

  it('subscribes from the form with JavaScript off and on, on a desk and on a phone', async () => {
    for (const javaScriptEnabled of [false, true]) {
      const context = await browser.newContext({ javaScriptEnabled, viewport: VIEWPORTS.wall });
      const form = await context.newPage();
      await form.goto(`${server.url}/status`);
      await expectText(form, 'status-headline', /Partial outage/, 10_000);
      const section = form.getByRole('region', { name: 'Subscribe to updates' });
      await section.scrollIntoViewIfNeeded();
      const js = javaScriptEnabled ? 'js' : 'no-js';
      await form.screenshot({ path: artifactPath(`status-subscribe-${js}-1920x1080.png`) });
      await form.setViewportSize(VIEWPORTS.phone);
      await section.scrollIntoViewIfNeeded();
      await form.screenshot({ path: artifactPath(`status-subscribe-${js}-390x844.png`) });
      await form.getByLabel('Email address').fill(`reader-${js}@example.com`);
      await form.getByLabel('Checkout').check();
      await form.getByRole('button', { name: 'Subscribe' }).click();
      await form.getByRole('heading', { name: 'Check your inbox' }).waitFor();
      await context.close();
    }
    const subscribers = await run(`{ statusSubscribers { address components confirmedAt } }`);
    expect(subscribers.statusSubscribers).toEqual([
      { address: 'reader-no-js@example.com', components: ['Checkout'], confirmedAt: null },
      { address: 'reader-js@example.com', components: ['Checkout'], confirmedAt: null },
    ]);
  });
});
