import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer, userWithSession, userWithToken } from '../support/server';
import { DEFAULT_STATUS_PAGE_CONFIG } from '../../server/src/statuspage/statuspage.config';

const PUBLICATION = `publication { state decidedBy title customTitle impact }`;

interface PublicPage {
  state: string;
  components: Array<{ name: string; state: string }>;
  activeIncidents: Array<{ id: string; title: string; impact: string }>;
  pastIncidents: Array<{ id: string }>;
  activeIncidentCount: number;
}

/**
 * Being on the public status page is a decision (issue 20): P0/P1 are published at declaration, P2/P3 wait for a
 * responder, an incident declared during maintenance is not an outage, and unpublishing takes an incident off the
 * page, its JSON, its Atom feed and its live stream, leaving a line on the timeline.
 */
describe.each(testDatabaseKinds())('publishing incidents on the status page, on %s', (kind) => {
  let server: TestServer;
  let responder: Record<string, string>;
  let viewer: Record<string, string>;
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');

  const ok = async (query: string, variables: Record<string, unknown> = {}, headers = responder) => {
    const res = await gql(server.graphqlUrl, query, variables, headers);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const declare = async (title: string, severity: string, services: string[]) =>
    (
      await ok(`mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id ${PUBLICATION} } }`, {
        i: { title, severity, services },
      })
    ).declareIncident as { id: string; publication: Record<string, unknown> };
  const page = async (): Promise<PublicPage> => (await (await fetch(`${server.url}/api/status.json`)).json()) as never;
  const atom = async () => (await fetch(`${server.url}/status/feed.atom`)).text();
  const publicUpdate = (id: string, message: string) =>
    ok(`mutation($id: ID!, $i: StatusUpdateInput!) { postStatusUpdate(id: $id, input: $i) { id } }`, {
      id,
      i: { publicStatus: 'INVESTIGATING', publicMessage: message },
    });
  const shown = async (id: string) => (await page()).activeIncidents.some((i) => i.id === id);

  beforeAll(async () => {
    server = await startTestServer(kind, {
      clock,
      config: { statusPage: { ...DEFAULT_STATUS_PAGE_CONFIG, rebuildMs: 0 } },
    });
    responder = (await userWithToken(server, 'Rita', 'RESPONDER')).headers;
    viewer = (await userWithToken(server, 'Vic', 'VIEWER')).headers;
    await ok(
      `mutation { a: createService(input: { name: "checkout" }) { id } b: createService(input: { name: "receipts" }) { id } c: createService(input: { name: "search" }) { id } }`,
      {},
      {},
    );
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('publishes a P1 at declaration and keeps a P3 off the page until a responder publishes it', async () => {
    const p1 = await declare('SECRET checkout 500s', 'P1', ['checkout']);
    expect(p1.publication).toEqual({
      state: 'PUBLISHED',
      decidedBy: 'DEFAULT',
      title: 'Partial outage affecting checkout',
      customTitle: null,
      impact: 'PARTIAL_OUTAGE',
    });
    const p3 = await declare('SECRET typo in receipt footer', 'P3', ['receipts']);
    expect(p3.publication).toMatchObject({ state: 'UNPUBLISHED', decidedBy: 'DEFAULT' });

    let shownPage = await page();
    expect(shownPage.activeIncidents.map((i) => i.id)).toEqual([p1.id]);
    expect(shownPage.activeIncidentCount).toBe(1);
    expect(shownPage.components).toContainEqual({ name: 'receipts', state: 'OPERATIONAL' });
    expect(shownPage.state).toBe('PARTIAL_OUTAGE');

    const published = await ok(
      `mutation($id: ID!) { publishIncident(id: $id, input: { title: "Receipts show a wrong footer", impact: DEGRADED_PERFORMANCE }) { id ${PUBLICATION} timeline { type message } } }`,
      { id: p3.id },
    );
    expect(published.publishIncident.publication).toEqual({
      state: 'PUBLISHED',
      decidedBy: 'RESPONDER',
      title: 'Receipts show a wrong footer',
      customTitle: 'Receipts show a wrong footer',
      impact: 'DEGRADED_PERFORMANCE',
    });
    expect(published.publishIncident.timeline.at(-1)).toEqual({
      type: 'PUBLICATION_CHANGED',
      message: 'Published on the status page as "Receipts show a wrong footer" (degraded performance)',
    });
    shownPage = await page();
    expect(shownPage.activeIncidents.find((i) => i.id === p3.id)).toMatchObject({
      title: 'Receipts show a wrong footer',
      impact: 'DEGRADED_PERFORMANCE',
    });
    expect(shownPage.components).toContainEqual({ name: 'receipts', state: 'DEGRADED_PERFORMANCE' });
    await publicUpdate(p3.id, 'Some receipts show last year’s footer; a fix is on its way.');
    expect(await atom()).toContain('Investigating: Receipts show a wrong footer');
  });

  it('takes an unpublished incident off the page, the JSON and the feed, and leaves the line on the timeline', async () => {
    const p0 = await declare('SECRET search cluster down', 'P0', ['search']);
    expect(await shown(p0.id)).toBe(true);
    await publicUpdate(p0.id, 'Search is unavailable. We are investigating.');
    expect(await atom()).toContain('Search is unavailable. We are investigating.');

    const res = await ok(
      `mutation($id: ID!) { unpublishIncident(id: $id) { ${PUBLICATION} timeline { type message actorName } } }`,
      {
        id: p0.id,
      },
    );
    expect(res.unpublishIncident.publication).toMatchObject({ state: 'UNPUBLISHED', decidedBy: 'RESPONDER' });
    expect(res.unpublishIncident.timeline.at(-1)).toEqual({
      type: 'PUBLICATION_CHANGED',
      message: 'Taken off the status page: the public page and its feeds no longer show this incident',
      actorName: 'Rita (test)',
    });
    const after = await page();
    expect(after.activeIncidents.some((i) => i.id === p0.id)).toBe(false);
    expect(after.components).toContainEqual({ name: 'search', state: 'OPERATIONAL' });
    expect(await atom()).not.toContain('Search is unavailable. We are investigating.');
  });

  it('does not show an incident declared during maintenance as an outage', async () => {
    await ok(
      `mutation($i: CreateMaintenanceWindowInput!) { createMaintenanceWindow(input: $i) { id } }`,
      {
        i: {
          serviceId: (await ok(`{ services { id name } }`)).services.find((s: { name: string }) => s.name === 'search')
            .id,
          startsAt: clock.now().toISOString(),
          endsAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
          reason: 'reindex',
        },
      },
      {},
    );
    const quiet = await declare('SECRET search slow during reindex', 'P1', ['search']);
    expect(quiet.publication).toMatchObject({ state: 'UNPUBLISHED', decidedBy: 'DEFAULT' });
    expect(await shown(quiet.id)).toBe(false);
    expect((await page()).components).toContainEqual({ name: 'search', state: 'OPERATIONAL' });
  });

  it("publishes a default P3 raised to P1, and keeps a responder's unpublishing when raised", async () => {
    const raised = await declare('SECRET receipts slow', 'P3', ['receipts']);
    expect(await shown(raised.id)).toBe(false);
    const res = await ok(
      `mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P1, reason: "customers noticed" }) { ${PUBLICATION} timeline { type message } } }`,
      { id: raised.id },
    );
    expect(res.changeSeverity.publication).toMatchObject({ state: 'PUBLISHED', decidedBy: 'DEFAULT' });
    expect(res.changeSeverity.timeline.map((e: { type: string }) => e.type)).toContain('PUBLICATION_CHANGED');
    expect(await shown(raised.id)).toBe(true);

    const kept = await declare('SECRET receipts font', 'P3', ['receipts']);
    await ok(`mutation($id: ID!) { unpublishIncident(id: $id) { id } }`, { id: kept.id });
    await ok(`mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P0, reason: "worse" }) { id } }`, {
      id: kept.id,
    });
    expect(await shown(kept.id)).toBe(false);
  });

  it('refuses viewers, walls, a bad impact, a two-line title and an unknown incident, changing nothing', async () => {
    const p3 = await declare('SECRET receipts misaligned', 'P3', ['receipts']);
    const publish = `mutation($id: ID!, $i: PublishIncidentInput) { publishIncident(id: $id, input: $i) { id } }`;
    const admin = (await userWithSession(server, 'Wall admin', 'ADMIN')).headers;
    const secret = (await ok(`mutation { createWallToken(name: "lobby") { secret } }`, {}, admin)).createWallToken
      .secret;
    const wall = { authorization: `Bearer ${secret}` };
    for (const [headers, code] of [
      [viewer, 'FORBIDDEN'],
      [wall, 'FORBIDDEN'],
    ] as const) {
      const refused = await gql(server.graphqlUrl, publish, { id: p3.id }, headers);
      expect(refused.errors![0].extensions!.code).toBe(code);
    }
    const badImpact = await gql(server.graphqlUrl, publish, { id: p3.id, i: { impact: 'OPERATIONAL' } }, responder);
    expect(badImpact.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'impact' });
    const twoLines = await gql(server.graphqlUrl, publish, { id: p3.id, i: { title: 'a\nb' } }, responder);
    expect(twoLines.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'title' });
    const missing = await gql(server.graphqlUrl, publish, { id: '999999' }, responder);
    expect(missing.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(await shown(p3.id)).toBe(false);
    const timeline = await ok(`query($id: ID!) { incident(id: $id) { timeline { type } } }`, { id: p3.id });
    expect(timeline.incident.timeline.map((e: { type: string }) => e.type)).not.toContain('PUBLICATION_CHANGED');
  });
});
