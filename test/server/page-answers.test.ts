import { MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { TestServer, gql, sessionFor, startTestServer, userWithToken } from '../support/server';

jest.setTimeout(60_000);

const STATE = `query($id: ID!) { incident(id: $id) { status acknowledgedAt
  escalation { active awaitingAnswer currentLevel nextLevel assignee { name } pages { level reason paged { name } } }
  timeline { type message actorName data } } }`;
const ACK = `mutation($id: ID!) { acknowledgeIncident(id: $id) { status acknowledgedAt } }`;
const ACCEPT = `mutation($id: ID!) { acceptPage(id: $id) { status acknowledgedAt } }`;
const ESCALATE = `mutation($id: ID!) { escalateIncident(id: $id, input: { reason: "unable to resolve" }) { id } }`;

describe.each(testDatabaseKinds())('answering pages on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock('2026-05-11T10:00:00.000Z');
  let people: Record<string, number>;
  let em: Record<string, string>;

  const ok = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables, headers);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const state = async (id: string) => (await ok(STATE, { id })).incident;
  const declare = async (severity: string, title: string) =>
    (
      await ok(`mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`, {
        input: { title, severity, source: 'MONITORING_ALERT' },
      })
    ).declareIncident.id as string;
  const escalations = async (id: string) =>
    (await state(id)).timeline.filter((e: { type: string }) => e.type === 'ESCALATED').length;

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    people = await setUpPaging(server);
    // Em, the engineering manager, answers from her own browser session.
    em = (await sessionFor(server, people.em)).headers;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('reopen → acknowledge → paging stops; the first acknowledgement (MTTA) is never rewritten', async () => {
    const id = await declare('P0', 'Checkout down');
    clock.advance(2 * MINUTE);
    const first = (await ok(ACK, { id })).acknowledgeIncident.acknowledgedAt;
    await ok(
      `mutation($id: ID!) { resolveIncident(id: $id, input: { note: "flap", overrideReason: "checked by hand in this test" }) { status } }`,
      { id },
    );
    clock.advance(30 * MINUTE);
    await ok(`mutation($id: ID!) { reopenIncident(id: $id, input: { reason: "errors are back" }) { status } }`, { id });
    let s = await state(id);
    expect(s.escalation).toMatchObject({ active: true, awaitingAnswer: true, currentLevel: 2, nextLevel: 3 });
    expect(s.escalation.pages.slice(-2).map((p: { level: number; reason: string }) => [p.level, p.reason])).toEqual([
      [1, 'START'],
      [2, 'IMMEDIATE'],
    ]);

    // Eight people acknowledge the reopened P0 at once: one answer, seven INVALID_TRANSITION.
    const answers = await Promise.all(Array.from({ length: 8 }, () => gql(server.graphqlUrl, ACK, { id })));
    expect(answers.filter((r) => !r.errors)).toHaveLength(1);
    expect(answers.filter((r) => r.errors).map((r) => r.errors![0].extensions!.code)).toEqual(
      Array(7).fill('INVALID_TRANSITION'),
    );
    s = await state(id);
    expect(s).toMatchObject({
      status: 'INVESTIGATING',
      acknowledgedAt: first,
      escalation: { active: false, awaitingAnswer: false, nextLevel: null },
    });
    expect(
      s.timeline.filter((e: { type: string }) => e.type === 'ACKNOWLEDGED').map((e: { message: string }) => e.message),
    ).toEqual(['Acknowledged', 'Acknowledged the page (INVESTIGATING); paging stops']);
    // Nobody else is paged however long it stays open, and MTTA still counts the first acknowledgement.
    const before = await escalations(id);
    clock.advance(60 * MINUTE);
    await server.app.escalationEngine.runOnce();
    expect(await escalations(id)).toBe(before);
    const [row] = await server.app.db.dataSource.query(`SELECT acknowledgeMs FROM incident WHERE id = ${Number(id)}`);
    expect(Number(row.acknowledgeMs)).toBe(2 * MINUTE);
  });

  it('reopening a flap monitoring resolved is not an acknowledgement: the answer to the restarted page is the first', async () => {
    const service = await ok(`mutation { createService(input: { name: "payments-flap" }) { id } }`);
    const { key } = (
      await ok(
        `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "pd", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
        { s: service.createService.id },
      )
    ).createIntegration;
    const send = async (action: string) => {
      const res = await fetch(`${server.url}/v2/enqueue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          routing_key: key,
          event_action: action,
          dedup_key: 'card-auth',
          payload: { summary: 'Card auth errors', source: 'lb-1', severity: 'critical' },
        }),
      });
      expect(res.status).toBe(202);
      const [row] = await server.app.db.dataSource.query(`SELECT incidentId FROM alert WHERE dedupKey = 'card-auth'`);
      return String(row.incidentId);
    };
    const detected = clock.now().getTime();
    const id = await send('trigger');
    clock.advance(3_000);
    await send('resolve');
    clock.advance(2 * MINUTE);
    await ok(`mutation($id: ID!) { reopenIncident(id: $id, input: { reason: "customers still see errors" }) { id } }`, {
      id,
    });
    let s = (
      await ok(
        `query($id: ID!) { incident(id: $id) { status acknowledgedAt sla { acknowledge { state } } escalation { awaitingAnswer } timeline { type } } }`,
        { id },
      )
    ).incident;
    expect(s).toMatchObject({
      status: 'INVESTIGATING',
      acknowledgedAt: null,
      sla: { acknowledge: { state: 'PENDING' } },
      escalation: { awaitingAnswer: true },
    });
    expect(s.timeline.map((e: { type: string }) => e.type)).not.toContain('ACKNOWLEDGED');

    clock.advance(MINUTE);
    await ok(ACK, { id }, em);
    s = await state(id);
    expect(s).toMatchObject({
      status: 'INVESTIGATING',
      acknowledgedAt: clock.now().toISOString(),
      escalation: { awaitingAnswer: false, active: false },
    });
    const [row] = await server.app.db.dataSource.query(`SELECT acknowledgeMs FROM incident WHERE id = ${Number(id)}`);
    expect(Number(row.acknowledgeMs)).toBe(clock.now().getTime() - detected);
  });

  it('"unable to resolve": the level paged by hand climbs on unless accepted; "I\'ve got it" stops it, on the timeline', async () => {
    const id = await declare('P0', 'Ledger writes failing');
    await ok(ACK, { id });
    // The on-call engineer is stuck: the manager is paged by hand, and nobody answers for 5 minutes.
    await ok(ESCALATE, { id });
    expect((await state(id)).escalation).toMatchObject({
      currentLevel: 3,
      active: true,
      awaitingAnswer: true,
      nextLevel: 4,
    });
    clock.advance(5 * MINUTE);
    await server.app.escalationEngine.runOnce();
    let s = await state(id);
    expect(
      s.escalation.pages
        .slice(-2)
        .map((p: { level: number; reason: string; paged: Array<{ name: string }> }) => [
          p.level,
          p.reason,
          p.paged[0].name,
        ]),
    ).toEqual([
      [3, 'MANUAL', 'Em Manager'],
      [4, 'UNANSWERED', 'Cy Cto'],
    ]);

    // A second manual escalation on another incident is accepted by the person paged: that climb stops.
    const other = await declare('P0', 'Search index corrupt');
    await ok(ACK, { id: other });
    await ok(ESCALATE, { id: other });
    const accepted = await ok(ACCEPT, { id: other }, em);
    expect(accepted.acceptPage.status).toBe('ACKNOWLEDGED');
    s = await state(other);
    expect(s.escalation).toMatchObject({
      active: false,
      awaitingAnswer: false,
      currentLevel: 3,
      assignee: { name: 'Em Manager' },
    });
    expect(s.timeline.at(-1)).toMatchObject({
      type: 'PAGE_ACCEPTED',
      actorName: 'Em Manager',
      message: "I've got it: Em Manager took the page; paging stops",
    });
    clock.advance(30 * MINUTE);
    await server.app.escalationEngine.runOnce();
    expect((await state(other)).escalation.currentLevel).toBe(3);
    // Nothing waits any more: a second "I've got it" is INVALID_TRANSITION and writes nothing.
    const again = await gql(server.graphqlUrl, ACCEPT, { id: other }, em);
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect((await state(other)).timeline).toHaveLength(s.timeline.length);
  });

  it('a P2 lead paged by hand who stays silent hands on to the manager, never back to the engineer who asked for help', async () => {
    const id = await declare('P2', 'Search suggestions stale');
    await ok(ACK, { id });
    await ok(ESCALATE, { id });
    clock.advance(60 * MINUTE);
    await server.app.escalationEngine.runOnce();
    const s = await state(id);
    expect(
      s.escalation.pages.map((p: { level: number; reason: string; paged: Array<{ name: string }> }) => [
        p.level,
        p.reason,
        p.paged.map((x) => x.name),
      ]),
    ).toEqual([
      [1, 'START', ['Ana Oncall']],
      [2, 'MANUAL', ['Lee Lead']],
      [3, 'UNANSWERED', ['Em Manager']],
    ]);
    expect(s.timeline.filter((e: { type: string }) => e.type === 'ESCALATED').at(-1).message).toBe(
      'Escalation level 3 (Engineering manager) (the level paged by hand did not answer): paged Em Manager',
    );
    // The manager's page waits for an answer, but a P2 climbs no further by itself: the CTO hears of
    // business-critical (P0) incidents only, or when someone escalates by hand again.
    expect(s.escalation).toMatchObject({ active: false, awaitingAnswer: true, nextLevel: null });
  });

  it('"unable to resolve" on a P3 ticket pages the team lead: nobody was paged, so the engineer asking is level 1', async () => {
    const id = await declare('P3', 'Typo on the invoice footer');
    await ok(ACK, { id });
    await ok(
      `mutation($id: ID!) { escalateIncident(id: $id, input: { reason: "I cannot fix this, need the lead" }) { id } }`,
      { id },
    );
    const s = await state(id);
    expect(
      s.escalation.pages.map((p: { level: number; reason: string; paged: Array<{ name: string }> }) => [
        p.level,
        p.reason,
        p.paged.map((x) => x.name),
      ]),
    ).toEqual([[2, 'MANUAL', ['Lee Lead']]]);
    expect(s.escalation).toMatchObject({ currentLevel: 2, active: true, awaitingAnswer: true, nextLevel: 3 });
    expect(s.timeline.filter((e: { type: string }) => e.type === 'ESCALATED').at(-1).message).toBe(
      'Escalation level 2 (Team lead) (escalated by hand): paged Lee Lead — I cannot fix this, need the lead',
    );
  });

  it('"I\'ve got it" on an incident nobody was paged for says so: the taker took the incident, not a page', async () => {
    const id = await declare('P3', 'Broken link in the help centre');
    await ok(`mutation($id: ID!) { acceptPage(id: $id) { id } }`, { id });
    const s = await state(id);
    expect(
      s.timeline.filter((e: { type: string }) => e.type === 'PAGE_ACCEPTED').map((e: { message: string }) => e.message),
    ).toEqual([expect.stringMatching(/^I've got it: .+ took the incident \(nobody was paged\)$/)]);
  });

  it("the email page's Acknowledge link answers a page paged by hand", async () => {
    const id = await declare('P1', 'Payouts delayed');
    await ok(ACK, { id });
    await ok(ESCALATE, { id });
    expect((await state(id)).escalation.awaitingAnswer).toBe(true);
    const links = await server.app.emailActions.linksFor(Number(id), people.lee);
    const res = await fetch(`${server.url}${new URL(links.ACKNOWLEDGE).pathname}`, { method: 'POST' });
    expect(res.status).toBe(200);
    const s = await state(id);
    expect(s.escalation).toMatchObject({ active: false, awaitingAnswer: false });
    expect(s.timeline.at(-1)).toMatchObject({
      type: 'ACKNOWLEDGED',
      actorName: 'Lee Lead',
      data: expect.objectContaining({ via: 'email', pageOnly: true }),
    });
  });

  it('a page goes to someone who can answer it: a viewer is refused as a target, and one demoted later is skipped on the timeline', async () => {
    const vera = (await userWithToken(server, 'Vera Viewer', 'VIEWER')).id;
    const refused = async (query: string, variables: Record<string, unknown>, field: string) => {
      const r = await gql(server.graphqlUrl, query, variables);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field });
      expect(r.errors?.[0]?.message).toMatch(/Vera Viewer \(VIEWER\).*needs the RESPONDER role/);
    };
    const POLICY = `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`;
    const level = (name: string, userId: number) => ({
      name,
      targets: [{ kind: 'USER', id: String(userId) }],
      ackTimeoutMinutes: 5,
    });
    await refused(
      POLICY,
      { input: { name: 'With a viewer', levels: [level('On call', people.ana), level('Vera', vera)] } },
      'levels',
    );
    const schedule = (await ok(`mutation { createSchedule(input: { name: "Viewers" }) { id } }`)).createSchedule.id;
    const team = (await ok(`mutation { createTeam(name: "Viewer team") { id } }`)).createTeam.id;
    await refused(
      `mutation($input: ProcedurePolicyInput!) { createProcedureEscalationPolicy(input: $input) { id } }`,
      {
        input: {
          name: 'Viewer CTO',
          onCallScheduleIds: [schedule],
          teamIds: [team],
          engineeringManagerUserIds: [String(people.em)],
          ctoUserIds: [String(vera)],
        },
      },
      'ctoUserIds',
    );
    await refused(
      `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: {
      name: "Week", shiftUnit: WEEKLY, handoffTime: "10:00", timeZone: "UTC", startDate: "2026-01-05", participantIds: $p }) { id } }`,
      { s: schedule, p: [String(people.ana), String(vera)] },
      'participantIds',
    );
    await refused(
      `mutation($s: ID!, $u: ID!) { addScheduleOverride(scheduleId: $s, input: {
      kind: ADD, userId: $u, startsAt: "2026-06-01T00:00:00Z", endsAt: "2026-06-02T00:00:00Z" }) { id } }`,
      { s: schedule, u: String(vera) },
      'userId',
    );

    // A responder in a policy later made a viewer: their level is skipped, said on the timeline, and the next paged.
    const vic = (await userWithToken(server, 'Vic Later', 'RESPONDER')).id;
    const policyId = (
      await ok(POLICY, {
        input: {
          name: 'Vic in the middle',
          levels: [level('On call', people.ana), level('Vic', vic), level('Manager', people.em)],
        },
      })
    ).createEscalationPolicy.id;
    await ok(`mutation($id: ID!) { updateUser(id: $id, input: { role: VIEWER }) { role } }`, { id: String(vic) });
    const service = (await ok(`mutation { createService(input: { name: "viewer-routed" }) { id } }`)).createService.id;
    await ok(`mutation($s: ID!, $p: ID) { setServiceEscalationPolicy(id: $s, policyId: $p) { id } }`, {
      s: service,
      p: policyId,
    });
    const id = (
      await ok(`mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`, {
        input: { title: 'Exports slow', severity: 'P2', services: ['viewer-routed'] },
      })
    ).declareIncident.id;
    clock.advance(5 * MINUTE);
    await server.app.escalationEngine.runOnce();
    const s = await state(id);
    expect(
      s.escalation.pages.map((p: { level: number; reason: string; paged: Array<{ name: string }> }) => [
        p.level,
        p.reason,
        p.paged.map((x) => x.name),
      ]),
    ).toEqual([
      [1, 'START', ['Ana Oncall']],
      [2, 'TIMEOUT', []],
      [3, 'UNAVAILABLE', ['Em Manager']],
    ]);
    const skipped = s.timeline.filter((e: { type: string }) => e.type === 'ESCALATED')[1];
    expect(skipped.message).toBe(
      'Escalation level 2 (Vic) (not acknowledged in time): nobody to page (skipped Vic Later: VIEWER, cannot answer a page)',
    );
    expect(skipped.data.skipped).toEqual([{ userId: vic, name: 'Vic Later', role: 'VIEWER' }]);
    const [pages] = await server.app.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM notification WHERE kind = 'PAGE' AND targetUserId = ${vic}`,
    );
    expect(Number(pages.n)).toBe(0);
  });

  it('who may answer: the person paged; never a responder nobody paged, a viewer, a wall token or anonymous', async () => {
    const id = await declare('P2', 'Thumbnails slow');
    const viewer = await userWithToken(server, 'Vi Viewer', 'VIEWER');
    const responder = await userWithToken(server, 'Ray Responder', 'RESPONDER');
    const { secret: wall } = await server.app.auth.createToken(responder.id, 'WALL', 'noc');
    const before = await state(id);
    for (const [headers, code] of [
      [viewer.headers, 'FORBIDDEN'],
      [{ authorization: `Bearer ${wall}` }, 'FORBIDDEN'],
      [{ authorization: '' }, 'UNAUTHENTICATED'],
    ] as const) {
      const r = await gql(server.graphqlUrl, ACCEPT, { id }, headers);
      expect(r.errors?.[0]?.extensions?.code).toBe(code);
    }
    expect(
      (await gql(server.graphqlUrl, ACCEPT, { id: '999999' }, responder.headers)).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    // A responder the page did not reach may not take it (nor may an admin): the rule is named, nothing changes.
    for (const headers of [responder.headers, {}]) {
      const refused = await gql(server.graphqlUrl, ACCEPT, { id }, headers);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'id' });
      expect(refused.errors?.[0]?.message).toMatch(/^Only the person paged may say "I've got it" .*went to Ana Oncall/);
    }
    expect(await state(id)).toEqual(before);
    // Ana, paged at level 1, takes the new incident's page with her personal token: also its first acknowledgement.
    const { secret } = await server.app.auth.createToken(people.ana, 'PERSONAL', 'test');
    const taken = await ok(ACCEPT, { id }, { authorization: `Bearer ${secret}` });
    expect(taken.acceptPage).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedAt: clock.now().toISOString() });
    const s = await state(id);
    expect(s.timeline.slice(-2).map((e: { type: string }) => e.type)).toEqual(['ACKNOWLEDGED', 'PAGE_ACCEPTED']);
    expect(s.escalation).toMatchObject({ active: false, assignee: { name: 'Ana Oncall' } });
  });

  it('"unable to resolve": the level paged by hand is taken by the person paged, not by a bystander', async () => {
    const id = await declare('P1', 'Invoices not sent');
    await ok(ACK, { id });
    await ok(ESCALATE, { id });
    const before = await state(id);
    expect(before.escalation).toMatchObject({ awaitingAnswer: true });
    const ray = await userWithToken(server, 'Ray Bystander', 'RESPONDER');
    const refused = await gql(server.graphqlUrl, ACCEPT, { id }, ray.headers);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('Em Manager');
    expect(await state(id)).toEqual(before);
    // The bystander may still stop the paging by acknowledging it; the page is answered, nobody is made the assignee.
    await ok(ACK, { id }, ray.headers);
    expect((await state(id)).escalation).toMatchObject({ awaitingAnswer: false, assignee: null });
  });

  it('a responder nobody paged cannot hand the incident to themselves and then take the page; mayAcceptPage says who may', async () => {
    const id = await declare('P2', 'Search index stale');
    const REASSIGN = `mutation($id: ID!, $u: ID!) { reassignIncident(id: $id, input: { userId: $u }) { id } }`;
    const MAY = `query($id: ID!) { incident(id: $id) { mayAcceptPage } }`;
    const may = async (headers: Record<string, string>) => (await ok(MAY, { id }, headers)).incident.mayAcceptPage;
    const ray = await userWithToken(server, 'Ray Grabber', 'RESPONDER');
    const cleo = await userWithToken(server, 'Cleo Colleague', 'RESPONDER');
    const viewer = await userWithToken(server, 'Vic Viewer', 'VIEWER');
    const lena = await userWithToken(server, 'Lena Lead', 'LEAD');
    const ana = (await sessionFor(server, people.ana)).headers;
    // Ana was paged at level 1: she alone may take it; a bystander, a viewer, Vigil's admin token may not.
    expect([await may(ana), await may(ray.headers), await may(viewer.headers), await may({})]).toEqual([
      true,
      false,
      false,
      false,
    ]);

    const before = await state(id);
    const grab = await gql(server.graphqlUrl, REASSIGN, { id, u: String(ray.id) }, ray.headers);
    expect(grab.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      field: 'userId',
      rule: 'REASSIGN_SELF_PAGED_ONLY',
    });
    expect(grab.errors?.[0]?.message).toMatch(
      /^You may not hand incident #\d+ to yourself: its page went to Ana Oncall/,
    );
    expect(await state(id)).toEqual(before);
    expect((await gql(server.graphqlUrl, ACCEPT, { id }, ray.headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Handing it to a colleague is a hand-over: she is told, may now take it, and does.
    await ok(REASSIGN, { id, u: String(cleo.id) }, ray.headers);
    expect(await may(cleo.headers)).toBe(true);
    expect(await may(ray.headers)).toBe(false);
    await ok(ACCEPT, { id }, cleo.headers);
    expect((await state(id)).escalation).toMatchObject({ awaitingAnswer: false, assignee: { name: 'Cleo Colleague' } });
    // Answered: nobody is offered the button any more.
    expect(await may(cleo.headers)).toBe(false);

    // A lead may take over any incident; someone the page reached may take it back.
    const other = await declare('P2', 'Search index stale again');
    await ok(REASSIGN, { id: other, u: String(lena.id) }, lena.headers);
    await ok(REASSIGN, { id: other, u: String(people.ana) }, ana);
  });
});
