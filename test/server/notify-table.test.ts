import { HOUR, MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { TestServer, gql, startTestServer } from '../support/server';

jest.setTimeout(60_000);

const STATE = `query($id: ID!) { incident(id: $id) {
  escalation { policyName active currentLevel pages { level round reason paged { name } } }
  notifications { kind level targetName channel } timeline { type message } } }`;

type Page = { level: number; round: number; reason: string; paged: Array<{ name: string }> };

describe.each(testDatabaseKinds())('the notification table per severity on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock('2026-07-06T09:00:00.000Z');

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const declare = async (severity: string, title: string, extra: Record<string, unknown> = {}) =>
    (
      await ok(`mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`, {
        input: { title, severity, ...extra },
      })
    ).declareIncident.id as string;
  const state = async (id: string) => (await ok(STATE, { id })).incident;
  const pages = async (id: string) =>
    ((await state(id)).escalation?.pages ?? []).map(
      (p: Page) => `L${p.level}r${p.round} ${p.reason} ${p.paged.map((x) => x.name).join('+')}`,
    );
  /** Who got what, by kind: PAGE rows per level, stakeholder notices, tickets. */
  const told = async (id: string, kindOf: string) => [
    ...new Set(
      (await state(id)).notifications
        .filter((n: { kind: string }) => n.kind === kindOf)
        .map((n: { targetName: string; level: number }) =>
          kindOf === 'PAGE' ? `L${n.level} ${n.targetName}` : n.targetName,
        ),
    ),
  ];
  const tick = async (ms: number) => {
    clock.advance(ms);
    await server.app.escalationEngine.runOnce();
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    await setUpPaging(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('P0: on-call and lead paged, manager and CTO told at once by their contact methods; the page still climbs', async () => {
    const id = await declare('P0', 'Everything down');
    expect(await pages(id)).toEqual(['L1r0 START Ana Oncall', 'L2r0 IMMEDIATE Lee Lead']);
    expect(await told(id, 'STAKEHOLDER_NOTICE')).toEqual(['Em Manager', 'Cy Cto']);
    expect(
      (await state(id)).notifications
        .filter((n: { kind: string }) => n.kind === 'STAKEHOLDER_NOTICE')
        .map((n: { channel: string }) => n.channel),
    ).toEqual(['EMAIL', 'EMAIL']);
    expect(
      (await state(id)).timeline
        .filter((e: { type: string }) => e.type === 'STAKEHOLDERS_NOTIFIED')
        .map((e: { message: string }) => e.message),
    ).toEqual(['P0: every stakeholder told at once — Em Manager, Cy Cto']);
    await tick(5 * MINUTE);
    await tick(5 * MINUTE);
    expect(await told(id, 'PAGE')).toEqual(['L1 Ana Oncall', 'L2 Lee Lead', 'L3 Em Manager', 'L4 Cy Cto']);
    // Nobody is told twice in one paging cycle, whatever else happens to the incident.
    await ok(`mutation($id: ID!) { addTimelineNote(id: $id, input: { message: "still down" }) { id } }`, { id });
    expect(await told(id, 'STAKEHOLDER_NOTICE')).toEqual(['Em Manager', 'Cy Cto']);
  });

  it('a reopened P0 is said where its resolution was: stakeholder email and #incidents hear it is back, with the reason', async () => {
    const id = await declare('P0', 'Ledger down');
    await ok(
      `mutation($id: ID!) { resolveIncident(id: $id, input: { overrideReason: "checked by hand in this test" }) { id } }`,
      { id },
    );
    clock.advance(10 * MINUTE);
    await ok(`mutation($id: ID!) { reopenIncident(id: $id, input: { reason: "writes failing again" }) { id } }`, {
      id,
    });
    const rows = (await state(id)).notifications.filter(
      (n: { kind: string }) => n.kind === 'INCIDENT_RESOLVED' || n.kind === 'INCIDENT_REOPENED',
    );
    expect(
      rows.map((n: { kind: string; targetName: string; channel: string }) => `${n.kind} ${n.targetName}/${n.channel}`),
    ).toEqual([
      'INCIDENT_RESOLVED stakeholders/EMAIL',
      'INCIDENT_RESOLVED #incidents/SLACK',
      'INCIDENT_RESOLVED outbound webhook/WEBHOOK',
      'INCIDENT_REOPENED stakeholders/EMAIL',
      'INCIDENT_REOPENED #incidents/SLACK',
      'INCIDENT_REOPENED outbound webhook/WEBHOOK',
    ]);
    const [body] = await server.app.db.dataSource.query(
      `SELECT message FROM notification WHERE incidentId = ${Number(id)} AND kind = 'INCIDENT_REOPENED' AND channel = 'SLACK'`,
    );
    expect(JSON.parse(body.message)).toMatchObject({
      title: 'Reopened: Ledger down',
      body: 'P0 incident reopened: Ledger down\nWhy: writes failing again',
    });
  });

  it('P1: on-call engineer and team lead are paged at once; the manager if the lead stays silent; never the CTO by itself', async () => {
    const id = await declare('P1', 'Checkout degraded');
    expect(await told(id, 'PAGE')).toEqual(['L1 Ana Oncall', 'L2 Lee Lead']);
    expect(await told(id, 'STAKEHOLDER_NOTICE')).toEqual([]);
    await tick(15 * MINUTE - 1);
    expect(await told(id, 'PAGE')).toHaveLength(2);
    await tick(1);
    expect(await pages(id)).toEqual(['L1r0 START Ana Oncall', 'L2r0 IMMEDIATE Lee Lead', 'L3r0 TIMEOUT Em Manager']);
    await tick(24 * HOUR);
    expect(await told(id, 'PAGE')).toEqual(['L1 Ana Oncall', 'L2 Lee Lead', 'L3 Em Manager']);
  });

  it('P2: the on-call engineer only; the lead after the hour without an acknowledgement', async () => {
    const id = await declare('P2', 'Exports slow');
    expect(await told(id, 'PAGE')).toEqual(['L1 Ana Oncall']);
    await tick(HOUR);
    await tick(24 * HOUR);
    expect(await told(id, 'PAGE')).toEqual(['L1 Ana Oncall', 'L2 Lee Lead']);
  });

  it('P3: a ticket in the ticket system and no page; made P1 before anyone acknowledged, it pages on the clock from detection', async () => {
    const id = await declare('P3', 'Typo in footer');
    let s = await state(id);
    expect(
      s.notifications.filter((n: { channel: string }) => n.channel === 'TICKET').map((n: { kind: string }) => n.kind),
    ).toEqual(['INCIDENT_DECLARED']);
    expect(s.escalation).toMatchObject({ policyName: 'Procedure', active: false, currentLevel: 0, pages: [] });
    await tick(3 * 24 * HOUR);
    s = await state(id);
    expect(s.notifications.filter((n: { kind: string }) => n.kind === 'PAGE')).toEqual([]);
    expect(s.timeline.filter((e: { type: string }) => e.type === 'ESCALATED')).toEqual([]);

    const r = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P1, reason: "checkout affected" }) { id } }`,
      { id },
    );
    expect(r.errors).toBeUndefined();
    // Detected three days ago: the on-call engineer and lead now, and the manager (due 15 minutes after detection) too.
    expect(await pages(id)).toEqual(['L1r0 START Ana Oncall', 'L2r0 IMMEDIATE Lee Lead', 'L3r0 TIMEOUT Em Manager']);
  });

  it('a P1 paging on the clock stops climbing when re-rated P3; a P1 re-rated P0 tells the rest of the path at once', async () => {
    const down = await declare('P1', 'Search flaky');
    await ok(`mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P3, reason: "cosmetic" }) { id } }`, {
      id: down,
    });
    expect((await state(down)).escalation.active).toBe(false);
    await tick(HOUR);
    expect(await told(down, 'PAGE')).toEqual(['L1 Ana Oncall', 'L2 Lee Lead']);

    const up = await declare('P1', 'Payments failing');
    await ok(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: up });
    await ok(`mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P0, reason: "all payments" }) { id } }`, {
      id: up,
    });
    expect(await told(up, 'STAKEHOLDER_NOTICE')).toEqual(['Em Manager', 'Cy Cto']);
  });

  it('raising the severity is said where the new severity is announced: a P3 made P0 tells the stakeholder list and #incidents at once', async () => {
    const rows = async (id: string) =>
      (await state(id)).notifications
        .filter((n: { kind: string }) => n.kind === 'INCIDENT_RAISED')
        .map((n: { targetName: string; channel: string }) => `${n.targetName}/${n.channel}`);
    const quiet = await declare('P3', 'Quiet then loud');
    await ok(
      `mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P0, reason: "everything down" }) { id } }`,
      {
        id: quiet,
      },
    );
    expect(await rows(quiet)).toEqual(['stakeholders/EMAIL', '#incidents/SLACK', 'outbound webhook/WEBHOOK']);
    const [body] = await server.app.db.dataSource.query(
      `SELECT message FROM notification WHERE incidentId = ${Number(quiet)} AND kind = 'INCIDENT_RAISED' AND channel = 'SLACK'`,
    );
    expect(JSON.parse(body.message)).toMatchObject({
      title: 'Now P0: Quiet then loud',
      body: 'Raised from P3 to P0: Quiet then loud\nWhy: everything down',
    });

    // A P2 made P1: #incidents hears it is worse (the stakeholder list is for P0).
    const worse = await declare('P2', 'Exports failing');
    await ok(
      `mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P1, reason: "customers see it" }) { id } }`,
      {
        id: worse,
      },
    );
    expect(await rows(worse)).toEqual(['#incidents/SLACK', 'outbound webhook/WEBHOOK']);
    // Lowering is not an alarm.
    await ok(`mutation($id: ID!) { changeSeverity(id: $id, input: { severity: P2, reason: "contained" }) { id } }`, {
      id: worse,
    });
    expect(await rows(worse)).toHaveLength(2);
  });

  it('a policy may repeat: its level list is looped N more times when nobody acknowledges', async () => {
    const [ana, lee] = (
      await server.app.db.dataSource.query(`SELECT id FROM user WHERE name IN ('Ana Oncall', 'Lee Lead') ORDER BY name`)
    ).map((u: { id: number }) => String(u.id));
    const policy = (
      await ok(
        `mutation($a: ID!, $l: ID!) { createEscalationPolicy(input: { name: "Looping", repeat: 2, levels: [
      { name: "first", targets: [{ kind: USER, id: $a }], ackTimeoutMinutes: 5 },
      { name: "second", targets: [{ kind: USER, id: $l }], ackTimeoutMinutes: 5 } ] }) { id repeat } }`,
        { a: ana, l: lee },
      )
    ).createEscalationPolicy;
    expect(policy.repeat).toBe(2);
    const svc = (await ok(`mutation { createService(input: { name: "looping-svc" }) { id } }`)).createService.id;
    await ok(`mutation($s: ID!, $p: ID) { setServiceEscalationPolicy(id: $s, policyId: $p) { id } }`, {
      s: svc,
      p: policy.id,
    });
    const id = await declare('P2', 'Nobody answers', { services: ['looping-svc'] });
    for (let i = 0; i < 8; i++) await tick(5 * MINUTE);
    expect(await pages(id)).toEqual([
      'L1r0 START Ana Oncall',
      'L2r0 TIMEOUT Lee Lead',
      'L1r1 REPEAT Ana Oncall',
      'L2r1 TIMEOUT Lee Lead',
      'L1r2 REPEAT Ana Oncall',
      'L2r2 TIMEOUT Lee Lead',
    ]);
  });
});
