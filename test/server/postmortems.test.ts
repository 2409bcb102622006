jest.setTimeout(60_000);

import { Client } from 'graphql-ws';
import MarkdownIt from 'markdown-it';
import { HOUR, MINUTE, ManualClock } from '@vigil/shared';
import { User } from '../../server/src/model/user.entity';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, adminTokenFor, collect, gql, startTestServer, subscribed, wsClient } from '../support/server';
import { resolveVerified } from '../support/resolve';

const PM_FIELDS = `id incidentId status title severity dueAt resolvedAt publishedAt overdue onTime durationMs allowedTransitions
  timeline { at kind text } actionItems { id }`;
const DECLARE = `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`;
const FOR_INCIDENT = `query($id: ID!) { postmortemForIncident(incidentId: $id) { ${PM_FIELDS} } }`;
const TIMELINE_TYPES = `query($id: ID!) { incident(id: $id) { timeline { type } } }`;
const ITEM_FIELDS =
  'id category title ownerId dueAt status wontDoReason ticketUrl overdue aging ageMs closedAt owner { name } allowedTransitions';
const ADD_ITEM = `mutation($pm: ID!, $input: AddActionItemInput!) { addActionItem(postmortemId: $pm, input: $input) { ${ITEM_FIELDS} } }`;
const MOVE_ITEM = `mutation($id: ID!, $input: TransitionActionItemInput!) { transitionActionItem(id: $id, input: $input) { ${ITEM_FIELDS} } }`;

