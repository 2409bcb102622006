import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer, userWithToken } from '../support/server';

const T0 = new Date('2026-07-01T02:00:00.000Z');
const HOUR = 3_600_000;
const FIELDS = 'id serviceId startsAt endsAt reason createdBy active service { name }';
const CREATE = `mutation($input: CreateMaintenanceWindowInput!) { createMaintenanceWindow(input: $input) { ${FIELDS} } }`;
const LIST = `query($s: ID) { maintenanceWindows(serviceId: $s) { ${FIELDS} } }`;

jest.setTimeout(30_000);

describe.each(testDatabaseKinds())('maintenance windows on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock(T0);
  let db: string;
  let api: string;
  const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString();
  const active = async (ids: string[], atMs: number) =>
    (await server.app.maintenance.activeFor(ids.map(Number), new Date(T0.getTime() + atMs))).map((w) => String(w.id));

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    const res = await gql(
      server.graphqlUrl,
      `mutation { a: createService(input: { name: "db" }) { id } b: createService(input: { name: "api" }) { id } }`,
    );
    db = res.data!.a.id;
    api = res.data!.b.id;
  });

  afterAll(() => server?.dispose());

  it('a scheduled window is active from its first millisecond until (not at) its end, for its service only', async () => {
    const res = await gql(
      server.graphqlUrl,
      CREATE,
      { input: { serviceId: db, startsAt: iso(HOUR), endsAt: iso(2 * HOUR), reason: 'Postgres upgrade' } },
      { 'x-vigil-actor': 'x' },
    );
    expect(res.errors).toBeUndefined();
    const w = res.data!.createMaintenanceWindow;
    expect(w).toMatchObject({
      serviceId: db,
      startsAt: iso(HOUR),
      endsAt: iso(2 * HOUR),
      reason: 'Postgres upgrade',
      active: false,
      service: { name: 'db' },
    });
    expect(await active([db], HOUR - 1)).toEqual([]);
    expect(await active([db], HOUR)).toEqual([w.id]);
    expect(await active([db, api], 2 * HOUR - 1)).toEqual([w.id]);
    expect(await active([db], 2 * HOUR)).toEqual([]);
    expect(await active([api], HOUR + 1)).toEqual([]);
    expect(await active([], HOUR + 1)).toEqual([]);
  });

  it('immediate maintenance starts now, stays open-ended, and ends when ended', async () => {
    clock.set(T0.getTime() + 3 * HOUR);
    const res = await gql(server.graphqlUrl, CREATE, { input: { serviceId: api } });
    const w = res.data!.createMaintenanceWindow;
    expect(w).toMatchObject({ startsAt: iso(3 * HOUR), endsAt: null, active: true });
    expect(await active([api], 100 * HOUR)).toEqual([w.id]);
    clock.advance(HOUR);
    const ended = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { endMaintenanceWindow(id: $id) { endsAt active } }`,
      { id: w.id },
    );
    expect(ended.data!.endMaintenanceWindow).toEqual({ endsAt: iso(4 * HOUR), active: false });
    expect(await active([api], 4 * HOUR - 1)).toEqual([w.id]);
    expect(await active([api], 4 * HOUR)).toEqual([]);
  });

  it('updates and deletes; bad input names the field and writes nothing', async () => {
    const created = (
      await gql(server.graphqlUrl, CREATE, {
        input: { serviceId: db, startsAt: iso(10 * HOUR), endsAt: iso(11 * HOUR) },
      })
    ).data!.createMaintenanceWindow;
    const updated = await gql(
      server.graphqlUrl,
      `mutation($id: ID!, $input: UpdateMaintenanceWindowInput!) { updateMaintenanceWindow(id: $id, input: $input) { startsAt endsAt reason } }`,
      { id: created.id, input: { endsAt: iso(12 * HOUR), reason: 'longer' } },
    );
    expect(updated.data!.updateMaintenanceWindow).toEqual({
      startsAt: iso(10 * HOUR),
      endsAt: iso(12 * HOUR),
      reason: 'longer',
    });

    const before = (await gql(server.graphqlUrl, LIST, {})).data!.maintenanceWindows;
    const bad: Array<[string, Record<string, unknown>, string, string]> = [
      [CREATE, { input: { serviceId: db, startsAt: iso(20 * HOUR), endsAt: iso(20 * HOUR) } }, 'VALIDATION', 'endsAt'],
      [CREATE, { input: { serviceId: db, startsAt: iso(-5 * HOUR), endsAt: iso(-4 * HOUR) } }, 'VALIDATION', 'endsAt'],
      [CREATE, { input: { serviceId: '9999' } }, 'NOT_FOUND', 'serviceId'],
      [
        `mutation($id: ID!) { updateMaintenanceWindow(id: $id, input: { endsAt: "${iso(9 * HOUR)}" }) { id } }`,
        { id: created.id },
        'VALIDATION',
        'endsAt',
      ],
      [`mutation($id: ID!) { deleteMaintenanceWindow(id: $id) }`, { id: '9999' }, 'NOT_FOUND', 'id'],
    ];
    for (const [query, variables, code, field] of bad) {
      const res = await gql(server.graphqlUrl, query, variables);
      expect(res.errors?.[0].extensions).toMatchObject({ code, field });
    }
    expect((await gql(server.graphqlUrl, LIST, {})).data!.maintenanceWindows).toEqual(before);

    const deleted = await gql(server.graphqlUrl, `mutation($id: ID!) { deleteMaintenanceWindow(id: $id) }`, {
      id: created.id,
    });
    expect(deleted.data!.deleteMaintenanceWindow).toBe(true);
    expect(
      (await gql(server.graphqlUrl, LIST, { s: db })).data!.maintenanceWindows.map((w: any) => w.id),
    ).not.toContain(created.id);
  });

  it('needs the LEAD role to change windows; anyone signed in may read them', async () => {
    const responder = await userWithToken(server, 'Rudi Responder', 'RESPONDER');
    const before = (await gql(server.graphqlUrl, LIST, {})).data!.maintenanceWindows.length;
    const refused = await gql(server.graphqlUrl, CREATE, { input: { serviceId: db } }, responder.headers);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const read = await gql(server.graphqlUrl, LIST, {}, responder.headers);
    expect(read.data!.maintenanceWindows).toHaveLength(before);
    const lead = await userWithToken(server, 'Lea Lead', 'LEAD');
    expect(
      (
        await gql(
          server.graphqlUrl,
          CREATE,
          { input: { serviceId: db, startsAt: iso(30 * HOUR), endsAt: iso(31 * HOUR) } },
          lead.headers,
        )
      ).data!.createMaintenanceWindow.createdBy,
    ).toMatch(/^Lea Lead/);
  });
});
