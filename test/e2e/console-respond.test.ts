import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../server/src/config';
import { VIEWPORTS, artifactPath, launchChromium } from '../support/browser';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { freePort } from '../support/processes';
import { TestServer, gql, startTestServer } from '../support/server';
import { chromiumAvailable, describeIf } from '../support/services';
import { WEB_DIST, expectText } from './browserServer';
import { resolveVerified } from '../support/resolve';

jest.setTimeout(60_000);

/** The GraphQL call must succeed; its data, typed loosely as tests read it. */
async function ok(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await gql(url, query, variables);
  if (res.errors?.length) throw new Error(`${query}\n→ ${JSON.stringify(res.errors)}`);
  return res.data!;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize(VIEWPORTS.wall);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: artifactPath(`${name}-1920x1080.png`) });
  await page.setViewportSize(VIEWPORTS.laptop);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: artifactPath(`${name}-1366x768.png`) });
  await page.setViewportSize(VIEWPORTS.wall);
}

/** The "I've got it" area of the responders panel, scrolled into view, at each size (name-WxH.png). */
async function shootAt(
  page: Page,
  name: string,
  sizes: ReadonlyArray<{ width: number; height: number }>,
): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.getByTestId('ladder').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath(`${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(VIEWPORTS.wall);
}

describeIf(chromiumAvailable())(
  'the responder console: roles, escalation, changes, post-mortems, on-call (Chromium)',
  () => {
    let db: TestDatabase;
    let server: TestServer;
    let url: string;
    let api: string;
    let browser: Browser;
    let page: Page;
    let dir: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-console-'));
      const runbooks = path.join(dir, 'runbooks.json');
      fs.writeFileSync(
        runbooks,
        JSON.stringify({
          workingDirectory: '.',
          services: {
            'checkout-api': {
              deployment: 'checkout',
              namespace: 'production',
              actions: {
                ROLLBACK: 'default',
                RESTART: {
                  steps: [
                    { name: 'Restart', command: ['echo', 'restarted', 'deployment/{deployment}', 'in', '{namespace}'] },
                  ],
                },
              },
            },
          },
        }),
      );
      db = await createTestDatabase('sqlite');
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      const loaded = loadConfig({
        PORT: String(port),
        VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
        VIGIL_PUBLIC_URL: url,
        VIGIL_LOG: 'silent',
        VIGIL_RUNBOOKS_FILE: runbooks,
      });
      server = await startTestServer('sqlite', {
        database: db,
        config: { port, webDist: WEB_DIST, publicUrl: url, auth: loaded.auth, changes: loaded.changes },
      });
      api = server.graphqlUrl;

      const s = await ok(api, `mutation { a: createService(input: { name: "checkout-api" }) { id } }`);
      ids.service = s.a.id;
      const u = await ok(
        api,
        `mutation {
      a: createUser(input: { name: "Ann Archer", email: "ann@example.com", role: RESPONDER }) { id }
      b: createUser(input: { name: "Bob Baker", email: "bob@example.com", role: RESPONDER }) { id }
      c: createUser(input: { name: "Cat Chen", email: "cat@example.com", role: LEAD }) { id } }`,
      );
      Object.assign(ids, { ann: u.a.id, bob: u.b.id, cat: u.c.id });
      const sc = await ok(
        api,
        `mutation { createSchedule(input: { name: "Checkout primary", description: "Checkout and payments, 24/7" }) { id } }`,
      );
      ids.schedule = sc.createSchedule.id;
      await ok(
        api,
        `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: { name: "Weekly", participantIds: $p, shiftUnit: WEEKLY, handoffTime: "09:00", startDate: "2026-01-05", timeZone: "UTC" }) { id } }`,
        { s: ids.schedule, p: [ids.ann, ids.bob] },
      );
      const team = await ok(api, `mutation { createTeam(name: "Payments") { id } }`);
      await ok(api, `mutation($t: ID!, $c: ID!) { setTeamMember(teamId: $t, userId: $c, isLead: true) { id } }`, {
        t: team.createTeam.id,
        c: ids.cat,
      });
      await ok(
        api,
        `mutation($s: ID!, $c: ID!, $t: ID!) { createProcedureEscalationPolicy(input: { name: "Procedure", isDefault: true, onCallScheduleIds: [$s], teamIds: [$t], engineeringManagerUserIds: [$c], ctoUserIds: [$c] }) { id } }`,
        { s: ids.schedule, c: ids.cat, t: team.createTeam.id },
      );
      await ok(
        api,
        `mutation($s: ID!, $at: DateTimeISO) { recordDeployment(input: { serviceId: $s, version: "v812", previousVersion: "v811", deployedBy: "ci", deployedAt: $at, summary: "Stripe SDK upgrade" }) { id } }`,
        { s: ids.service, at: new Date(Date.now() - 10 * 60_000).toISOString() },
      );
      const inc = await ok(
        api,
        `mutation { declareIncident(input: { title: "Card payments fail at checkout", severity: P1, services: ["checkout-api"] }) { id } }`,
      );
      ids.incident = inc.declareIncident.id;

      browser = await launchChromium();
      page = await browser.newPage({ viewport: VIEWPORTS.wall });
      await page.goto(`${url}/incidents/${ids.incident}?token=${db.adminToken}`);
      await page.getByTestId('incident-page').waitFor({ timeout: 10_000 });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await server?.dispose();
      await db?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('assigns the commander, escalates with a reason (error first) and shows the ESCALATED line', async () => {
      await page.getByTestId('role-user-COMMANDER').selectOption(ids.ann);
      await page.getByTestId('role-set-COMMANDER').click();
      await expectText(page, 'role-COMMANDER', /Ann Archer/, 10_000);

      await page.getByTestId('escalate-submit').click();
      await expectText(page, 'error-reason', /reason/i);
      await page.getByTestId('escalate-reason').fill('Stripe SDK rollback did not help; need payments team');
      await page.getByTestId('escalate-submit').click();
      await page.locator('li.tl-ESCALATED', { hasText: 'need payments team' }).waitFor({ timeout: 10_000 });
      await expectText(page, 'ladder', /L2/);

      // The level paged by hand waits for an answer. Only the person paged may take it (mayAcceptPage): the admin,
      // who was not paged, gets no button that could only be refused, and is told who may answer instead.
      await expectText(page, 'accept-page-not-yours', /waits for the person paged/, 10_000);
      expect(await page.getByTestId('accept-page').count()).toBe(0);
      await shootAt(page, 'console-accept-not-paged', [VIEWPORTS.wall, VIEWPORTS.laptop, VIEWPORTS.phone]);
      // Cat, paged by the escalation, says "I've got it" from her own console: on the timeline, and the button goes.
      const { secret } = await server.app.auth.createToken(Number(ids.cat), 'PERSONAL', 'console test');
      const cat = await browser.newPage({ viewport: VIEWPORTS.wall });
      try {
        await cat.goto(`${url}/incidents/${ids.incident}?token=${secret}`);
        await cat.getByTestId('accept-page').waitFor({ timeout: 10_000 });
        expect(await cat.getByTestId('accept-page-not-yours').count()).toBe(0);
        await shootAt(cat, 'console-accept-paged', [VIEWPORTS.wall, VIEWPORTS.laptop, VIEWPORTS.phone]);
        await cat.getByTestId('accept-page').click();
        await cat.locator('li.tl-PAGE_ACCEPTED', { hasText: "I've got it: Cat Chen" }).waitFor({ timeout: 10_000 });
        await expectText(cat, 'ladder', /Assigned to/);
        await cat.getByTestId('accept-page').waitFor({ state: 'detached', timeout: 10_000 });
      } finally {
        await cat.close();
      }
      await page.getByTestId('accept-page').waitFor({ state: 'detached', timeout: 10_000 });
    });

    it('shows the suspect deployment, recommends rollback on a flag; a dry run shows the commands, a confirmed run streams its output', async () => {
      await expectText(page, 'deployments', /v811 → v812.*suspect/s);
      await page.getByTestId('flag-errorRate').fill('140');
      await page.getByTestId('flags-submit').click();
      await expectText(page, 'error-errorRate', /errorRate/);
      await page.getByTestId('flag-errorRate').fill('35');
      await page.getByTestId('flags-submit').click();
      await expectText(page, 'rollback-recommended', /Rollback recommended/, 10_000);

      await page.getByTestId('dryrun-ROLLBACK').click();
      await expectText(page, 'dryrun-plan', /kubectl rollout undo deployment\/checkout -n production/, 10_000);
      await page.locator('li.tl-RUNBOOK_STARTED').first().waitFor({ timeout: 10_000 });
      await page.getByTestId('run-RESTART').click();
      await expectText(page, 'confirm-run', /execute for real/);
      await shoot(page, 'console-respond');
      await page.getByTestId('confirm-run-yes').click();
      await page
        .locator('li.tl-RUNBOOK_OUTPUT', { hasText: 'restarted deployment/checkout in production' })
        .waitFor({ timeout: 10_000 });
      await page.locator('li.tl-RUNBOOK_FINISHED').waitFor({ timeout: 10_000 });
      await page.getByTestId('confirm-run').waitFor({ state: 'detached', timeout: 10_000 });
      // On a laptop the roles and changes sit under the actions: show them as a responder scrolls to them.
      await page.setViewportSize(VIEWPORTS.laptop);
      await page.locator('.side-2').screenshot({ path: artifactPath('console-respond-panels-1366x768.png') });
      await page.setViewportSize(VIEWPORTS.wall);
    });

    it('writes a post-mortem section and moves an action item to DONE; both persist', async () => {
      await resolveVerified(api, ids.incident, { note: 'Rolled back' });
      const found = await ok(api, `query($id: ID!) { postmortemForIncident(incidentId: $id) { id } }`, {
        id: ids.incident,
      });
      ids.pm =
        found.postmortemForIncident?.id ??
        (await ok(api, `mutation($id: ID!) { requestPostmortem(incidentId: $id) { id } }`, { id: ids.incident }))
          .requestPostmortem.id;

      await page.getByTestId('postmortem-link').click({ timeout: 10_000 });
      await page.getByTestId('postmortem-page').waitFor({ timeout: 10_000 });
      expect(page.url()).toMatch(new RegExp(`/postmortems/${ids.pm}$`));
      await expectText(page, 'pm-duration', /min|s|h/);
      await page.getByTestId('pm-usersAffectedPercent').fill('250');
      await page.getByTestId('pm-save').click();
      await expectText(page, 'error-usersAffectedPercent', /0 to 100/);
      await page.getByTestId('pm-usersAffectedPercent').fill('12.5');
      await page
        .getByTestId('pm-whatHappened')
        .fill('Deploy v812 upgraded the Stripe SDK, which changed webhook signature checks.');
      await page.getByTestId('pm-save').click();
      await page.getByTestId('pm-saved').waitFor({ timeout: 10_000 });

      await page.getByTestId('item-submit').click();
      await expectText(page, 'error-title', /title/);
      await page.getByTestId('item-title').fill('Alert on webhook signature failures');
      await page.getByTestId('item-category').selectOption('IMMEDIATE');
      await page.getByTestId('item-owner').selectOption(ids.ann);
      await page.getByTestId('item-submit').click();
      const card = page.getByTestId('col-OPEN').getByText('Alert on webhook signature failures');
      await card.waitFor({ timeout: 10_000 });
      await card.click();
      await page
        .getByTestId('col-IN_PROGRESS')
        .getByText('Alert on webhook signature failures')
        .click({ timeout: 10_000 });
      await page.getByTestId('col-DONE').getByText('Alert on webhook signature failures').waitFor({ timeout: 10_000 });

      await page.reload();
      await page.getByTestId('col-DONE').getByText('Alert on webhook signature failures').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('pm-whatHappened').inputValue()).toMatch(/Stripe SDK/);
      expect(await page.getByTestId('pm-usersAffectedPercent').inputValue()).toBe('12.5');
      const stored = await ok(api, `query($id: ID!) { postmortem(id: $id) { whatHappened actionItems { status } } }`, {
        id: ids.pm,
      });
      expect(stored.postmortem.actionItems).toEqual([{ status: 'DONE' }]);
      await shoot(page, 'postmortem-editor');
      await page.goto(`${url}/postmortems`);
      await page.getByTestId(`pm-row-${ids.pm}`).waitFor({ timeout: 10_000 });
      await shoot(page, 'postmortem-list');
    });

    it('shows who is on call and adds an override', async () => {
      await page.getByTestId('nav-oncall').click();
      await page.getByTestId('oncall-page').waitFor({ timeout: 10_000 });
      await expectText(page, 'on-call-now', /Ann Archer|Bob Baker/);
      await page.getByTestId('override-submit').click();
      await expectText(page, 'error-userId', /user/i);
      await page.getByTestId('override-user').selectOption(ids.cat);
      await page.getByTestId('override-replaced').selectOption(ids.ann);
      await page.getByTestId('override-reason').fill('Ann at a conference');
      await page.getByTestId('override-submit').click();
      await expectText(page, 'overrides', /Cat Chen replaces Ann Archer/, 10_000);
      const stored = await ok(
        api,
        `query($id: ID!) { schedule(id: $id) { overrides { kind userId replacedUserId reason } } }`,
        { id: ids.schedule },
      );
      expect(stored.schedule.overrides).toEqual([
        { kind: 'REPLACE', userId: ids.cat, replacedUserId: ids.ann, reason: 'Ann at a conference' },
      ]);
      await shoot(page, 'oncall');
    });

    it('a lead signed in with a password makes a schedule calendar link, shown once, which serves the shifts', async () => {
      await server.app.users.create({
        name: 'Lou Lead',
        email: 'lou@example.com',
        role: 'LEAD',
        password: 'lou lead password',
      });
      // Feed secrets are credentials: made from a signed-in session, not a token in the URL.
      const context = await browser.newContext({ viewport: VIEWPORTS.wall });
      const lead = await context.newPage();
      try {
        await lead.goto(`${url}/login`);
        await lead.getByTestId('login-email').fill('lou@example.com');
        await lead.getByTestId('login-password').fill('lou lead password');
        await lead.getByTestId('login-submit').click();
        await lead.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10_000 });
        await lead.goto(`${url}/oncall`);
        const card = lead.getByTestId(`schedule-${ids.schedule}`);
        await card.getByTestId('schedule-calendar-make').click();
        const feedUrl = await card.getByTestId('schedule-calendar-url').inputValue({ timeout: 10_000 });
        expect(feedUrl).toMatch(new RegExp(`^${url}/api/calendar/vgl_cal_[A-Za-z0-9_-]{43}\\.ics$`));
        const res = await fetch(feedUrl);
        expect(res.status).toBe(200);
        expect(await res.text()).toMatch(/SUMMARY:On call: (Ann Archer|Bob Baker|Cat Chen) \(Checkout primary\)/);
        expect((await fetch(`${url}/api/schedules/${ids.schedule}/ical`)).status).toBe(404);
      } finally {
        await context.close();
      }
    });
  },
);
