import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer, userWithToken } from '../support/server';

jest.setTimeout(60_000);

const SCHEDULE = `query($id: ID!, $at: DateTimeISO) { schedule(id: $id) {
  id name rotations { id shiftUnit shiftCount handoffTime timeZone participants { name } }
  overrides { kind userId replacedUserId startsAt endsAt }
  currentShift(at: $at) { start end users { name } } nextShift(at: $at) { start end users { name } } } }`;
const ADD_ROTATION = `mutation($s: ID!, $input: RotationInput!) { addRotation(scheduleId: $s, input: $input) { id } }`;
const ADD_OVERRIDE = `mutation($s: ID!, $input: ScheduleOverrideInput!) { addScheduleOverride(scheduleId: $s, input: $input) { id kind } }`;

describe.each(testDatabaseKinds())('on-call schedules on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock('2026-03-27T12:00:00.000Z');
  let lead: Awaited<ReturnType<typeof userWithToken>>;
  let responder: Awaited<ReturnType<typeof userWithToken>>;
  const people: Record<string, number> = {};
  let scheduleId: string;

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    lead = await userWithToken(server, 'Lena Lead', 'LEAD');
    responder = await userWithToken(server, 'Rui Responder', 'RESPONDER');
    for (const name of ['Ana', 'Ben', 'Cy']) {
      people[name] = (
        await server.app.users.create({ name, email: `${name.toLowerCase()}@example.com`, role: 'RESPONDER' })
      ).id;
    }
  });
  afterAll(async () => server?.dispose());

  it('a lead builds a Berlin daily rotation; current and next shift follow the 09:00 local hand-off', async () => {
    const created = await gql(
      server.graphqlUrl,
      `mutation { createSchedule(input: { name: "Platform primary" }) { id name } }`,
      {},
      lead.headers,
    );
    expect(created.errors).toBeUndefined();
    scheduleId = created.data!.createSchedule.id;
    const rotation = await gql(
      server.graphqlUrl,
      ADD_ROTATION,
      {
        s: scheduleId,
        input: {
          name: 'Weekdays',
          shiftUnit: 'DAILY',
          handoffTime: '09:00',
          timeZone: 'Europe/Berlin',
          startDate: '2026-03-27',
          participantIds: [people.Ana, people.Ben, people.Cy].map(String),
        },
      },
      lead.headers,
    );
    expect(rotation.errors).toBeUndefined();

    const now = await gql(server.graphqlUrl, SCHEDULE, { id: scheduleId });
    expect(now.errors).toBeUndefined();
    const s = now.data!.schedule;
    expect(s.rotations[0]).toMatchObject({
      shiftUnit: 'DAILY',
      shiftCount: 1,
      participants: [{ name: 'Ana' }, { name: 'Ben' }, { name: 'Cy' }],
    });
    expect(s.currentShift).toEqual({
      start: '2026-03-27T08:00:00.000Z',
      end: '2026-03-28T08:00:00.000Z',
      users: [{ name: 'Ana' }],
    });
    expect(s.nextShift).toEqual({
      start: '2026-03-28T08:00:00.000Z',
      end: '2026-03-29T07:00:00.000Z',
      users: [{ name: 'Ben' }],
    });

    // Across the spring-forward night: Cy takes over at 09:00 CEST = 07:00Z.
    const sunday = await gql(server.graphqlUrl, SCHEDULE, { id: scheduleId, at: '2026-03-29T07:00:00.000Z' });
    expect(sunday.data!.schedule.currentShift.users).toEqual([{ name: 'Cy' }]);
  });

  it('an override replaces a person for exactly its window', async () => {
    const added = await gql(
      server.graphqlUrl,
      ADD_OVERRIDE,
      {
        s: scheduleId,
        input: {
          kind: 'REPLACE',
          userId: String(people.Cy),
          replacedUserId: String(people.Ana),
          startsAt: '2026-03-27T13:00:00.000Z',
          endsAt: '2026-03-27T15:00:00.000Z',
          reason: 'dentist',
        },
      },
      lead.headers,
    );
    expect(added.errors).toBeUndefined();
    const at = (iso: string) => gql(server.graphqlUrl, SCHEDULE, { id: scheduleId, at: iso });
    expect((await at('2026-03-27T12:59:59.999Z')).data!.schedule.currentShift.users).toEqual([{ name: 'Ana' }]);
    const during = (await at('2026-03-27T13:00:00.000Z')).data!.schedule;
    expect(during.currentShift).toEqual({
      start: '2026-03-27T13:00:00.000Z',
      end: '2026-03-27T15:00:00.000Z',
      users: [{ name: 'Cy' }],
    });
    expect(during.nextShift.users).toEqual([{ name: 'Ana' }]);
    expect((await at('2026-03-27T15:00:00.000Z')).data!.schedule.currentShift.users).toEqual([{ name: 'Ana' }]);
  });

  it('refuses bad input with the field named and writes nothing; a responder may not change schedules', async () => {
    const count = async () => (await gql(server.graphqlUrl, SCHEDULE, { id: scheduleId })).data!.schedule;
    const before = await count();
    const base = {
      name: 'x',
      shiftUnit: 'DAILY',
      handoffTime: '09:00',
      timeZone: 'Europe/Berlin',
      startDate: '2026-03-27',
      participantIds: [String(people.Ana)],
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...base, handoffTime: '9am' }, 'handoffTime'],
      [{ ...base, shiftCount: 0 }, 'shiftCount'],
      [{ ...base, participantIds: ['99999'] }, 'participantIds'],
      [{ ...base, participantIds: [] }, 'participantIds'],
    ];
    for (const [input, field] of cases) {
      const bad = await gql(server.graphqlUrl, ADD_ROTATION, { s: scheduleId, input }, lead.headers);
      expect([bad.errors?.[0]?.extensions?.code, bad.errors?.[0]?.extensions?.field]).toEqual(['VALIDATION', field]);
    }
    const backwards = await gql(
      server.graphqlUrl,
      ADD_OVERRIDE,
      {
        s: scheduleId,
        input: {
          kind: 'ADD',
          userId: String(people.Ben),
          startsAt: '2026-03-28T00:00:00.000Z',
          endsAt: '2026-03-28T00:00:00.000Z',
        },
      },
      lead.headers,
    );
    expect([backwards.errors?.[0]?.extensions?.code, backwards.errors?.[0]?.extensions?.field]).toEqual([
      'VALIDATION',
      'endsAt',
    ]);
    const forbidden = await gql(
      server.graphqlUrl,
      `mutation { createSchedule(input: { name: "Sneaky" }) { id } }`,
      {},
      responder.headers,
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = await count();
    expect([after.rotations.length, after.overrides.length]).toEqual([
      before.rotations.length,
      before.overrides.length,
    ]);
    const all = await gql(server.graphqlUrl, `{ schedules { name } }`);
    expect(all.data!.schedules).toEqual([{ name: 'Platform primary' }]);
  });
});
