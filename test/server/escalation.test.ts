import { Client } from 'graphql-ws';
import { MINUTE, ManualClock, SECOND } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, collect, gql, startTestServer, subscribed, userWithToken, wsClient } from '../support/server';
import { setUpPaging } from '../support/paging';
import { resolveVerified } from '../support/resolve';

jest.setTimeout(60_000);

const LADDER = `query($id: ID!) { incident(id: $id) { status escalation {
  policyName active currentLevel round nextLevel nextLevelName nextAt assignee { name }
  pages { level levelName reason at note paged { name } } } timeline { type message actorName } } }`;
const DECLARE = `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id detectedAt } }`;

describe.each(testDatabaseKinds())('escalation engine on %s', (kind) => {
  let server: TestServer;
  let ws: Client;
  const clock = new ManualClock('2026-03-27T12:00:00.000Z');
  let responder: Awaited<ReturnType<typeof userWithToken>>;
  let viewer: Awaited<ReturnType<typeof userWithToken>>;

  const ladder = async (id: string) => {
    const r = await gql(server.graphqlUrl, LADDER, { id });
    expect(r.errors).toBeUndefined();
    return r.data!.incident;
  };
  const declare = async (severity: string, title = `${severity} outage`) => {
    const r = await gql(server.graphqlUrl, DECLARE, { input: { title, severity, source: 'MONITORING_ALERT' } });
    expect(r.errors).toBeUndefined();
    return r.data!.declareIncident.id as string;
  };
  const escalatedCount = async (id: string) =>
    (await ladder(id)).timeline.filter((e: { type: string }) => e.type === 'ESCALATED').length;

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    ws = wsClient(server.wsUrl);
    await setUpPaging(server);
    responder = await userWithToken(server, 'Rui Responder', 'RESPONDER');
    viewer = await userWithToken(server, 'Vic Viewer', 'VIEWER');
  });
  afterAll(async () => {
    await ws?.dispose();
    await server?.dispose();
  });

  it('P1: the on-call engineer and team lead are paged at once; no acknowledgement → the manager after exactly 15 min; acknowledging stops it', async () => {
    // Issue 16 (the notification table): a P1 pages the lead with the on-call engineer, and climbs to the manager.
    const id = await declare('P1');
    let state = await ladder(id);
    expect(state.escalation).toMatchObject({
      policyName: 'Procedure',
      active: true,
      currentLevel: 2,
      nextLevel: 3,
      nextLevelName: 'Engineering manager',
      nextAt: new Date(clock.now().getTime() + 15 * MINUTE).toISOString(),
    });
    expect(state.escalation.pages).toEqual([
      {
        level: 1,
        levelName: 'On-call engineer',
        reason: 'START',
        at: clock.now().toISOString(),
        note: null,
        paged: [{ name: 'Ana Oncall' }],
      },
      {
        level: 2,
        levelName: 'Team lead',
        reason: 'IMMEDIATE',
        at: clock.now().toISOString(),
        note: null,
        paged: [{ name: 'Lee Lead' }],
      },
    ]);
    const pages = await server.app.db.dataSource.query(
      `SELECT kind, level, targetName FROM notification WHERE incidentId = ${Number(id)} AND kind = 'PAGE'`,
    );
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(
      pages.every((p: { targetName: string; level: number }) =>
        Number(p.level) === 1 ? p.targetName === 'Ana Oncall' : p.targetName === 'Lee Lead',
      ),
    ).toBe(true);

    const changes = collect(
      ws,
      `subscription($id: ID!) { escalationChanged(incidentId: $id) { currentLevel nextLevel pages { level paged { name } } } }`,
      { id },
    );
    await subscribed(server, changes);
    clock.advance(15 * MINUTE - SECOND);
    await server.app.escalationEngine.runOnce();
    expect((await ladder(id)).escalation.currentLevel).toBe(2);

    clock.advance(SECOND);
    await server.app.escalationEngine.runOnce();
    state = await ladder(id);
    expect(state.escalation).toMatchObject({ currentLevel: 3, nextLevel: null, nextAt: null, active: false });
    expect(state.escalation.pages[2]).toMatchObject({ level: 3, reason: 'TIMEOUT', paged: [{ name: 'Em Manager' }] });
    const [pushed] = await changes.next(1);
    expect(pushed.escalationChanged).toMatchObject({
      currentLevel: 3,
      pages: [{ level: 1 }, { level: 2 }, { level: 3, paged: [{ name: 'Em Manager' }] }],
    });
    changes.unsubscribe();

    // A second P1 acknowledged in time never reaches the manager.
    const second = await declare('P1', 'Search slow');
    clock.advance(5 * MINUTE);
    const acked = await gql(server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { status } }`, {
      id: second,
    });
    expect(acked.errors).toBeUndefined();
    expect((await ladder(second)).escalation).toMatchObject({ active: false, currentLevel: 2, nextAt: null });
    clock.advance(60 * MINUTE);
    await server.app.escalationEngine.runOnce();
    expect(await escalatedCount(second)).toBe(2);
  });

  it('P0: the team lead is paged together with the on-call engineer; the manager and CTO follow on the 5-minute clock', async () => {
    const id = await declare('P0');
    let state = await ladder(id);
    expect(state.escalation.pages.map((p: { level: number; reason: string }) => [p.level, p.reason])).toEqual([
      [1, 'START'],
      [2, 'IMMEDIATE'],
    ]);
    expect(state.escalation.nextLevel).toBe(3);
    clock.advance(5 * MINUTE);
    await server.app.escalationEngine.runOnce();
    clock.advance(5 * MINUTE);
    await server.app.escalationEngine.runOnce();
    state = await ladder(id);
    expect(
      state.escalation.pages.map((p: { paged: Array<{ name: string }> }) => p.paged.map((x) => x.name).join()),
    ).toEqual(['Ana Oncall', 'Lee Lead', 'Em Manager', 'Cy Cto']);
    expect(
      state.timeline
        .filter((e: { type: string }) => e.type === 'ESCALATED')
        .every((e: { actorName: string }) => e.actorName === 'escalation'),
    ).toBe(true);
  });

  it('clocks from detection: a user report declared late pages at once every level already overdue', async () => {
    const late = async (severity: string, minutesAgo: number) => {
      const r = await gql(server.graphqlUrl, DECLARE, {
        input: {
          title: `${severity} reported late`,
          severity,
          source: 'USER_REPORT',
          detectedAt: new Date(clock.now().getTime() - minutesAgo * MINUTE).toISOString(),
        },
      });
      expect(r.errors).toBeUndefined();
      return r.data!.declareIncident as { id: string; detectedAt: string };
    };
    const steps = async (id: string) =>
      (await ladder(id)).escalation.pages.map(
        (p: { level: number; reason: string; at: string; paged: Array<{ name: string }> }) => [
          p.level,
          p.reason,
          p.at,
          p.paged.map((x) => x.name).join(),
        ],
      );
    const now = clock.now().toISOString();

    // The lead comes at once for any P1; the manager, due 15 minutes after detection, at once too.
    const p1 = await late('P1', 20);
    expect(await steps(p1.id)).toEqual([
      [1, 'START', now, 'Ana Oncall'],
      [2, 'IMMEDIATE', now, 'Lee Lead'],
      [3, 'TIMEOUT', now, 'Em Manager'],
    ]);
    const p2 = await late('P2', 61);
    expect(await steps(p2.id)).toEqual([
      [1, 'START', now, 'Ana Oncall'],
      [2, 'TIMEOUT', now, 'Lee Lead'],
    ]);

    // A P0 detected 7 minutes ago: the manager was due 5 minutes after detection (now), the CTO is due at 10.
    const p0 = await late('P0', 7);
    expect(await steps(p0.id)).toEqual([
      [1, 'START', now, 'Ana Oncall'],
      [2, 'IMMEDIATE', now, 'Lee Lead'],
      [3, 'TIMEOUT', now, 'Em Manager'],
    ]);
    expect((await ladder(p0.id)).escalation).toMatchObject({
      nextLevel: 4,
      nextAt: new Date(new Date(p0.detectedAt).getTime() + 10 * MINUTE).toISOString(),
    });
    clock.advance(3 * MINUTE - SECOND);
    await server.app.escalationEngine.runOnce();
    expect((await ladder(p0.id)).escalation.currentLevel).toBe(3);
    clock.advance(SECOND);
    await server.app.escalationEngine.runOnce();
    expect((await steps(p0.id)).map((s: unknown[]) => s[3])).toEqual([
      'Ana Oncall',
      'Lee Lead',
      'Em Manager',
      'Cy Cto',
    ]);

    // Declared at detection, nothing changes: the lead of a P2 still waits the whole hour.
    const onTime = await late('P2', 0);
    expect((await ladder(onTime.id)).escalation).toMatchObject({
      currentLevel: 1,
      nextAt: new Date(clock.now().getTime() + 60 * MINUTE).toISOString(),
    });
  });

  it('re-rating a P1 to P0 while level 1 waits pages the team lead at once', async () => {
    const id = await declare('P1', 'Payments degraded');
    clock.advance(2 * MINUTE);
    const r = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P0, reason: "all payments failing" }) { severity } }`,
      { id },
    );
    expect(r.errors).toBeUndefined();
    const state = await ladder(id);
    expect(state.escalation.pages.map((p: { level: number; reason: string }) => [p.level, p.reason])).toEqual([
      [1, 'START'],
      [2, 'IMMEDIATE'],
    ]);
    // The manager's clock counts from detection, like the P0's acknowledge SLA: 5 minutes after declaring, 3 from now.
    expect(state.escalation).toMatchObject({
      currentLevel: 2,
      nextLevel: 3,
      nextAt: new Date(clock.now().getTime() + 3 * MINUTE).toISOString(),
    });
  });

  it('"unable to resolve": a responder escalates an acknowledged P2 level by level; at the top it is INVALID_TRANSITION and writes nothing', async () => {
    const id = await declare('P2');
    await gql(server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { status } }`, { id });
    const ESCALATE = `mutation($id: ID!, $reason: String!) { escalateIncident(id: $id, input: { reason: $reason }) { id } }`;
    const denied = await gql(server.graphqlUrl, ESCALATE, { id, reason: 'help' }, viewer.headers);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const blank = await gql(server.graphqlUrl, ESCALATE, { id, reason: '  ' }, responder.headers);
    expect([blank.errors?.[0]?.extensions?.code, blank.errors?.[0]?.extensions?.field]).toEqual([
      'VALIDATION',
      'reason',
    ]);
    for (const expected of [2, 3, 4]) {
      const r = await gql(server.graphqlUrl, ESCALATE, { id, reason: 'unable to resolve' }, responder.headers);
      expect(r.errors).toBeUndefined();
      // Each page by hand waits its hour for an answer, then the level above is paged ("team lead unavailable"),
      // up to the manager: on a P2 the CTO (business-critical only) is reached by hand alone, the top by nobody.
      const top = expected >= 3;
      expect((await ladder(id)).escalation).toMatchObject({
        currentLevel: expected,
        active: !top,
        nextLevel: top ? null : expected + 1,
        nextAt: top ? null : new Date(clock.now().getTime() + 60 * MINUTE).toISOString(),
      });
    }
    const state = await ladder(id);
    expect(state.escalation.pages.slice(1).map((p: { reason: string; note: string }) => [p.reason, p.note])).toEqual(
      Array(3).fill(['MANUAL', 'unable to resolve']),
    );
    expect(
      state.timeline
        .filter((e: { type: string }) => e.type === 'ESCALATED')
        .slice(1)
        .every((e: { actorName: string }) => e.actorName.startsWith('Rui Responder')),
    ).toBe(true);
    const top = await gql(server.graphqlUrl, ESCALATE, { id, reason: 'more' }, responder.headers);
    expect(top.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect((await ladder(id)).timeline.length).toBe(state.timeline.length);
    // Nobody above the CTO: however long it stays unanswered, nothing more is paged.
    clock.advance(24 * 60 * MINUTE);
    await server.app.escalationEngine.runOnce();
    expect(await escalatedCount(id)).toBe(4);
  });

  it('reassign pages the new person, shows them as assignee and goes on the timeline; an unknown user is refused', async () => {
    const id = await declare('P3');
    const REASSIGN = `mutation($id: ID!, $userId: ID!) { reassignIncident(id: $id, input: { userId: $userId, note: "knows the DB" }) { id } }`;
    const bad = await gql(server.graphqlUrl, REASSIGN, { id, userId: '99999' }, responder.headers);
    expect([bad.errors?.[0]?.extensions?.code, bad.errors?.[0]?.extensions?.field]).toEqual(['VALIDATION', 'userId']);
    const em = (await server.app.db.dataSource.query(`SELECT id FROM user WHERE name = 'Em Manager'`))[0].id;
    const ok = await gql(server.graphqlUrl, REASSIGN, { id, userId: String(em) }, responder.headers);
    expect(ok.errors).toBeUndefined();
    const state = await ladder(id);
    expect(state.escalation.assignee).toEqual({ name: 'Em Manager' });
    expect(
      state.timeline
        .filter((e: { type: string }) => e.type === 'REASSIGNED')
        .map((e: { message: string }) => e.message),
    ).toEqual(['Reassigned to Em Manager: knows the DB']);
    const sent = await server.app.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM notification WHERE incidentId = ${Number(id)} AND kind = 'REASSIGNED'`,
    );
    expect(Number(sent[0].n)).toBeGreaterThanOrEqual(1);
  });

  it('policies: bad levels are VALIDATION naming the field and write nothing; only a lead may change them', async () => {
    const CREATE = `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id name isDefault repeat levels { level name ackTimeoutMinutes autoFor targets { kind id } } } }`;
    const level = { name: 'Ops', targets: [{ kind: 'USER', id: '99999' }] };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'Bad target', levels: [level] }, 'levels'],
      [{ name: 'No levels', levels: [] }, 'levels'],
      [
        { name: 'Too fast', levels: [{ name: 'Ops', targets: [{ kind: 'SCHEDULE', id: '1' }], ackTimeoutMinutes: 0 }] },
        'levels',
      ],
      [{ name: 'Repeat', repeat: 9, levels: [{ name: 'Ops', targets: [{ kind: 'SCHEDULE', id: '1' }] }] }, 'repeat'],
      [{ name: ' ', levels: [{ name: 'Ops', targets: [{ kind: 'SCHEDULE', id: '1' }] }] }, 'name'],
    ];
    for (const [input, field] of cases) {
      const bad = await gql(server.graphqlUrl, CREATE, { input });
      expect([bad.errors?.[0]?.extensions?.code, bad.errors?.[0]?.extensions?.field]).toEqual(['VALIDATION', field]);
    }
    const forbidden = await gql(
      server.graphqlUrl,
      CREATE,
      { input: { name: 'Mine', levels: [{ name: 'Ops', targets: [{ kind: 'SCHEDULE', id: '1' }] }] } },
      responder.headers,
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await gql(
      server.graphqlUrl,
      `{ escalationPolicies { name isDefault levels { level name autoFor immediateFor } } }`,
    );
    expect(list.data!.escalationPolicies.map((p: { name: string }) => p.name)).toEqual(['Procedure']);
    expect(list.data!.escalationPolicies[0].levels[1]).toEqual({
      level: 2,
      name: 'Team lead',
      autoFor: ['P0', 'P1', 'P2', 'P3'],
      immediateFor: ['P0', 'P1'],
    });
    const ok = await gql(server.graphqlUrl, CREATE, {
      input: {
        name: 'Night',
        levels: [{ name: 'Ops', targets: [{ kind: 'SCHEDULE', id: '1' }], ackTimeoutMinutes: 10 }],
      },
    });
    expect(ok.data!.createEscalationPolicy).toMatchObject({
      isDefault: false,
      repeat: 0,
      levels: [{ level: 1, ackTimeoutMinutes: 10, targets: [{ kind: 'SCHEDULE', id: '1' }] }],
    });
  });

  it('resolve stops the ladder; reopen restarts it from level 1 with fresh pages', async () => {
    const id = await declare('P2');
    await resolveVerified(server.graphqlUrl, id, { note: 'flap' });
    expect((await ladder(id)).escalation).toMatchObject({ active: false, nextAt: null });
    clock.advance(MINUTE);
    const reopened = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { reopenIncident(id: $id, input: { reason: "back" }) { status } }`,
      { id },
    );
    expect(reopened.errors).toBeUndefined();
    const state = await ladder(id);
    expect(state.escalation).toMatchObject({ active: true, currentLevel: 1, nextLevel: 2 });
    expect(state.escalation.pages.map((p: { level: number }) => p.level)).toEqual([1, 1]);
    const keys = await server.app.db.dataSource.query(
      `SELECT idempotencyKey FROM notification WHERE incidentId = ${Number(id)} AND kind = 'PAGE'`,
    );
    expect(keys.some((k: { idempotencyKey: string }) => k.idempotencyKey.includes(':c2:'))).toBe(true);
    // A lifecycle step after the reopen is someone working it: paging stops again.
    await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { transitionIncident(id: $id, input: { to: IDENTIFIED }) { status } }`,
      { id },
    );
    expect((await ladder(id)).escalation.active).toBe(false);
  });
});
