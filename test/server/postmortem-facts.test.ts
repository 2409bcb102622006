jest.setTimeout(60_000);

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { HOUR, ManualClock, SECOND } from '@vigil/shared';
import { parseChangeConfig } from '../../server/src/deployments/changes.config';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { resolveVerified } from '../support/resolve';
import { TestServer, gql, startTestServer } from '../support/server';

const FIXTURES = path.resolve(__dirname, '../fixtures/runbooks');
const FACTS = `facts { generatedAt detectedAt acknowledgedAt acknowledgedBy mitigatedAt firstResolvedAt resolvedAt
  durationMs ongoing timeToAcknowledgeMs reopenings { at by reason } pages { at level levelName reason paged }
  acknowledgements { at by how } runbookRuns { runId action service startedAt by finishedAt outcome }
  statusUpdates { at by publicStatus text } suspectDeployments { version service deployedAt rollbackRecommended }
  overrides { at by kind reason } }`;
const PM = `query($id: ID!) { postmortemForIncident(incidentId: $id) { id status dueAt resolvedAt durationMs
  impactSummary whatHappened timeline { at kind text } owner { id name } reviewers { id name } markdown ${FACTS} } }`;
const TIMELINE = `query($id: ID!) { incident(id: $id) { timeline { type message actorName at data } } }`;

type Line = { type: string; message: string; actorName: string; at: string; data: any };

/**
 * Issue 21: a post-mortem stays true until it is published. The walk of the issue: paged, acknowledged, a runbook
 * run, a status update, resolved (the post-mortem opens, its author writes), reopened, the manager and the CTO paged,
 * resolved again — and the facts say exactly what the timeline says, the author's text untouched.
 */
