import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, CDPSession, Page, Worker, chromium } from 'playwright-core';
import { SESSION_COOKIE } from '../../server/src/access/credential';
import { loadConfig } from '../../server/src/config';
import { CHROMIUM_ARGS, VIEWPORTS, artifactPath } from '../support/browser';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { freePort } from '../support/processes';
import { setUpPaging } from '../support/paging';
import { TestPushBrowser } from '../support/push-receiver';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { TestServer, gql, sessionFor, startTestServer, waitUntil } from '../support/server';
import { CHROMIUM_PATH, chromiumAvailable, describeIf } from '../support/services';
import { WEB_DIST } from './browserServer';

/** Screenshots for the closing note go beside the test artefacts and, when it exists, to /work/shots. */
function shot(name: string): string[] {
  const paths = [artifactPath(name)];
  if (fs.existsSync('/work/shots')) paths.push(path.join('/work/shots', name));
  return paths;
}

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  actions: Array<{ action: string; title: string }>;
  data: Record<string, any>;
}

/** The notifications the service worker shows now, as the page's registration lists them. */
const shown = (page: Page): Promise<ShownNotification[]> =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      actions: [...((n as unknown as { actions?: Array<{ action: string; title: string }> }).actions ?? [])].map(
        (a) => ({ action: a.action, title: a.title }),
      ),
      data: n.data as Record<string, any>,
    }));
  });

/**
 * The push path end to end in Chromium: the console registers its service worker; the server pages Ana by Web Push
 * to a local push service, which decrypts the message with the subscription's keys and hands the plaintext to the
 * browser as its push service would (DevTools' ServiceWorker.deliverPushMessage); the service worker shows the
 * notification with Acknowledge and Escalate; its Acknowledge action posts the one-time token, and the incident is
 * acknowledged on the server, via push.
 */
