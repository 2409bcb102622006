import { seedDemo } from '../../server/src/demo/seed';
import { startSimulator } from '../../server/src/demo/simulator';
import { TestServer, gql, startTestServer } from '../support/server';

jest.setTimeout(120_000);

/** `npm run demo`'s data: a first look that is alive, everything clearly labelled as demo. */
describe('the demo data set', () => {
  let server: TestServer;
  let seeded: number;
  const ok = async (query: string) => {
    const r = await gql(server.graphqlUrl, query);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    seeded = await seedDemo(server.app);
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('fills 90 days of history plus incidents open now, once', async () => {
    expect(seeded).toBeGreaterThanOrEqual(200);
    expect(await seedDemo(server.app)).toBe(0);
    const all: Array<{ status: string; detectedAt: string }> = [];
    for (let after: string | null = null, more = true; more;) {
      const { incidents } = (await ok(
        `{ incidents(page: { first: 200${after ? `, after: "${after}"` : ''} }) { nodes { status detectedAt } pageInfo { endCursor hasNextPage } } }`,
      )) as { incidents: { nodes: typeof all; pageInfo: { endCursor: string; hasNextPage: boolean } } };
      all.push(...incidents.nodes);
      ({ endCursor: after, hasNextPage: more } = incidents.pageInfo);
    }
    expect(all).toHaveLength(seeded);
    const oldest = Math.min(...all.map((i) => Date.parse(i.detectedAt)));
    expect(Date.now() - oldest).toBeGreaterThan(80 * 86_400_000);
    expect(all.filter((i) => i.status !== 'RESOLVED').length).toBeGreaterThanOrEqual(3);
  });

  it('labels every demo person and incident "(demo)", as the README promises', async () => {
    const { users, incidents } = await ok(
      `{ users { name email } incidents(page: { first: 200 }) { nodes { title } } }`,
    );
    const demoPeople = users.filter((u: { email: string }) => u.email.endsWith('@demo.vigil.invalid'));
    expect(demoPeople.length).toBeGreaterThanOrEqual(8);
    expect(demoPeople.filter((u: { name: string }) => !u.name.endsWith(' (demo)'))).toEqual([]);
    expect(incidents.nodes.filter((i: { title: string }) => !i.title.endsWith(' (demo)'))).toEqual([]);
  });

  it('has an organisation: people in teams owning the services, an on-call rotation, the procedure as default policy', async () => {
    const d = await ok(`{
      teams { name services { name } members { user { name } } }
      schedules { name description currentShift { start end users { name } } }
      escalationPolicies { name isDefault levels { name } }
    }`);
    expect(d.teams.map((t: { name: string }) => t.name).sort()).toEqual([
      'Discovery',
      'Identity',
      'Payments',
      'Platform',
    ]);
    expect(
      d.teams.every((t: { services: unknown[]; members: unknown[] }) => t.services.length > 0 && t.members.length > 0),
    ).toBe(true);
    expect(d.schedules[0].currentShift.users).toHaveLength(1);
    // The description promises Monday 09:00 UTC hand-offs: the shift in progress began and ends on one.
    expect(d.schedules[0].description).toMatch(/hand-off Monday 09:00 UTC/);
    for (const edge of [d.schedules[0].currentShift.start, d.schedules[0].currentShift.end]) {
      expect({ weekday: new Date(edge).getUTCDay(), time: edge.slice(11, 19) }).toEqual({
        weekday: 1,
        time: '09:00:00',
      });
    }
    const policy = d.escalationPolicies.find((p: { isDefault: boolean }) => p.isDefault);
    expect(policy.levels.map((l: { name: string }) => l.name)).toEqual([
      'On-call engineer',
      'Team lead',
      'Engineering manager',
      'CTO',
    ]);
  });

  it("routes each team's incidents through that team's own lead, never another team's", async () => {
    const d = await ok(`{ teams { name escalationPolicy { name } members { user { name } isLead } } }`);
    const leadOf = new Map<string, string[]>(
      d.teams.map((t: { name: string; members: Array<{ user: { name: string }; isLead: boolean }> }) => [
        t.name,
        t.members.filter((m) => m.isLead).map((m) => m.user.name),
      ]),
    );
    expect(
      d.teams.every(
        (t: { name: string; escalationPolicy: { name: string } | null }) =>
          t.escalationPolicy?.name === `${t.name} procedure`,
      ),
    ).toBe(true);
    // The P1 on auth (Identity) declared live at seeding: its lead level pages Identity's lead and nobody else.
    const { incidents } = await ok(
      `{ incidents(filter: { open: true }) { nodes { title primaryService { team { name } } escalation { policyName pages { level paged { name } } } } } }`,
    );
    const sso = incidents.nodes.find((i: { title: string }) => i.title.startsWith('SSO login loop'));
    expect(sso.escalation.policyName).toBe('Identity procedure');
    const leads = sso.escalation.pages
      .filter((p: { level: number }) => p.level === 2)
      .flatMap((p: { paged: Array<{ name: string }> }) => p.paged.map((x) => x.name));
    expect(leads).toEqual(leadOf.get('Identity'));
    expect(leads).not.toContain(leadOf.get('Payments')![0]);
  });

  it('open incidents are paged live and have a commander', async () => {
    const { incidents } = await ok(
      `{ incidents(filter: { open: true }) { nodes { title status escalation { active currentLevel } roles { role user { name } } } } }`,
    );
    const p2 = incidents.nodes.find((i: { title: string }) => i.title.startsWith('Search results stale'));
    expect(p2.escalation).toMatchObject({ active: true, currentLevel: 1 });
    const p0 = incidents.nodes.find((i: { title: string }) => i.title.startsWith('Checkout error rate'));
    expect(p0.roles).toContainEqual({ role: 'COMMANDER', user: { name: 'Ana Ortiz (demo)' } });
  });

  it('P0/P1 history has post-mortems, most published on time, with action items in every state', async () => {
    const { postmortems } = await ok(`{ postmortems { status dueAt publishedAt actionItems { status category } } }`);
    expect(postmortems.length).toBeGreaterThan(20);
    const published = postmortems.filter((p: { status: string }) => p.status === 'PUBLISHED');
    const late = published.filter((p: { publishedAt: string; dueAt: string }) => p.publishedAt > p.dueAt);
    expect(published.length / postmortems.length).toBeGreaterThan(0.6);
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(published.length / 2);
    const items = postmortems.flatMap((p: { actionItems: unknown[] }) => p.actionItems) as Array<{
      status: string;
      category: string;
    }>;
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(['OPEN', 'DONE', 'WONT_DO']));
    expect(new Set(items.map((i) => i.category))).toEqual(new Set(['IMMEDIATE', 'SHORT_TERM', 'LONG_TERM']));
    const { overdueActionItems } = await ok(`{ overdueActionItems { id } }`);
    expect(overdueActionItems.length).toBeGreaterThan(0);
  });

  it('the simulator sends an alert through the real ingestion endpoint within seconds', async () => {
    const before = (await ok(`{ incidents(filter: { open: true }) { nodes { id } } }`)).incidents.nodes.length;
    const simulator = await startSimulator(server.app, server.url, () => undefined);
    try {
      const deadline = Date.now() + 20_000;
      let alerted: Array<{ title: string; source: string }> = [];
      while (Date.now() < deadline) {
        const { incidents } = await ok(`{ incidents(filter: { open: true }) { nodes { title source } } }`);
        alerted = incidents.nodes.filter((i: { title: string }) => / \(demo\)$/.test(i.title));
        if (incidents.nodes.length > before && alerted.length) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(alerted[0]).toMatchObject({ source: 'MONITORING_ALERT' });
    } finally {
      simulator.stop();
    }
  });
});
