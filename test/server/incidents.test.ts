import { Client } from 'graphql-ws';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, collect, gql, startTestServer, subscribed, userWithToken, wsClient } from '../support/server';
import { resolveVerified } from '../support/resolve';

const INCIDENT_FIELDS = `id title severity status source detectedAt acknowledgedAt resolvedAt acknowledgeBy resolveBy
  services { name } sla { acknowledge { state deadline } resolve { state } } publicStatus allowedTransitions`;

const DECLARE = `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { ${INCIDENT_FIELDS} } }`;
const ACK = `mutation($id: ID!) { acknowledgeIncident(id: $id) { ${INCIDENT_FIELDS} } }`;
const TRANSITION = `mutation($id: ID!, $input: TransitionIncidentInput!) { transitionIncident(id: $id, input: $input) { id status } }`;
const TIMELINE = `query($id: ID!) { incident(id: $id) { status timeline { type message actorName actorKind at data } } }`;
const COUNT_ALL = `{ incidents(page: { first: 200 }) { nodes { id } } }`;
/** The incident core's own event types; other features (paging, post-mortems) add theirs to the same timeline. */
const CORE = new Set([
  'DECLARED',
  'ACKNOWLEDGED',
  'STATUS_CHANGED',
  'SEVERITY_CHANGED',
  'NOTE',
  'STATUS_UPDATE',
  'PUBLIC_UPDATE',
  'RESOLVED',
  'REOPENED',
]);
const core = <T extends { type: string }>(events: T[]): T[] => events.filter((e) => CORE.has(e.type));