describe.each(testDatabaseKinds())('post-mortems and action items on %s', (kind) => {
  const clock = new ManualClock('2026-06-01T10:00:00.000Z');
  let server: TestServer;
  let ws: Client;
  let ana: User;
  let ben: User;

  async function resolvedIncident(severity: string, title = 'Checkout down'): Promise<string> {
    const declared = await gql(server.graphqlUrl, DECLARE, { input: { title, severity } });
    expect(declared.errors).toBeUndefined();
    const id = declared.data!.declareIncident.id;
    clock.advance(4 * 60_000);
    expect(
      (await gql(server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id })).errors,
    ).toBeUndefined();
    clock.advance(56 * 60_000);
    await resolveVerified(server.graphqlUrl, id);
    return id;
  }

  const count = async (table: string) =>
    Number((await server.app.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    ws = wsClient(server.wsUrl);
    const users = server.app.db.dataSource.getRepository(User);
    ana = await users.save(
      users.create({ name: 'Ana', email: 'ana@example.com', role: 'RESPONDER', createdAt: clock.now() }),
    );
    ben = await users.save(
      users.create({ name: 'Ben', email: 'ben@example.com', role: 'RESPONDER', createdAt: clock.now() }),
    );
  });

  afterAll(async () => {
    await ws?.dispose();
    await server?.dispose();
  });

  it('opens a post-mortem when a P1 resolves, pre-filled, due 48 h later; overdue from the next millisecond', async () => {
    const changes = collect(ws, `subscription { postmortemChanged { id status overdue } }`);
    await subscribed(server, changes);
    const id = await resolvedIncident('P1');
    const { data } = await gql(server.graphqlUrl, FOR_INCIDENT, { id });
    const pm = data!.postmortemForIncident;
    expect(pm).toMatchObject({
      incidentId: id,
      status: 'DRAFT',
      title: 'Checkout down',
      severity: 'P1',
      overdue: false,
      onTime: null,
      publishedAt: null,
      durationMs: HOUR,
    });
    expect(new Date(pm.dueAt).getTime() - new Date(pm.resolvedAt).getTime()).toBe(48 * HOUR);
    expect(pm.timeline.map((e: { kind: string }) => e.kind)).toEqual(['DETECTION', 'ACKNOWLEDGEMENT', 'RESOLUTION']);
    const types = (await gql(server.graphqlUrl, TIMELINE_TYPES, { id })).data!.incident.timeline.map(
      (e: { type: string }) => e.type,
    );
    // The four CHECKLIST lines are the resolution verification a responder does before resolving.
    expect(types).toEqual([
      'DECLARED',
      'ACKNOWLEDGED',
      'CHECKLIST',
      'CHECKLIST',
      'CHECKLIST',
      'CHECKLIST',
      'RESOLVED',
      // What customers read: it is over (status-updates.test.ts).
      'PUBLIC_UPDATE',
      'POSTMORTEM_OPENED',
    ]);
    expect((await changes.next(1))[0].postmortemChanged).toMatchObject({ id: pm.id, status: 'DRAFT' });

    clock.set(pm.dueAt);
    expect((await gql(server.graphqlUrl, FOR_INCIDENT, { id })).data!.postmortemForIncident.overdue).toBe(false);
    expect(await server.app.postmortems.runOnce()).toBe(0);
    clock.advance(1);
    expect((await gql(server.graphqlUrl, FOR_INCIDENT, { id })).data!.postmortemForIncident.overdue).toBe(true);
    const overdueList = await gql(server.graphqlUrl, `{ postmortems(filter: { overdue: true }) { id } }`);
    expect(overdueList.data!.postmortems.map((p: { id: string }) => p.id)).toContain(pm.id);
    expect(await server.app.postmortems.runOnce()).toBeGreaterThanOrEqual(1);
    expect(await server.app.postmortems.runOnce()).toBe(0);
    const [, overdueEvent] = await changes.next(2);
    expect(overdueEvent.postmortemChanged).toMatchObject({ id: pm.id, overdue: true });
    changes.unsubscribe();
  });

  it('a report declared late: the post-mortem detects at the detection and its duration agrees with the metrics', async () => {
    const detectedAt = new Date(clock.now().getTime() - 20 * MINUTE).toISOString();
    const declared = await gql(server.graphqlUrl, DECLARE, {
      input: { title: 'Invoices late', severity: 'P1', source: 'USER_REPORT', detectedAt },
    });
    expect(declared.errors).toBeUndefined();
    const id = declared.data!.declareIncident.id;
    await gql(server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    clock.advance(5 * MINUTE);
    await resolveVerified(server.graphqlUrl, id);
    const pm = (
      await gql(
        server.graphqlUrl,
        `query($id: ID!) { postmortemForIncident(incidentId: $id) { durationMs timeline { at kind text } } }`,
        { id },
      )
    ).data!.postmortemForIncident;
    expect(pm.timeline[0]).toEqual({
      at: detectedAt,
      kind: 'DETECTION',
      text: 'Detected (20m 00s before it was declared)',
    });
    expect(pm.durationMs).toBe(25 * MINUTE);
  });

  it('a reopened-then-resolved P0 keeps its one post-mortem; P2 gets one only on request', async () => {
    const id = await resolvedIncident('P0', 'Database down');
    const first = (await gql(server.graphqlUrl, FOR_INCIDENT, { id })).data!.postmortemForIncident;
    // The author starts writing before the incident comes back.
    const authored = first.timeline.map((e: { at: string; kind: string; text: string }) =>
      e.kind === 'DETECTION' ? { ...e, text: 'Replica lag alert fired' } : e,
    );
    expect(
      (
        await gql(
          server.graphqlUrl,
          `mutation($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { id } }`,
          { id: first.id, input: { whatHappened: 'The primary ran out of disk.', timeline: authored } },
        )
      ).errors,
    ).toBeUndefined();
    expect(
      (
        await gql(
          server.graphqlUrl,
          `mutation($id: ID!) { reopenIncident(id: $id, input: { reason: "came back" }) { id } }`,
          { id },
        )
      ).errors,
    ).toBeUndefined();
    clock.advance(60_000);
    await resolveVerified(server.graphqlUrl, id);
    const again = (await gql(server.graphqlUrl, FOR_INCIDENT, { id })).data!.postmortemForIncident;
    expect(again.id).toBe(first.id);
    // It stays true until published: resolved, due and lasting as of the last resolution; the author's text kept,
    // the reopen and the second resolution added.
    const last = clock.now().toISOString();
    expect(again.resolvedAt).toBe(last);
    expect(again.dueAt).toBe(new Date(clock.now().getTime() + 48 * 3_600_000).toISOString());
    expect(again.durationMs).toBe(first.durationMs + 60_000);
    const texts = again.timeline.map((e: { kind: string; text: string }) => `${e.kind}: ${e.text}`);
    expect(texts[0]).toBe('DETECTION: Replica lag alert fired');
    expect(texts).toContain('INVESTIGATION: Reopened: came back');
    expect(texts.at(-1)).toMatch(/^RESOLUTION: Resolved/);
    expect(texts.filter((t: string) => t.startsWith('RESOLUTION'))).toHaveLength(2);
    const [{ whatHappened }] = await server.app.db.dataSource.query(
      `SELECT whatHappened FROM postmortem WHERE id = ${Number(first.id)}`,
    );
    expect(whatHappened).toBe('The primary ran out of disk.');
    const types = (await gql(server.graphqlUrl, TIMELINE_TYPES, { id })).data!.incident.timeline.map(
      (e: { type: string }) => e.type,
    );
    expect(types.filter((t: string) => t === 'POSTMORTEM_OPENED')).toHaveLength(1);

    const p2 = await resolvedIncident('P2', 'Search slow');
    expect((await gql(server.graphqlUrl, FOR_INCIDENT, { id: p2 })).data!.postmortemForIncident).toBeNull();
    const requested = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { requestPostmortem(incidentId: $id) { id status } }`,
      { id: p2 },
    );
    expect(requested.data!.requestPostmortem.status).toBe('DRAFT');
    const before = await count('postmortem');
    const twice = await gql(server.graphqlUrl, `mutation($id: ID!) { requestPostmortem(incidentId: $id) { id } }`, {
      id: p2,
    });
    expect(twice.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'incidentId' });
    const open = (await gql(server.graphqlUrl, DECLARE, { input: { title: 'Still open', severity: 'P3' } })).data!
      .declareIncident.id;
    const notResolved = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { requestPostmortem(incidentId: $id) { id } }`,
      { id: open },
    );
    expect(notResolved.errors![0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', field: 'incidentId' });
    expect(await count('postmortem')).toBe(before);
  });

  it('edits, reviews and publishes; refuses invalid moves with no writes; exports Markdown by field and URL', async () => {
    const id = await resolvedIncident('P1', 'Payments failing');
    const pm = (await gql(server.graphqlUrl, FOR_INCIDENT, { id })).data!.postmortemForIncident;
    const MOVE = `mutation($id: ID!, $to: PostmortemStatus!) { transitionPostmortem(id: $id, to: $to) { status publishedAt onTime } }`;
    const skip = await gql(server.graphqlUrl, MOVE, { id: pm.id, to: 'PUBLISHED' });
    expect(skip.errors![0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      field: 'to',
      from: 'DRAFT',
      to: 'PUBLISHED',
    });
    expect((await gql(server.graphqlUrl, MOVE, { id: pm.id, to: 'IN_REVIEW' })).data!.transitionPostmortem.status).toBe(
      'IN_REVIEW',
    );
    const empty = await gql(server.graphqlUrl, MOVE, { id: pm.id, to: 'PUBLISHED' });
    expect(empty.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'whatHappened' });
    const badPercent = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { updatePostmortem(id: $id, input: { usersAffectedPercent: 140 }) { id } }`,
      { id: pm.id },
    );
    expect(badPercent.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'usersAffectedPercent' });
    const unchanged = (await gql(server.graphqlUrl, FOR_INCIDENT, { id })).data!.postmortemForIncident;
    expect(unchanged.status).toBe('IN_REVIEW');

    const edited = await gql(
      server.graphqlUrl,
      `mutation($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { whatHappened usersAffected usersAffectedPercent } }`,
      {
        id: pm.id,
        input: {
          whatHappened: 'The card processor timed out.',
          whyItHappened: 'A pool limit of 10.',
          usersAffected: 1200,
          usersAffectedPercent: 4.5,
          impactSummary: 'Card payments failed',
        },
      },
    );
    expect(edited.errors).toBeUndefined();
    const published = await gql(server.graphqlUrl, MOVE, { id: pm.id, to: 'PUBLISHED' });
    expect(published.data!.transitionPostmortem).toMatchObject({ status: 'PUBLISHED', onTime: true });
    const late = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { updatePostmortem(id: $id, input: { title: "x" }) { id } }`,
      { id: pm.id },
    );
    expect(late.errors![0].extensions).toMatchObject({ code: 'INVALID_TRANSITION' });

    const md = (await gql(server.graphqlUrl, `query($id: ID!) { postmortem(id: $id) { markdown } }`, { id: pm.id }))
      .data!.postmortem.markdown as string;
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '# Post-Mortem: Payments failing',
      '## Incident Summary',
      // Drawn from the incident's timeline, regenerated until published (postmortem-facts.test.ts).
      '## Facts from the Timeline',
      '## Timeline',
      '## Root Cause',
      '## Impact',
      '## Action Items',
    ]);
    expect(md).toContain('- **Duration**: 1h 00m');
    expect(md).toContain('- **Users affected**: 1200 (4.5%)');
    expect(md).toContain('- **What happened**: The card processor timed out.');
    const auth = { authorization: `Bearer ${adminTokenFor(server.url)}` };
    const res = await fetch(`${server.url}/api/postmortems/${pm.id}/markdown`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(await res.text()).toBe(md);
    const missing = await fetch(`${server.url}/api/postmortems/999999/markdown`, { headers: auth });
    expect([missing.status, (await missing.json()).field]).toEqual([404, 'id']);
    const bad = await fetch(`${server.url}/api/postmortems/abc/markdown`, { headers: auth });
    expect([bad.status, (await bad.json()).field]).toEqual([400, 'id']);
    expect((await fetch(`${server.url}/api/postmortems/${pm.id}/markdown`)).status).toBe(401);
  });

  it('tracks action items: defaults, owners, transitions, overdue, completion, live updates; bad input writes nothing', async () => {
    const id = await resolvedIncident('P0', 'Queue stuck');
    const pm = (await gql(server.graphqlUrl, FOR_INCIDENT, { id })).data!.postmortemForIncident;
    const live = collect(ws, `subscription($owner: ID) { actionItemChanged(ownerId: $owner) { id status } }`, {
      owner: String(ana.id),
    });
    await subscribed(server, live);
    const before = await count('action_item');
    const unknownOwner = await gql(server.graphqlUrl, ADD_ITEM, {
      pm: pm.id,
      input: { category: 'IMMEDIATE', title: 'Alert on depth', ownerId: '999999' },
    });
    expect(unknownOwner.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'ownerId' });
    const past = await gql(server.graphqlUrl, ADD_ITEM, {
      pm: pm.id,
      input: {
        category: 'IMMEDIATE',
        title: 'x',
        ownerId: String(ana.id),
        dueAt: new Date(clock.now().getTime() - HOUR).toISOString(),
      },
    });
    expect(past.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'dueAt' });
    const badLink = await gql(server.graphqlUrl, ADD_ITEM, {
      pm: pm.id,
      input: { category: 'IMMEDIATE', title: 'x', ownerId: String(ana.id), ticketUrl: 'javascript:1' },
    });
    expect(badLink.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'ticketUrl' });
    expect(await count('action_item')).toBe(before);

    const now = clock.now().getTime();
    const a = (
      await gql(server.graphqlUrl, ADD_ITEM, {
        pm: pm.id,
        input: {
          category: 'IMMEDIATE',
          title: 'Alert on queue depth',
          ownerId: String(ana.id),
          ticketUrl: 'https://jira.example/OPS-1',
        },
      })
    ).data!.addActionItem;
    expect(a).toMatchObject({
      status: 'OPEN',
      owner: { name: 'Ana' },
      overdue: false,
      aging: 'FRESH',
      ticketUrl: 'https://jira.example/OPS-1',
    });
    expect(new Date(a.dueAt).getTime() - now).toBe(3 * 24 * HOUR);
    const b = (
      await gql(server.graphqlUrl, ADD_ITEM, {
        pm: pm.id,
        input: { category: 'SHORT_TERM', title: 'Retry budget', ownerId: String(ana.id) },
      })
    ).data!.addActionItem;
    expect(new Date(b.dueAt).getTime() - now).toBe(14 * 24 * HOUR);
    const c = (
      await gql(server.graphqlUrl, ADD_ITEM, {
        pm: pm.id,
        input: { category: 'LONG_TERM', title: 'Replace the queue', ownerId: String(ben.id) },
      })
    ).data!.addActionItem;
    expect(new Date(c.dueAt).getTime() - now).toBe(90 * 24 * HOUR);
    expect((await live.next(2)).map((e) => e.actionItemChanged.id)).toEqual([a.id, b.id]);

    const UPDATE = `mutation($id: ID!, $input: UpdateActionItemInput!) { updateActionItem(id: $id, input: $input) { ownerId dueAt title } }`;
    const reassignUnknown = await gql(server.graphqlUrl, UPDATE, {
      id: c.id,
      input: { ownerId: '999999', title: 'renamed' },
    });
    expect(reassignUnknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'ownerId' });
    const pastDue = await gql(server.graphqlUrl, UPDATE, { id: c.id, input: { dueAt: '2020-01-01T00:00:00Z' } });
    expect(pastDue.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'dueAt' });
    const reassigned = await gql(server.graphqlUrl, UPDATE, { id: c.id, input: { ownerId: String(ana.id) } });
    expect(reassigned.data!.updateActionItem).toMatchObject({
      ownerId: String(ana.id),
      title: 'Replace the queue',
      dueAt: c.dueAt,
    });
    await gql(server.graphqlUrl, UPDATE, { id: c.id, input: { ownerId: String(ben.id) } });
    const noReason = await gql(server.graphqlUrl, MOVE_ITEM, { id: c.id, input: { to: 'WONT_DO' } });
    expect(noReason.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'reason' });
    expect(
      (await gql(server.graphqlUrl, MOVE_ITEM, { id: a.id, input: { to: 'IN_PROGRESS' } })).data!.transitionActionItem
        .status,
    ).toBe('IN_PROGRESS');
    const done = (await gql(server.graphqlUrl, MOVE_ITEM, { id: a.id, input: { to: 'DONE' } })).data!
      .transitionActionItem;
    expect(done.closedAt).toBe(clock.now().toISOString());
    const backwards = await gql(server.graphqlUrl, MOVE_ITEM, { id: a.id, input: { to: 'IN_PROGRESS' } });
    expect(backwards.errors![0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'DONE',
      to: 'IN_PROGRESS',
    });
    const wont = (
      await gql(server.graphqlUrl, MOVE_ITEM, { id: c.id, input: { to: 'WONT_DO', reason: 'Queue is being retired' } })
    ).data!.transitionActionItem;
    expect(wont).toMatchObject({ status: 'WONT_DO', wontDoReason: 'Queue is being retired' });
    expect((await live.next(4)).map((e) => e.actionItemChanged.id).slice(2)).toEqual([c.id, a.id]);

    const open = await gql(server.graphqlUrl, `query($o: ID) { openActionItems(ownerId: $o) { id } }`, {
      o: String(ana.id),
    });
    expect(open.data!.openActionItems.map((i: { id: string }) => i.id)).toEqual([b.id]);
    expect((await gql(server.graphqlUrl, `{ overdueActionItems { id } }`)).data!.overdueActionItems).toEqual([]);
    clock.advance(15 * 24 * HOUR);
    const overdue = await gql(server.graphqlUrl, `{ overdueActionItems { id overdue aging } }`);
    expect(overdue.data!.overdueActionItems).toEqual([{ id: b.id, overdue: true, aging: 'WEEK_OLD' }]);
    const completion = await gql(server.graphqlUrl, `{ actionItemCompletion { total done wontDo open rate } }`);
    expect(completion.data!.actionItemCompletion).toEqual({ total: 3, done: 1, wontDo: 1, open: 1, rate: 0.5 });
    const types = (await gql(server.graphqlUrl, TIMELINE_TYPES, { id })).data!.incident.timeline.map(
      (e: { type: string }) => e.type,
    );
    expect(types.filter((t: string) => t.startsWith('ACTION_ITEM'))).toEqual([
      'ACTION_ITEM_ADDED',
      'ACTION_ITEM_ADDED',
      'ACTION_ITEM_ADDED',
      'ACTION_ITEM_STATUS_CHANGED',
      'ACTION_ITEM_STATUS_CHANGED',
      'ACTION_ITEM_STATUS_CHANGED',
    ]);
    live.unsubscribe();
  });

  it("exports people's text as text: a multi-line field adds no section, list item or HTML to the Markdown download", async () => {
    const id = await resolvedIncident('P1', 'Login <b>broken</b>');
    const pm = (await gql(server.graphqlUrl, FOR_INCIDENT, { id })).data!.postmortemForIncident;
    const injection = 'Sessions expired.\n## Action items\n- fake item\n<script>alert(1)</script>\n> quoted';
    const edited = await gql(
      server.graphqlUrl,
      `mutation($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { id } }`,
      {
        id: pm.id,
        input: {
          whatHappened: injection,
          whyItHappened: injection,
          contributingFactors: injection,
          impactSummary: injection,
          revenueImpact: injection,
          reputationImpact: injection,
        },
      },
    );
    expect(edited.errors).toBeUndefined();
    const users = server.app.db.dataSource.getRepository(User);
    const mallory = await users.save(
      users.create({
        name: '<img src=x onerror=alert(1)> [me](https://evil.example)',
        email: `mallory.${pm.id}@example.com`,
        role: 'RESPONDER',
        createdAt: clock.now(),
      }),
    );
    const item = await gql(server.graphqlUrl, ADD_ITEM, {
      pm: pm.id,
      input: { category: 'IMMEDIATE', title: 'Rotate keys\n## Fake heading', ownerId: String(mallory.id) },
    });
    expect(item.errors).toBeUndefined();

    const res = await fetch(`${server.url}/api/postmortems/${pm.id}/markdown`, {
      headers: { authorization: `Bearer ${adminTokenFor(server.url)}` },
    });
    expect(res.status).toBe(200);
    const tokens = new MarkdownIt({ html: true }).parse(await res.text(), {});
    const text = (i: number) => (tokens[i].children ?? []).map((c) => c.content).join('');
    expect(tokens.flatMap((t, i) => (t.type === 'heading_open' ? [text(i + 1)] : []))).toEqual([
      'Post-Mortem: Login <b>broken</b>',
      'Incident Summary',
      'Facts from the Timeline',
      'Timeline',
      'Root Cause',
      'Impact',
      'Action Items',
    ]);
    // The facts' items: six times and durations, seven lists, and one item per thing each list holds.
    const { facts } = (
      await gql(
        server.graphqlUrl,
        `query($id: ID!) { postmortem(id: $id) { facts { reopenings { at } pages { at } acknowledgements { at }
          runbookRuns { startedAt } statusUpdates { at } suspectDeployments { version } overrides { at } } } }`,
        { id: pm.id },
      )
    ).data!.postmortem;
    const factItems = 6 + 7 + Object.values(facts as Record<string, unknown[]>).reduce((n, l) => n + l.length, 0);
    // The template's items only (owner and reviewers, summary 5 with its resolution line, the facts, timeline, root
    // cause 3, impact 3, three categories, one action item).
    const items = tokens.filter((t) => t.type === 'list_item_open').length;
    expect(items).toBe(2 + 5 + factItems + pm.timeline.length + 3 + 3 + 3 + 1);
    const kinds = new Set(tokens.flatMap((t) => [t.type, ...(t.children ?? []).map((c) => c.type)]));
    for (const kind of ['html_block', 'html_inline', 'blockquote_open', 'link_open', 'image'])
      expect({ kind, found: kinds.has(kind) }).toEqual({ kind, found: false });
  });
});