describe.each(testDatabaseKinds())('a post-mortem that stays true on %s', (kind) => {
  const clock = new ManualClock('2026-06-01T10:00:00.000Z');
  let server: TestServer;
  let tmp: string;
  let hook: http.Server;
  let people: Record<string, number>;

  const call = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(server.graphqlUrl, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const timeline = async (id: string): Promise<Line[]> => (await call(TIMELINE, { id })).incident.timeline;
  const postmortem = async (id: string) => (await call(PM, { id })).postmortemForIncident;
  const notices = (kind: string) =>
    server.app.db.dataSource.query<Array<{ targetName: string; idempotencyKey: string }>>(
      `SELECT targetName, idempotencyKey FROM notification WHERE kind = ? ORDER BY id`,
      [kind],
    );

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-pm-facts-'));
    hook = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(202).end()));
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const config = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'runbooks.json'), 'utf8'));
    config.workingDirectory = FIXTURES;
    config.services['hooked-api'].actions.SCALE_UP.steps[0].webhook.url =
      `http://127.0.0.1:${(hook.address() as { port: number }).port}/scale`;
    const file = path.join(tmp, 'runbooks.json');
    fs.writeFileSync(file, JSON.stringify(config));
    server = await startTestServer(kind, {
      clock,
      config: { changes: parseChangeConfig({ VIGIL_RUNBOOKS_FILE: file }, (m) => new Error(m)) },
    });
    people = await setUpPaging(server);
    await call(`mutation { createService(input: { name: "hooked-api" }) { id } }`);
  });

  afterAll(async () => {
    await server?.dispose();
    await new Promise((r) => hook?.close(r));
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reopen → resolve again: facts match the timeline exactly, text untouched, due 48 h after the last resolution', async () => {
    const t0 = clock.now().getTime();
    const id = (
      await call(`mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`, {
        input: { title: 'Checkout down', severity: 'P0', source: 'MONITORING_ALERT', services: ['hooked-api'] },
      })
    ).declareIncident.id as string;
    clock.set(t0 + 45 * SECOND);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    clock.set(t0 + 60 * SECOND);
    await call(
      `mutation($id: ID!) { postStatusUpdate(id: $id, input: { publicStatus: INVESTIGATING, internalMessage: "Looking at the database" }) { id } }`,
      { id },
    );
    clock.set(t0 + 90 * SECOND);
    const run = await call(
      `mutation($id: ID!) { runRunbookAction(incidentId: $id, input: { action: SCALE_UP, confirm: true }) { runId } }`,
      { id },
    );
    await server.app.runbooks.settled();
    clock.set(t0 + 247 * SECOND);
    await resolveVerified(server.graphqlUrl, id);

    // The post-mortem opens; its author writes.
    const first = await postmortem(id);
    expect(first.facts).toMatchObject({ durationMs: 247_000, ongoing: false, reopenings: [] });
    const authoredTimeline = first.timeline.map((e: { at: string; kind: string; text: string }) =>
      e.kind === 'DETECTION' ? { ...e, text: 'Checkout 5xx alert fired' } : e,
    );
    const text = { impactSummary: 'All checkouts failed.', whatHappened: 'The pool ran dry.' };
    await call(
      `mutation($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { id } }`,
      { id: first.id, input: { ...text, timeline: authoredTimeline } },
    );
    // A viewer cannot edit or publish it, so cannot own it (found by the red-team walk).
    const viewer = await server.app.users.create({ name: 'Vi Viewer', email: 'vi.viewer@example.com', role: 'VIEWER' });
    const refused = await gql(
      server.graphqlUrl,
      `mutation($id: ID!, $input: AssignPostmortemInput!) { assignPostmortem(id: $id, input: $input) { id } }`,
      { id: first.id, input: { ownerId: String(viewer.id) } },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'ownerId' });
    await call(
      `mutation($id: ID!, $input: AssignPostmortemInput!) { assignPostmortem(id: $id, input: $input) { id } }`,
      { id: first.id, input: { ownerId: String(people.lee), reviewerIds: [String(people.em)] } },
    );
    expect((await notices('POSTMORTEM_ASSIGNED')).map((n) => n.targetName)).toEqual(['Lee Lead']);

    // Reopened: the facts follow at once (open again, the reopen there), before any second resolution.
    clock.set(t0 + 300 * SECOND);
    await call(`mutation($id: ID!) { reopenIncident(id: $id, input: { reason: "errors are back" }) { id } }`, {
      id,
    });
    expect((await postmortem(id)).facts).toMatchObject({
      resolvedAt: null,
      ongoing: true,
      durationMs: 300_000,
      reopenings: [{ reason: 'errors are back' }],
    });
    // The manager and the CTO are paged by hand, level by level up to the top of the procedure's path.
    clock.set(t0 + 301 * SECOND);
    for (;;) {
      const r = await gql(
        server.graphqlUrl,
        `mutation($id: ID!) { escalateIncident(id: $id, input: { reason: "still failing" }) { id } }`,
        { id },
      );
      if (r.errors?.[0]?.extensions?.code === 'INVALID_TRANSITION') break;
      expect(r.errors).toBeUndefined();
    }
    clock.set(t0 + 392 * SECOND);
    await resolveVerified(server.graphqlUrl, id);

    const pm = await postmortem(id);
    const lines = await timeline(id);
    const of = (type: string) => lines.filter((l) => l.type === type);
    const at = (s: number) => new Date(t0 + s * SECOND).toISOString();
    const resolutions = of('RESOLVED');
    const acks = lines.filter((l) => l.type === 'ACKNOWLEDGED' || l.type === 'PAGE_ACCEPTED');

    // The facts, line by line against the timeline.
    expect(pm.facts).toMatchObject({
      detectedAt: at(0),
      acknowledgedAt: at(45),
      acknowledgedBy: acks[0].actorName,
      firstResolvedAt: at(247),
      resolvedAt: at(392),
      durationMs: 392_000, // 6m 32s, not the 4m 07s of the first resolution
      ongoing: false,
      timeToAcknowledgeMs: 45_000,
    });
    expect(resolutions.map((l) => l.at)).toEqual([at(247), at(392)]);
    expect(pm.facts.reopenings).toEqual(
      of('REOPENED').map((l) => ({ at: l.at, by: l.actorName, reason: 'errors are back' })),
    );
    expect(pm.facts.reopenings).toHaveLength(1);
    expect(pm.facts.pages).toEqual(
      of('ESCALATED').map((l) => ({
        at: l.at,
        level: l.data.level,
        levelName: l.data.levelName,
        reason: l.data.reason,
        paged: l.data.paged.map((p: { name: string }) => p.name),
      })),
    );
    const paged = pm.facts.pages.flatMap((p: { paged: string[] }) => p.paged);
    expect(paged).toEqual(expect.arrayContaining(['Ana Oncall', 'Em Manager', 'Cy Cto']));
    expect(pm.facts.acknowledgements).toEqual(acks.map((l) => ({ at: l.at, by: l.actorName, how: l.type })));
    expect(pm.facts.runbookRuns).toEqual([
      {
        runId: run.runRunbookAction.runId,
        action: 'SCALE_UP',
        service: 'hooked-api',
        startedAt: at(90),
        by: of('RUNBOOK_STARTED')[0].actorName,
        finishedAt: of('RUNBOOK_FINISHED')[0].at,
        outcome: 'SUCCEEDED',
      },
    ]);
    expect(pm.facts.statusUpdates).toEqual(
      of('STATUS_UPDATE').map((l) => ({
        at: l.at,
        by: l.actorName,
        publicStatus: l.data.publicStatus,
        text: l.data.internalMessage,
      })),
    );
    expect(pm.facts.statusUpdates).toHaveLength(1);
    expect(pm.durationMs).toBe(392_000);

    // The author's sections and entries untouched; the reopen and the second resolution added after them.
    expect({ impactSummary: pm.impactSummary, whatHappened: pm.whatHappened }).toEqual(text);
    expect(pm.timeline.slice(0, authoredTimeline.length)).toEqual(authoredTimeline);
    expect(pm.timeline.at(-1)).toMatchObject({ at: at(392), kind: 'RESOLUTION' });

    // Due 48 h after the last resolution.
    expect(pm.resolvedAt).toBe(at(392));
    expect(pm.dueAt).toBe(new Date(t0 + 392 * SECOND + 48 * HOUR).toISOString());

    // The Markdown carries it all: the facts, the owner and reviewers, a won't-do reason.
    const item = await call(
      `mutation($pm: ID!, $owner: ID!) { addActionItem(postmortemId: $pm, input: { category: LONG_TERM, title: "Shard the pool", ownerId: $owner }) { id } }`,
      { pm: pm.id, owner: String(people.ana) },
    );
    await call(
      `mutation($id: ID!) { transitionActionItem(id: $id, input: { to: WONT_DO, reason: "the pool is being replaced" }) { id } }`,
      { id: item.addActionItem.id },
    );
    const md: string = (await postmortem(id)).markdown;
    expect(md).toContain('- **Duration**: 6m 32s');
    expect(md).toContain('- **Owner**: Lee Lead');
    expect(md).toContain('- **Reviewers**: Em Manager');
    expect(md).toContain(`  - ${at(300)} by `);
    expect(md).toContain(': errors are back');
    expect(md).toContain('Cy Cto');
    expect(md).toContain('SCALE\\_UP for hooked-api by ');
    expect(md).toContain("WONT_DO) — won't do: the pool is being replaced");

    // Overdue: the owner is reminded once, on any number of sweeps.
    clock.set(new Date(pm.dueAt).getTime() + 1);
    expect(await server.app.postmortems.runOnce()).toBe(1);
    expect(await server.app.postmortems.runOnce()).toBe(0);
    expect((await notices('POSTMORTEM_OVERDUE')).map((n) => n.targetName)).toEqual(['Lee Lead']);

    // Published: a record; a later change to the incident no longer touches its facts.
    await call(
      `mutation($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { id } }`,
      { id: pm.id, input: { whyItHappened: 'No limit on the pool.' } },
    );
    for (const to of ['IN_REVIEW', 'PUBLISHED'])
      await call(`mutation($id: ID!, $to: PostmortemStatus!) { transitionPostmortem(id: $id, to: $to) { id } }`, {
        id: pm.id,
        to,
      });
    const published = (await postmortem(id)).facts;
    clock.advance(HOUR);
    await call(`mutation($id: ID!) { addTimelineNote(id: $id, input: { message: "late note" }) { id } }`, { id });
    expect((await postmortem(id)).facts).toEqual(published);
  });
});