describeIf(chromiumAvailable())('a page by Web Push, acknowledged from the notification, in Chromium', () => {
  let db: TestDatabase;
  let server: TestServer;
  let pushService: HttpReceiver;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let url: string;
  let profile: string;
  let ana: Record<string, string>;
  let anaId: number;
  let subscription: TestPushBrowser;
  const registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> = [];

  beforeAll(async () => {
    pushService = await startHttpReceiver();
    pushService.reply(() => ({ status: 201 }));
    db = await createTestDatabase('sqlite');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const { auth, graphql, notify } = loadConfig({
      PORT: String(port),
      VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
      VIGIL_PUBLIC_URL: url,
      VIGIL_LOG: 'silent',
      VIGIL_TRUSTED_DOCUMENTS: 'require',
      VIGIL_NOTIFY_INTERVAL_MS: '0',
      VIGIL_VAPID_SUBJECT: 'mailto:oncall-admin@example.com',
    });
    server = await startTestServer('sqlite', {
      database: db,
      config: { port, webDist: WEB_DIST, publicUrl: url, auth, graphql, notify },
    });
    // Ana is on call for the default escalation policy: a declared incident pages her at level 1.
    const people = await setUpPaging(server);
    anaId = people.ana;
    ana = (await sessionFor(server, people.ana)).headers;
    // A browser profile of its own (not an off-the-record context): service workers and notifications as installed.
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-push-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: VIEWPORTS.wall,
    });
    await context.grantPermissions(['notifications'], { origin: url });
    await context.addCookies([{ name: SESSION_COOKIE, value: decodeURIComponent(ana.cookie.split('=')[1]), url }]);
    page = context.pages()[0] ?? (await context.newPage());
    cdp = await context.newCDPSession(page);
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    await page.goto(`${url}/me/notifications`);
    await page.getByTestId('paging-page').waitFor({ timeout: 10_000 });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await db?.drop();
    await pushService?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('is an installable app: a manifest with icons, and a service worker controlling the console', async () => {
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await fetch(`${url}${manifestHref}`)).json()) as {
      display: string;
      start_url: string;
      icons: Array<{ src: string; sizes: string; purpose: string }>;
    };
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const res = await fetch(`${url}${icon.src}`);
      expect([icon.src, res.status, res.headers.get('content-type')]).toEqual([icon.src, 200, 'image/png']);
    }
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${url}/`);
    await waitUntil('the console registration is known to DevTools', () =>
      registrations.some((r) => r.scopeURL === `${url}/` && !r.isDeleted),
    );
  });

  it("shows this browser's subscription on My notifications", async () => {
    // Headless Chromium has no push service of its own to subscribe with (PushManager.subscribe needs one), so the
    // subscription is made as a browser would make it (its key pair and auth secret) and stored through the API.
    subscription = new TestPushBrowser(`${pushService.url}/push/ana-browser`);
    const method = await server.app.push.subscribe(
      { endpoint: subscription.endpoint, p256dh: subscription.p256dh, auth: subscription.auth },
      { kind: 'USER', name: 'Ana Oncall', userId: anaId, role: 'RESPONDER' },
    );
    await page.reload();
    const row = page.getByTestId(`method-${method.id}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('PUSH');
    expect(await row.textContent()).toContain('browser via 127.0.0.1');
    await page.getByTestId('push-this-browser').waitFor();
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      for (const p of shot(`web-push-my-notifications-${name}.png`)) await page.screenshot({ path: p, fullPage: true });
    }
    await page.setViewportSize(VIEWPORTS.wall);
  });

  it('a page arrives as a notification with Acknowledge and Escalate; Acknowledge acknowledges on the server', async () => {
    const declared = await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "Checkout down", severity: P1, source: USER_REPORT }) { id } }`,
      {},
      { authorization: `Bearer ${db.adminToken}` },
    );
    const incidentId = Number(declared.data!.declareIncident.id);
    // Level 1 pages Ana; with no rules of her own, every verified method at once: this browser.
    await server.app.notifications.runOnce();
    const request = pushService.requests.find((r) => r.path === '/push/ana-browser')!;
    expect(request).toBeDefined();
    const plaintext = subscription.decrypt(request.raw);
    expect(JSON.parse(plaintext)).toMatchObject({ kind: 'PAGE', incidentId, severity: 'P1', title: 'Checkout down' });

    const registration = [...registrations].reverse().find((r) => r.scopeURL === `${url}/` && !r.isDeleted)!;
    const deliver = () =>
      cdp.send('ServiceWorker.deliverPushMessage', {
        origin: url,
        registrationId: registration.registrationId,
        data: plaintext,
      });
    // DevTools hands the message over once; on a loaded machine (CI) the worker it wakes can miss it, and nothing
    // is shown. A push service redelivers what was not acknowledged, so this does too: the same page, same tag,
    // which the worker shows as one notification however often it arrives.
    await deliver();
    let redeliverAt = Date.now() + 3_000;
    await waitUntil(
      'the notification is shown',
      async () => {
        if ((await shown(page)).length === 1) return true;
        if (Date.now() > redeliverAt) {
          await deliver();
          redeliverAt = Date.now() + 3_000;
        }
        return false;
      },
      30_000,
    );
    const [notification] = await shown(page);
    expect(notification).toMatchObject({
      title: `P1 · #${incidentId} Checkout down`,
      tag: `vigil-incident-${incidentId}`,
      actions: [
        { action: 'ACKNOWLEDGE', title: 'Acknowledge' },
        { action: 'ESCALATE', title: 'Escalate' },
      ],
      data: { incidentId, severity: 'P1', actions: { ACKNOWLEDGE: expect.any(String), ESCALATE: expect.any(String) } },
    });

    // The person presses Acknowledge: the service worker's notificationclick handler runs with that action.
    const worker: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(async (action) => {
      const sw = self as unknown as {
        registration: ServiceWorkerRegistration;
        dispatchEvent(e: Event): boolean;
      };
      const [n] = await sw.registration.getNotifications();
      const NotificationEventClass = (
        globalThis as unknown as { NotificationEvent: new (t: string, i: object) => Event }
      ).NotificationEvent;
      sw.dispatchEvent(new NotificationEventClass('notificationclick', { notification: n, action }));
    }, 'ACKNOWLEDGE');

    const status = async () =>
      (
        await gql(
          server.graphqlUrl,
          `query($id: ID!) { incident(id: $id) { status timeline { type data } } }`,
          {
            id: String(incidentId),
          },
          { authorization: `Bearer ${db.adminToken}` },
        )
      ).data!.incident;
    await waitUntil(
      'the incident is acknowledged on the server',
      async () => (await status()).status === 'ACKNOWLEDGED',
    );
    expect((await status()).timeline.find((t: { type: string }) => t.type === 'ACKNOWLEDGED').data).toMatchObject({
      via: 'push',
    });
    // The result replaces the page's notification, without actions.
    await waitUntil(
      'the result is shown',
      async () => (await shown(page))[0]?.title === `Acknowledged incident #${incidentId}`,
    );
    const [result] = await shown(page);
    expect(result).toMatchObject({
      body: 'Acknowledged as Ana Oncall. The incident is now ACKNOWLEDGED.',
      actions: [],
      data: { result: { action: 'ACKNOWLEDGE', done: true } },
    });
  });
});
