import { HOUR, MINUTE, ManualClock, SECOND, formatUtc } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { TestServer, gql, sessionFor, startTestServer } from '../support/server';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { ContactMethod } from '../../server/src/model/user.entity';

jest.setTimeout(60_000);

const STATE = `query($id: ID!) { incident(id: $id) { notifications { kind targetName } timeline { type message actorKind } } }`;

describe.each(testDatabaseKinds())('timers said out loud on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock('2026-08-03T07:00:00.000Z');
  let people: Record<string, number>;
  let http: HttpReceiver;

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const declare = async (severity: string, title: string) =>
    (
      await ok(`mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id detectedAt } }`, {
        input: { title, severity },
      })
    ).declareIncident as { id: string; detectedAt: string };
  const state = async (id: string) => (await ok(STATE, { id })).incident;
  const sent = async (id: string, kindOf: string) =>
    (await state(id)).notifications
      .filter((n: { kind: string }) => n.kind === kindOf)
      .map((n: { targetName: string }) => n.targetName);
  const lines = async (id: string, type: string) =>
    (await state(id)).timeline
      .filter((e: { type: string }) => e.type === type)
      .map((e: { message: string }) => e.message);
  const run = () => server.app.notifications.runOnce();
  /** A policy that pages the schedule: only such schedules have their hand-offs said out loud. */
  const pagedBy = (schedule: string) =>
    ok(`mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`, {
      input: {
        name: `pages ${schedule}`,
        levels: [{ name: 'On call', targets: [{ kind: 'SCHEDULE', id: schedule }] }],
      },
    });

  beforeAll(async () => {
    http = await startHttpReceiver();
    server = await startTestServer(kind, { clock });
    people = await setUpPaging(server);
  });
  afterAll(async () => {
    await server?.dispose();
    await http?.close();
  });

  it('an overdue status update reminds the commander again every 10 minutes until an update is posted', async () => {
    const { id, detectedAt } = await declare('P1', 'Orders delayed');
    await ok(
      `mutation($id: ID!, $u: ID!) { assignIncidentRole(incidentId: $id, role: COMMANDER, userId: $u) { id } }`,
      { id, u: String(people.em) },
    );
    const due = new Date(detectedAt).getTime() + 60 * MINUTE;
    clock.set(due);
    await run();
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toEqual([]);
    clock.set(due + 1);
    await run();
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toEqual(['Em Manager']);
    clock.set(due + 10 * MINUTE - SECOND);
    await run();
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toHaveLength(1);
    // Ten minutes after the due time, to the second: the second reminder; two loops at once send it once.
    clock.set(due + 10 * MINUTE);
    await Promise.all([run(), run()]);
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toEqual(['Em Manager', 'Em Manager']);
    clock.set(due + 20 * MINUTE);
    await run();
    await run();
    expect(await lines(id, 'STATUS_UPDATE_OVERDUE')).toEqual([
      `Status update overdue since ${formatUtc(new Date(due))}; reminded Em Manager`,
      `Status update overdue since ${formatUtc(new Date(due))}; reminded Em Manager again (reminder 2)`,
      `Status update overdue since ${formatUtc(new Date(due))}; reminded Em Manager again (reminder 3)`,
    ]);
    // An update is posted: the reminders stop until the next one is missed.
    await ok(
      `mutation($id: ID!) { postStatusUpdate(id: $id, input: { publicStatus: INVESTIGATING, internalMessage: "Queue drained" }) { id } }`,
      { id },
    );
    clock.advance(59 * MINUTE);
    await run();
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toHaveLength(3);
  });

  it('the first reminder sent reads as the first, even when the loop first runs rounds after the due time', async () => {
    const { id, detectedAt } = await declare('P1', 'Invoices late');
    await ok(
      `mutation($id: ID!, $u: ID!) { assignIncidentRole(incidentId: $id, role: COMMANDER, userId: $u) { id } }`,
      { id, u: String(people.em) },
    );
    const due = new Date(detectedAt).getTime() + 60 * MINUTE;
    // The replicas were down at the due time: the loop first runs a quarter of an hour late.
    clock.set(due + 15 * MINUTE);
    await run();
    clock.set(due + 20 * MINUTE);
    await run();
    expect(await lines(id, 'STATUS_UPDATE_OVERDUE')).toEqual([
      `Status update overdue since ${formatUtc(new Date(due))}; reminded Em Manager`,
      `Status update overdue since ${formatUtc(new Date(due))}; reminded Em Manager again (reminder 2)`,
    ]);
  });

  it('without a commander, the reminder goes to whoever said "I\'ve got it", not to the engineer who asked for help', async () => {
    const { id, detectedAt } = await declare('P1', 'Refunds stuck');
    await ok(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    await ok(`mutation($id: ID!) { escalateIncident(id: $id, input: { reason: "unable to resolve" }) { id } }`, { id });
    const em = await sessionFor(server, people.em);
    const taken = await gql(server.graphqlUrl, `mutation($id: ID!) { acceptPage(id: $id) { id } }`, { id }, em.headers);
    expect(taken.errors).toBeUndefined();
    clock.set(new Date(detectedAt).getTime() + 60 * MINUTE + 1);
    await run();
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toEqual(['Em Manager']);
  });

  it('an acknowledge SLA breach tells #incidents and the level above, on the timeline once, whichever loop ran first', async () => {
    const fired = await declare('P0', 'Reports export failing');
    const unfired = await declare('P0', 'Avatars missing');
    const deadline = new Date(fired.detectedAt).getTime() + 5 * MINUTE;
    clock.set(deadline);
    // The ladder pages the manager of one incident at the deadline; the other's is due but not fired yet.
    await server.app.db.transaction(async (m) => {
      await m.query(`UPDATE incident_escalation SET nextAt = ? WHERE incidentId = ?`, [
        new Date(deadline + HOUR).toISOString().replace('T', ' ').replace('Z', ''),
        Number(unfired.id),
      ]);
    });
    await server.app.escalationEngine.runOnce();
    await server.app.db.transaction(async (m) => {
      await m.query(`UPDATE incident_escalation SET nextAt = ? WHERE incidentId = ?`, [
        new Date(deadline).toISOString().replace('T', ' ').replace('Z', ''),
        Number(unfired.id),
      ]);
    });
    await run();
    expect(await lines(fired.id, 'SLA_BREACHED')).toEqual([]);
    clock.set(deadline + 1);
    await Promise.all([run(), run()]);
    await run();
    for (const id of [fired.id, unfired.id]) {
      expect(await sent(id, 'SLA_BREACHED')).toEqual(['#incidents', 'Cy Cto']);
      expect(await lines(id, 'SLA_BREACHED')).toEqual([
        `Acknowledge SLA breached (due ${formatUtc(new Date(deadline))}); told Cy Cto, #incidents`,
      ]);
    }
  });

  it('a resolve SLA breach tells the commander; a clock met in time says nothing', async () => {
    const { id, detectedAt } = await declare('P1', 'Refunds stuck');
    clock.set(new Date(detectedAt).getTime() + MINUTE);
    await ok(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    await ok(
      `mutation($id: ID!, $u: ID!) { assignIncidentRole(incidentId: $id, role: COMMANDER, userId: $u) { id } }`,
      { id, u: String(people.cy) },
    );
    clock.set(new Date(detectedAt).getTime() + 4 * HOUR);
    await run();
    expect(await sent(id, 'SLA_BREACHED')).toEqual([]);
    clock.advance(1);
    await run();
    expect(await sent(id, 'SLA_BREACHED')).toEqual(['#incidents', 'Cy Cto']);
    expect((await state(id)).timeline.filter((e: { type: string }) => e.type === 'SLA_BREACHED')).toEqual([
      expect.objectContaining({
        actorKind: 'SYSTEM',
        message: expect.stringMatching(/^Resolve SLA breached .*; told Cy Cto, #incidents$/),
      }),
    ]);
  });

  it('a P1 breach without a commander stays on the P1 path: never the CTO; the level above within it hears', async () => {
    // Nobody acknowledges: the manager, the top of a P1's path, is paged at the deadline, so nobody more is told.
    const silent = await declare('P1', 'Invoices not sent');
    // Acknowledged by level 1 and 2: the resolve breach goes to the level above within the path, the manager.
    const slow = await declare('P1', 'Search degraded');
    clock.advance(MINUTE);
    await ok(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: slow.id });
    const ackDeadline = new Date(silent.detectedAt).getTime() + 15 * MINUTE;
    clock.set(ackDeadline);
    await server.app.escalationEngine.runOnce();
    clock.set(ackDeadline + 1);
    await run();
    expect(await sent(silent.id, 'SLA_BREACHED')).toEqual(['#incidents']);
    expect(await lines(silent.id, 'SLA_BREACHED')).toEqual([
      `Acknowledge SLA breached (due ${formatUtc(new Date(ackDeadline))}); told #incidents`,
    ]);

    clock.set(new Date(slow.detectedAt).getTime() + 4 * HOUR + 1);
    await server.app.escalationEngine.runOnce();
    await run();
    expect(await sent(slow.id, 'SLA_BREACHED')).toEqual(['#incidents', 'Em Manager']);
    for (const id of [silent.id, slow.id]) {
      const told = (await state(id)).notifications.map((n: { targetName: string }) => n.targetName);
      expect(told).not.toContain('Cy Cto');
    }
  });

  it('a hand-off is said out loud: the person going on call is told at the start of the shift, the one going off at its end', async () => {
    // Lee and Em take turns daily at 09:00 Berlin (07:00Z in summer); on 20 August Em takes over from Lee.
    const schedule = (await ok(`mutation { createSchedule(input: { name: "Day shift" }) { id } }`)).createSchedule.id;
    await ok(
      `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: {
      name: "Daily", shiftUnit: DAILY, handoffTime: "09:00", timeZone: "Europe/Berlin", startDate: "2026-08-01", participantIds: $p }) { id } }`,
      { s: schedule, p: [String(people.lee), String(people.em)] },
    );
    await pagedBy(schedule);
    await server.app.db.dataSource.getRepository(ContactMethod).save({
      userId: people.em,
      kind: 'WEBHOOK',
      address: `${http.url}/em`,
      createdAt: clock.now(),
      verifiedAt: clock.now(),
    });
    const notices = async () =>
      (
        await server.app.db.dataSource.query(
          `SELECT kind, targetName, channel, incidentId FROM notification WHERE kind IN ('SHIFT_STARTED', 'SHIFT_ENDED') AND idempotencyKey LIKE 'shift:s${Number(schedule)}:%' ORDER BY id`,
        )
      ).map(
        (r: { kind: string; targetName: string; channel: string; incidentId: number | null }) =>
          `${r.kind} ${r.targetName} ${r.channel} ${r.incidentId}`,
      );

    clock.set('2026-08-20T06:59:59.999Z');
    await run();
    expect(await notices()).toEqual([]);
    clock.set('2026-08-20T07:00:00.000Z');
    await Promise.all([run(), run()]);
    await run();
    expect(await notices()).toEqual(['SHIFT_STARTED Em Manager WEBHOOK null', 'SHIFT_ENDED Lee Lead EMAIL null']);
    clock.advance(59 * MINUTE);
    await run();
    expect(await notices()).toHaveLength(2);

    // Delivered through Em's own contact method, as a notice about no incident.
    const [hook] = http.delivered('/em').filter((r) => r.body.event === 'SHIFT_STARTED');
    expect(hook.body).toMatchObject({
      event: 'SHIFT_STARTED',
      incidentId: null,
      severity: null,
      title: 'On call now: Day shift',
      target: { name: 'Em Manager' },
      body: 'Your on-call shift on Day shift started at 2026-08-20 07:00 UTC and runs until 2026-08-21 07:00 UTC. You are paged first for its incidents.',
    });
  });

  it('a new rotation tells its first on-call person they are on call now, and nobody is told of a shift they never had', async () => {
    const notices = async (schedule: string) =>
      (
        await server.app.db.dataSource.query(
          `SELECT kind, targetName, message FROM notification WHERE idempotencyKey LIKE 'shift:s${Number(schedule)}:%' ORDER BY id`,
        )
      ).map(
        (r: { kind: string; targetName: string; message: string }) =>
          `${r.kind} ${r.targetName}: ${(JSON.parse(r.message) as { body: string }).body}`,
      );
    const rotation = async (name: string) => {
      const schedule = (await ok(`mutation($n: String!) { createSchedule(input: { name: $n }) { id } }`, { n: name }))
        .createSchedule.id as string;
      // Daily at 09:00 Berlin (07:00Z in summer) since 1 August: Lee holds even days from the start, Em odd ones.
      await ok(
        `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: {
        name: "Daily", shiftUnit: DAILY, handoffTime: "09:00", timeZone: "Europe/Berlin", startDate: "2026-08-01", participantIds: $p }) { id } }`,
        { s: schedule, p: [String(people.lee), String(people.em)] },
      );
      await pagedBy(schedule);
      return schedule;
    };

    // Created half an hour after that day's hand-off (Em → Lee, had the rotation existed): Lee is told he is on
    // call now, and Em hears nothing about a shift she never had.
    clock.set('2026-08-21T07:30:00.000Z');
    const late = await rotation('Created after a hand-off');
    await run();
    expect(await notices(late)).toEqual([
      'SHIFT_STARTED Lee Lead: You are on call now on Created after a hand-off: a rotation putting you on call was added at 2026-08-21 07:30 UTC and runs until 2026-08-22 07:00 UTC. You are paged first for its incidents.',
    ]);

    // Created mid-shift, hours after any hand-off: its holder is told all the same.
    clock.set('2026-08-21T15:00:00.000Z');
    const midShift = await rotation('Created mid-shift');
    await run();
    expect(await notices(midShift)).toEqual([
      'SHIFT_STARTED Lee Lead: You are on call now on Created mid-shift: a rotation putting you on call was added at 2026-08-21 15:00 UTC and runs until 2026-08-22 07:00 UTC. You are paged first for its incidents.',
    ]);

    // The next real hand-off is said as ever, to both.
    clock.set('2026-08-22T07:00:00.000Z');
    await run();
    expect((await notices(midShift)).slice(1).map((n: string) => n.split(':')[0])).toEqual([
      'SHIFT_STARTED Em Manager',
      'SHIFT_ENDED Lee Lead',
    ]);
  });

  it('adding and removing rotations cannot text someone at will: one hand-off notice per person and schedule every 10 minutes, the rest recorded as held', async () => {
    const schedule = (await ok(`mutation { createSchedule(input: { name: "Churned" }) { id } }`)).createSchedule
      .id as string;
    const notices = async () =>
      (
        await server.app.db.dataSource.query(
          `SELECT kind, targetName, status, lastError FROM notification WHERE idempotencyKey LIKE 'shift:s${Number(schedule)}:%' ORDER BY id`,
        )
      ).map(
        (r: { kind: string; targetName: string; status: string; lastError: string | null }) =>
          `${r.kind} ${r.targetName} ${r.status === 'SKIPPED' ? `held ${r.lastError}` : 'told'}`,
      );
    await server.app.db.dataSource.getRepository(ContactMethod).save({
      userId: people.lee,
      kind: 'WEBHOOK',
      address: `${http.url}/lee`,
      createdAt: clock.now(),
      verifiedAt: clock.now(),
    });
    const texts = () => http.delivered('/lee').filter((r) => r.body.event === 'SHIFT_STARTED').length;
    // Lee alone, daily: whoever adds this rotation puts Lee on call at once.
    const churn = async () => {
      const id = (
        await ok(
          `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: {
          name: "Lee", shiftUnit: DAILY, handoffTime: "09:00", timeZone: "Europe/Berlin", startDate: "2026-08-01", participantIds: $p }) { id } }`,
          { s: schedule, p: [String(people.lee)] },
        )
      ).addRotation.id;
      await run();
      await ok(`mutation($id: ID!) { removeRotation(id: $id) }`, { id });
    };

    // A schedule no escalation policy pages puts nobody on call for anything: nothing is said.
    clock.set('2026-08-24T10:00:00.000Z');
    await churn();
    expect(await notices()).toEqual([]);

    await pagedBy(schedule);
    clock.set('2026-08-24T10:01:00.000Z');
    await churn();
    expect(await notices()).toEqual(['SHIFT_STARTED Lee Lead told']);
    expect(texts()).toBe(1);
    // Twenty more adds within the minute: each is recorded, held with the reason, none sent.
    for (let i = 1; i <= 20; i++) {
      clock.set(new Date(Date.parse('2026-08-24T10:01:00.000Z') + i * SECOND));
      await churn();
    }
    const all = await notices();
    expect(all).toHaveLength(21);
    expect(all.filter((n: string) => n.endsWith(' told'))).toHaveLength(1);
    expect(texts()).toBe(1);
    expect(new Set(all.slice(1))).toEqual(
      new Set([
        'SHIFT_STARTED Lee Lead held rate-limited: already told about Churned at 2026-08-24 10:01 UTC; at most one hand-off notice per person and schedule every 10 minutes (the next from 2026-08-24 10:11 UTC)',
      ]),
    );
    // Ten minutes after the one that went, the next may go.
    clock.set('2026-08-24T10:11:00.000Z');
    await churn();
    expect((await notices()).slice(21)).toEqual(['SHIFT_STARTED Lee Lead told']);
    expect(texts()).toBe(2);
  });
});