describe.each(testDatabaseKinds())('incident core over HTTP and graphql-ws on %s', (kind) => {
  let server: TestServer;
  let ws: Client;
  let ana: Record<string, string>;
  let ben: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    ws = wsClient(server.wsUrl);
    ana = (await userWithToken(server, 'Ana', 'RESPONDER')).headers;
    ben = (await userWithToken(server, 'Ben', 'RESPONDER')).headers;
    const created = await gql(
      server.graphqlUrl,
      `mutation { a: createService(input: { name: "checkout-api" }) { id } b: createService(input: { name: "search" }) { id } }`,
    );
    expect(created.errors).toBeUndefined();
  });

  afterAll(async () => {
    await ws?.dispose();
    await server?.dispose();
  });

  it('declare → subscription event → acknowledge → timeline has both events with actors and times', async () => {
    const changes = collect(ws, `subscription { incidentChanged { id status severity services { name } } }`);
    const events = collect(ws, `subscription { timelineEventAdded { incidentId type actorName at } }`);
    await subscribed(server, changes, events);

    const declared = await gql(
      server.graphqlUrl,
      DECLARE,
      {
        input: {
          title: '  Checkout down  ',
          severity: 'P1',
          source: 'USER_REPORT',
          summary: 'Cards fail',
          services: ['checkout-api'],
        },
      },
      ana,
    );
    expect(declared.errors).toBeUndefined();
    const incident = declared.data!.declareIncident;
    expect(incident).toMatchObject({
      title: 'Checkout down',
      severity: 'P1',
      status: 'TRIGGERED',
      source: 'USER_REPORT',
      publicStatus: 'INVESTIGATING',
      services: [{ name: 'checkout-api' }],
      acknowledgedAt: null,
    });
    const detected = new Date(incident.detectedAt).getTime();
    expect(new Date(incident.acknowledgeBy).getTime() - detected).toBe(15 * 60_000);
    expect(new Date(incident.resolveBy).getTime() - detected).toBe(4 * 3_600_000);
    expect(incident.sla.acknowledge.state).toBe('PENDING');

    const [first] = await changes.next(1);
    expect(first.incidentChanged).toMatchObject({
      id: incident.id,
      status: 'TRIGGERED',
      services: [{ name: 'checkout-api' }],
    });

    const acked = await gql(server.graphqlUrl, ACK, { id: incident.id }, ben);
    expect(acked.errors).toBeUndefined();
    expect(acked.data!.acknowledgeIncident).toMatchObject({
      status: 'ACKNOWLEDGED',
      sla: { acknowledge: { state: 'MET' } },
    });
    const [, second] = await changes.next(2);
    expect(second.incidentChanged.status).toBe('ACKNOWLEDGED');
    await events.until((items) => core(items.map((e) => e.timelineEventAdded)).length >= 2);
    expect(core(events.items.map((e) => e.timelineEventAdded)).map((e) => e.type)).toEqual([
      'DECLARED',
      'ACKNOWLEDGED',
    ]);

    const timeline = await gql(server.graphqlUrl, TIMELINE, { id: incident.id });
    const lines = core(
      timeline.data!.incident.timeline as Array<{ type: string; actorName: string; actorKind: string; at: string }>,
    );
    expect(lines.map((e: any) => [e.type, e.actorName, e.actorKind])).toEqual([
      ['DECLARED', 'Ana (test)', 'TOKEN'],
      ['ACKNOWLEDGED', 'Ben (test)', 'TOKEN'],
    ]);
    // Millisecond precision survives the database round trip on both drivers.
    expect(lines[0].at).toBe(incident.detectedAt);
    expect(lines[1].at).toBe(acked.data!.acknowledgeIncident.acknowledgedAt);
    expect(new Date(lines[1].at).getTime()).toBeGreaterThanOrEqual(new Date(lines[0].at).getTime());
    changes.unsubscribe();
    events.unsubscribe();
  });

  it('an invalid transition is an INVALID_TRANSITION error naming both states, and writes nothing', async () => {
    const { data } = await gql(server.graphqlUrl, DECLARE, {
      input: { title: 'Search slow', severity: 'P2', services: ['search'] },
    });
    const id = data!.declareIncident.id;
    await resolveVerified(server.graphqlUrl, id, { note: 'false alarm' });
    const before = await gql(server.graphqlUrl, TIMELINE, { id });

    const bad = await gql(server.graphqlUrl, TRANSITION, { id, input: { to: 'ACKNOWLEDGED', note: 'oops' } });
    expect(bad.data).toBeNull();
    expect(bad.errors![0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'RESOLVED',
      to: 'ACKNOWLEDGED',
      field: 'to',
    });
    expect(bad.errors![0].message).toMatch(/from RESOLVED to ACKNOWLEDGED/);
    expect(JSON.stringify(bad.errors)).not.toMatch(/stacktrace|at .*\.ts:/);

    const after = await gql(server.graphqlUrl, TIMELINE, { id });
    expect(after.data).toEqual(before.data);
  });

  it.each([
    ['empty title', { title: '   ', severity: 'P1' }, 'title'],
    ['title too long', { title: 'x'.repeat(201), severity: 'P1' }, 'title'],
    ['unknown service', { title: 'ok', severity: 'P1', services: ['nope'] }, 'services'],
    ['detection in the future', { title: 'ok', severity: 'P1', detectedAt: '2999-01-01T00:00:00.000Z' }, 'detectedAt'],
  ])('rejects %s with VALIDATION on the field, writing nothing', async (_label, input, field) => {
    const before = await gql(server.graphqlUrl, COUNT_ALL);
    const res = await gql(server.graphqlUrl, DECLARE, { input });
    expect(res.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field });
    const after = await gql(server.graphqlUrl, COUNT_ALL);
    expect(after.data!.incidents.nodes.length).toBe(before.data!.incidents.nodes.length);
  });

  it('rejects a bad enum, a bad id and an unknown id with clear errors', async () => {
    const badEnum = await gql(server.graphqlUrl, DECLARE, { input: { title: 'x', severity: 'P9' } });
    expect(badEnum.status).toBe(400);
    expect(badEnum.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(badEnum.errors![0].message).toMatch(/severity/);
    const badId = await gql(server.graphqlUrl, ACK, { id: 'abc' });
    expect(badId.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'id' });
    const missing = await gql(server.graphqlUrl, ACK, { id: '999999' });
    expect(missing.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('changes severity with a reason and recomputes deadlines from detection; reopens with a reason', async () => {
    const { data } = await gql(server.graphqlUrl, DECLARE, { input: { title: 'Login errors', severity: 'P2' } });
    const { id, detectedAt } = data!.declareIncident;
    const noReason = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P0, reason: " " }) { id } }`,
      { id },
    );
    expect(noReason.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'reason' });
    const changed = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P0, reason: "all logins fail" }) { severity acknowledgeBy resolveBy } }`,
      { id },
    );
    expect(changed.data!.changeSeverity.severity).toBe('P0');
    expect(new Date(changed.data!.changeSeverity.resolveBy).getTime() - new Date(detectedAt).getTime()).toBe(3_600_000);

    await resolveVerified(server.graphqlUrl, id);
    const reopened = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { reopenIncident(id: $id, input: { reason: "errors are back" }) { status resolvedAt acknowledgedAt } }`,
      { id },
    );
    expect(reopened.data!.reopenIncident).toMatchObject({ status: 'INVESTIGATING', resolvedAt: null });
    expect(reopened.data!.reopenIncident.acknowledgedAt).not.toBeNull();
    const t = await gql(server.graphqlUrl, TIMELINE, { id });
    const coreEvents = core(t.data!.incident.timeline as Array<{ type: string; data: unknown }>);
    expect(coreEvents.map((e) => e.type)).toEqual([
      'DECLARED',
      'SEVERITY_CHANGED',
      'RESOLVED',
      // Customers hear it is over, then that it is back (status-updates.test.ts).
      'PUBLIC_UPDATE',
      'REOPENED',
      'PUBLIC_UPDATE',
    ]);
    expect(coreEvents[1].data).toMatchObject({ from: 'P2', to: 'P0', reason: 'all logins fail' });
  });

  it('lists newest first with filters and cursor pagination', async () => {
    for (const title of ['a', 'b', 'c'])
      await gql(server.graphqlUrl, DECLARE, { input: { title: `page ${title}`, severity: 'P3' } });
    const q = `query($after: String) { incidents(filter: { severity: [P3] }, page: { first: 2, after: $after }) { nodes { title } pageInfo { endCursor hasNextPage } } }`;
    const p1 = await gql(server.graphqlUrl, q);
    expect(p1.data!.incidents.nodes.map((n: any) => n.title)).toEqual(['page c', 'page b']);
    expect(p1.data!.incidents.pageInfo.hasNextPage).toBe(true);
    const p2 = await gql(server.graphqlUrl, q, { after: p1.data!.incidents.pageInfo.endCursor });
    expect(p2.data!.incidents.nodes.map((n: any) => n.title)).toEqual(['page a']);
    expect(p2.data!.incidents.pageInfo.hasNextPage).toBe(false);
    const tooMany = await gql(server.graphqlUrl, `{ incidents(page: { first: 5000 }) { nodes { id } } }`);
    expect(tooMany.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'first' });
    const open = await gql(
      server.graphqlUrl,
      `{ incidents(filter: { open: true, severity: [P3] }) { nodes { status } } }`,
    );
    expect(open.data!.incidents.nodes.every((n: any) => n.status !== 'RESOLVED')).toBe(true);
  });

  it('a subscription filtered by id hears only that incident', async () => {
    const a = (await gql(server.graphqlUrl, DECLARE, { input: { title: 'watched', severity: 'P3' } })).data!
      .declareIncident.id;
    const b = (await gql(server.graphqlUrl, DECLARE, { input: { title: 'other', severity: 'P3' } })).data!
      .declareIncident.id;
    const sub = collect(ws, `subscription($id: ID) { incidentChanged(id: $id) { id status } }`, { id: a });
    await subscribed(server, sub);
    await gql(server.graphqlUrl, ACK, { id: b });
    await gql(server.graphqlUrl, ACK, { id: a });
    const [only] = await sub.next(1);
    expect(only.incidentChanged).toEqual({ id: a, status: 'ACKNOWLEDGED' });
    // A later change of the watched incident marks the end: events arrive in order, so anything else (b's change, a
    // second event for a's acknowledgement) would have come before it.
    await gql(server.graphqlUrl, TRANSITION, { id: a, input: { to: 'IDENTIFIED' } });
    await sub.until((items) => items.some((i) => i.incidentChanged.status === 'IDENTIFIED'));
    expect(sub.items.map((i) => i.incidentChanged)).toEqual([
      { id: a, status: 'ACKNOWLEDGED' },
      { id: a, status: 'IDENTIFIED' },
    ]);
    sub.unsubscribe();
  });

  it('concurrent acknowledgements: exactly one wins, the rest are INVALID_TRANSITION, one ACKNOWLEDGED event', async () => {
    const id = (await gql(server.graphqlUrl, DECLARE, { input: { title: 'race', severity: 'P1' } })).data!
      .declareIncident.id;
    const results = await Promise.all(Array.from({ length: 8 }, () => gql(server.graphqlUrl, ACK, { id })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'INVALID_TRANSITION')).toHaveLength(7);
    const t = await gql(server.graphqlUrl, TIMELINE, { id });
    expect(t.data!.incident.timeline.filter((e: any) => e.type === 'ACKNOWLEDGED')).toHaveLength(1);
  });

  it('posts a status update: resets the cadence clock, keeps internal and public text in separate events', async () => {
    const id = (await gql(server.graphqlUrl, DECLARE, { input: { title: 'Status page test', severity: 'P0' } })).data!
      .declareIncident.id;
    const empty = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { postStatusUpdate(id: $id, input: { publicStatus: IDENTIFIED }) { id } }`,
      { id },
    );
    expect(empty.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'publicMessage' });
    const posted = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) {
      postStatusUpdate(id: $id, input: { publicStatus: IDENTIFIED, internalMessage: "db primary lost quorum", publicMessage: "We found the cause." }) {
        statusUpdate { nextUpdateDueAt overdue } timeline { type message public }
      } }`,
      { id },
    );
    expect(posted.errors).toBeUndefined();
    const update = posted.data!.postStatusUpdate;
    expect(update.statusUpdate.overdue).toBe(false);
    expect(core(update.timeline as Array<{ type: string }>).slice(-2)).toEqual([
      { type: 'STATUS_UPDATE', message: 'Status update (IDENTIFIED): db primary lost quorum', public: false },
      { type: 'PUBLIC_UPDATE', message: 'We found the cause.', public: true },
    ]);
  });

  it('serves the severity policy table and health endpoints', async () => {
    const p = await gql(
      server.graphqlUrl,
      `{ severityPolicies { severity response resolution responseWithinMs statusUpdateEveryMs notify } }`,
    );
    expect(p.data!.severityPolicies.map((r: any) => r.severity)).toEqual(['P0', 'P1', 'P2', 'P3']);
    expect(p.data!.severityPolicies[0]).toMatchObject({
      response: 'Immediate, 24/7',
      statusUpdateEveryMs: 1_800_000,
      notify: ['ALL_STAKEHOLDERS'],
    });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      database: kind === 'sqlite' ? 'sqlite' : expect.stringMatching(/mariadb|mysql/),
    });
  });
});
