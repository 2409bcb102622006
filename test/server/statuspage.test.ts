import { Client } from 'graphql-ws';
import { DAY, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, collect, gql, startTestServer, subscribed, userWithToken, wsClient } from '../support/server';
import { resolveVerified } from '../support/resolve';
import { DEFAULT_STATUS_PAGE_CONFIG } from '../../server/src/statuspage/statuspage.config';

const PAGE = `{ publicStatus { generatedAt state headline components { name state }
  activeIncidents { id title status impact startedAt resolvedAt components updates { id at status message line } }
  pastIncidents { id title status impact resolvedAt components updates { line } }
  scheduledMaintenance { title startsAt endsAt components } } }`;
const ANONYMOUS = { authorization: '' };
/** Everything seeded that only responders may see: none of it may reach the public page in any format. */
const SECRETS = [
  'SECRET',
  'Ana',
  'Ben',
  '(test)',
  'Administrator',
  'db-primary-1',
  'lag_seconds',
  'replica',
  'Datadog',
  'pd prod',
  'prod.internal',
];

describe.each(testDatabaseKinds())('public status page on %s', (kind) => {
  let server: TestServer;
  let ws: Client;
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');
  const ids: Record<string, string> = {};

  const mutate = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await gql(server.graphqlUrl, query, variables, headers);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const declare = async (title: string, severity: string, services: string[], headers: Record<string, string>) =>
    (
      await mutate(
        `mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`,
        { i: { title, severity, services, summary: `SECRET summary of ${title}` } },
        headers,
      )
    ).declareIncident.id as string;
  const statusUpdate = (
    id: string,
    publicStatus: string,
    internalMessage: string | null,
    publicMessage: string | null,
    headers: Record<string, string>,
  ) =>
    mutate(
      `mutation($id: ID!, $i: StatusUpdateInput!) { postStatusUpdate(id: $id, input: $i) { id } }`,
      { id, i: { publicStatus, internalMessage, publicMessage } },
      headers,
    );
  const note = (id: string, message: string, headers: Record<string, string>) =>
    mutate(
      `mutation($id: ID!, $m: String!) { addTimelineNote(id: $id, input: { message: $m }) { id } }`,
      { id, m: message },
      headers,
    );
  const resolve = (id: string, headers: Record<string, string>) =>
    resolveVerified(server.graphqlUrl, id, { note: 'SECRET resolution note', headers });

  beforeAll(async () => {
    // This file moves a manual clock by 1 ms and expects the page to follow: no rebuild interval (the snapshot's
    // throttling and caching are statuspage-snapshot.test.ts's). Every severity is published by default here: this
    // file is about what the page shows and hides of an incident; which incidents it shows is
    // statuspage-publication.test.ts's.
    server = await startTestServer(kind, {
      clock,
      config: { statusPage: { ...DEFAULT_STATUS_PAGE_CONFIG, rebuildMs: 0, autoPublishUpTo: 'P3' } },
    });
    ws = wsClient(server.wsUrl);
    const ana = (await userWithToken(server, 'Ana', 'RESPONDER')).headers;
    const ben = (await userWithToken(server, 'Ben', 'RESPONDER')).headers;
    const svc = await mutate(
      `mutation { a: createService(input: { name: "checkout-api" }) { id } b: createService(input: { name: "search" }) { id }
      c: createService(input: { name: "billing", description: "SECRET internal description" }) { id } }`,
      {},
    );

    // Resolved 15 days before "now": outside the past-incidents window. Resolved exactly 14 days before: inside.
    ids.old = await declare('SECRET old outage', 'P1', ['search'], ana);
    await resolve(ids.old, ana);
    await statusUpdate(ids.old, 'RESOLVED', null, 'Old outage over.', ana);
    clock.advance(DAY);
    ids.past = await declare('SECRET search index corrupt', 'P1', ['search'], ana);
    await statusUpdate(
      ids.past,
      'IDENTIFIED',
      'SECRET internal: shard 7 of es-prod',
      'Search results are incomplete; we found the cause.',
      ben,
    );
    await resolve(ids.past, ben);
    clock.advance(13 * DAY);

    ids.p0 = await declare('SECRET db-primary-1 lost quorum', 'P0', ['checkout-api'], ana);
    await note(ids.p0, 'SECRET note: Ana restarted db-primary-1', ana);
    await statusUpdate(
      ids.p0,
      'INVESTIGATING',
      'SECRET internal: failover did not trigger',
      'Checkout is failing for some customers. We are investigating.',
      ana,
    );
    clock.advance(60_000);
    await statusUpdate(ids.p0, 'INVESTIGATING', 'SECRET only internal text, no public text', null, ben);

    // An alert-opened incident: its title and payload come from the monitoring system.
    const integration = await mutate(
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "pd prod", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
      { s: svc.c.id },
    );
    const res = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: integration.createIntegration.key,
        event_action: 'trigger',
        dedup_key: 'SECRET-dedup',
        client: 'Datadog',
        payload: {
          summary: 'SECRET Replication lag on db-primary-1',
          source: 'db-primary-1.prod.internal',
          severity: 'warning',
          custom_details: { lag_seconds: 340, replica: 'db-replica-3' },
        },
      }),
    });
    expect(res.status).toBe(202);

    // Maintenance: one upcoming, one already over; the reason and author stay internal.
    const inADay = new Date(clock.now().getTime() + DAY);
    await mutate(`mutation($i: CreateMaintenanceWindowInput!) { createMaintenanceWindow(input: $i) { id } }`, {
      i: {
        serviceId: svc.b.id,
        startsAt: inADay.toISOString(),
        endsAt: new Date(inADay.getTime() + 3_600_000).toISOString(),
        reason: 'SECRET reindex es-prod',
      },
    });
    await mutate(`mutation($i: CreateMaintenanceWindowInput!) { createMaintenanceWindow(input: $i) { id } }`, {
      i: {
        serviceId: svc.a.id,
        startsAt: clock.now().toISOString(),
        endsAt: new Date(clock.now().getTime() + 1000).toISOString(),
        reason: 'SECRET short',
      },
    });
    clock.advance(1000);
  }, 60_000);

  afterAll(async () => {
    await ws?.dispose();
    await server?.dispose();
  });

  it('derives component states and lists active, past and maintenance sections, anonymously', async () => {
    const res = await gql(server.graphqlUrl, PAGE, {}, ANONYMOUS);
    expect(res.errors).toBeUndefined();
    const page = res.data!.publicStatus;
    expect(page).toMatchObject({
      state: 'MAJOR_OUTAGE',
      headline: 'Major outage',
      generatedAt: clock.now().toISOString(),
    });
    expect(page.scheduledMaintenance).toEqual([
      {
        title: 'Scheduled maintenance',
        startsAt: '2026-06-16T12:01:00.000Z',
        endsAt: '2026-06-16T13:01:00.000Z',
        components: ['search'],
      },
    ]);
    expect(page.components).toEqual([
      { name: 'billing', state: 'DEGRADED_PERFORMANCE' },
      { name: 'checkout-api', state: 'MAJOR_OUTAGE' },
      { name: 'search', state: 'OPERATIONAL' },
    ]);
    const [p0, alert] = page.activeIncidents;
    expect(p0).toMatchObject({
      id: ids.p0,
      title: 'Major outage affecting checkout-api',
      status: 'INVESTIGATING',
      impact: 'MAJOR_OUTAGE',
      components: ['checkout-api'],
      resolvedAt: null,
    });
    expect(p0.updates).toEqual([
      {
        id: expect.any(String),
        at: '2026-06-15T12:00:00.000Z',
        status: 'INVESTIGATING',
        message: 'Checkout is failing for some customers. We are investigating.',
        line: '[2026-06-15 12:00 UTC] - Checkout is failing for some customers. We are investigating.',
      },
    ]);
    expect(alert).toMatchObject({
      title: 'Degraded performance affecting billing',
      components: ['billing'],
      updates: [],
    });
    expect(page.pastIncidents).toEqual([
      expect.objectContaining({
        id: ids.past,
        status: 'RESOLVED',
        title: 'Partial outage affecting search',
        // The story ends with the resolution's public line (its note is internal).
        updates: [
          { line: '[2026-06-02 12:00 UTC] - This incident has been resolved.' },
          { line: '[2026-06-02 12:00 UTC] - Search results are incomplete; we found the cause.' },
        ],
      }),
    ]);
  });

  it('the past-incidents window ends exactly 14 days after resolution', async () => {
    const pastIds = async () =>
      (await gql(server.graphqlUrl, PAGE, {}, ANONYMOUS)).data!.publicStatus.pastIncidents.map((i: any) => i.id);
    const saved = clock.now();
    clock.set('2026-06-15T11:59:59.999Z'); // "old" was resolved at 2026-06-01T12:00:00.000Z
    expect(await pastIds()).toEqual([ids.past, ids.old]);
    clock.set('2026-06-15T12:00:00.000Z');
    expect(await pastIds()).toEqual([ids.past, ids.old]);
    clock.set('2026-06-15T12:00:00.001Z');
    expect(await pastIds()).toEqual([ids.past]);
    clock.set(saved);
  });

  it('never exposes notes, internal text, titles, actor names or alert payloads: GraphQL, JSON and Atom', async () => {
    const graphql = JSON.stringify((await gql(server.graphqlUrl, PAGE, {}, ANONYMOUS)).data);
    const json = await fetch(`${server.url}/api/status.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    const jsonText = await json.text();
    const atom = await fetch(`${server.url}/status/feed.atom`);
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    const atomText = await atom.text();
    for (const text of [graphql, jsonText, atomText]) {
      for (const secret of SECRETS) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
    expect(JSON.parse(jsonText)).toMatchObject({ state: 'MAJOR_OUTAGE', components: expect.any(Array) });
    expect(jsonText).toContain('Checkout is failing for some customers.');
  });

  it('serves a well-formed Atom feed, one entry per public update, newest first', async () => {
    const xml = await (await fetch(`${server.url}/status/feed.atom`)).text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(
      true,
    );
    const entries = [...xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => m[0]);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toContain('<title>Investigating: Major outage affecting checkout-api</title>');
    expect(entries[0]).toContain(
      '<content type="text">[2026-06-15 12:00 UTC] - Checkout is failing for some customers. We are investigating.</content>',
    );
    expect(entries[1]).toContain('<title>Resolved: Partial outage affecting search</title>');
    expect(entries[2]).toContain('Search results are incomplete; we found the cause.');
    expect(xml).toContain('<updated>2026-06-15T12:00:00.000Z</updated>');
    expect(xml.trim().endsWith('</feed>')).toBe(true);
  });

  it('escapes public text in the feed', async () => {
    const ana = (await userWithToken(server, 'Esc', 'RESPONDER')).headers;
    const id = await declare('escape', 'P3', [], ana);
    await statusUpdate(id, 'IDENTIFIED', null, 'Fixed <b>&</b> "quoted" \u0007bell', ana);
    const xml = await (await fetch(`${server.url}/status/feed.atom`)).text();
    expect(xml).toContain('Fixed &lt;b&gt;&amp;&lt;/b&gt; &quot;quoted&quot; bell');
    await resolve(id, ana);
  });

  it('streams the page to anonymous visitors as Server-Sent Events, then only what changed, on public changes only', async () => {
    const ben = (await userWithToken(server, 'Ben3', 'RESPONDER')).headers;
    const abort = new AbortController();
    const res = await fetch(`${server.url}/api/status/stream`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const events = () => text.split('\n\n').filter((c) => /^event: (status|change)\n/.test(c));
    const until = async (n: number) => {
      const deadline = Date.now() + 5000;
      while (events().length < n) {
        if (Date.now() > deadline) throw new Error(`saw ${events().length} events`);
        const chunk = await reader.read();
        text += new TextDecoder().decode(chunk.value);
      }
    };
    try {
      await until(1);
      expect(JSON.parse(events()[0].split('data: ')[1]).state).toBe('MAJOR_OUTAGE');
      await note(ids.p0, 'SECRET note while streaming', ben);
      await statusUpdate(ids.p0, 'INVESTIGATING', null, 'Still investigating, next update in 30 minutes.', ben);
      await until(2);
      // The second event is the change alone: the one incident that moved, not the whole page again.
      expect(events()[1]).toMatch(/^event: change\n/);
      const { change } = JSON.parse(events()[1].split('data: ')[1]);
      expect(change.incidents.map((i: any) => i.id)).toEqual([ids.p0]);
      expect(change.incidents[0].updates[0].message).toBe('Still investigating, next update in 30 minutes.');
      expect(change.components).toBeUndefined();
      expect(text).not.toContain('SECRET');
    } finally {
      abort.abort();
    }
  });

  it('publicStatusChanged over graphql-ws: public changes are pushed, internal notes are not', async () => {
    const ben = (await userWithToken(server, 'Ben2', 'RESPONDER')).headers;
    const sub = collect(
      ws,
      `subscription { publicStatusChanged { state activeIncidents { id status updates { message } } } }`,
    );
    await subscribed(server, sub);
    await note(ids.p0, 'SECRET another internal note', ben);
    await mutate(
      `mutation($id: ID!) { transitionIncident(id: $id, input: { to: IDENTIFIED }) { id } }`,
      { id: ids.p0 },
      ben,
    );
    // Customers were told "Investigating" and nothing since: the page says so until the update says more.
    const [first] = await sub.next(1);
    expect(first.publicStatusChanged.activeIncidents.find((i: any) => i.id === ids.p0).status).toBe('INVESTIGATING');
    await statusUpdate(ids.p0, 'IDENTIFIED', null, 'We found the cause and are fixing it.', ben);
    const [, second] = await sub.next(2);
    expect(second.publicStatusChanged.activeIncidents.find((i: any) => i.id === ids.p0)).toMatchObject({
      status: 'IDENTIFIED',
      updates: expect.arrayContaining([{ message: 'We found the cause and are fixing it.' }]),
    });
    expect(second.publicStatusChanged.activeIncidents.find((i: any) => i.id === ids.p0).updates[0].message).toBe(
      'We found the cause and are fixing it.',
    );
    // Events arrive in the order they were published, so one for the internal note (published first) would be among
    // these: two public changes, two events, the note heard of by no one.
    expect(sub.items).toHaveLength(2);
    expect(JSON.stringify(sub.items)).not.toContain('SECRET');
    sub.unsubscribe();
  });
});
