import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer } from '../support/server';

jest.setTimeout(60_000);

const LIST = `query($f: IncidentFilter) { incidents(filter: $f, page: { first: 200 }) { nodes { id } } }`;

/** The console's service filter (issue 19): the incidents list narrows to the services asked for, over GraphQL. */
describe.each(testDatabaseKinds())('incident list filtered by service on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock(new Date('2026-12-04T09:00:00.000Z'));
  const services: Record<string, string> = {};
  const incidents: Record<string, string> = {};

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const listed = async (filter: Record<string, unknown>): Promise<string[]> =>
    (await ok(LIST, { f: filter })).incidents.nodes.map((n: { id: string }) => n.id);

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    const s = await ok(`mutation {
      a: createService(input: { name: "checkout-api" }) { id }
      b: createService(input: { name: "search" }) { id }
      c: createService(input: { name: "auth" }) { id }
    }`);
    Object.assign(services, { checkout: s.a.id, search: s.b.id, auth: s.c.id });
    for (const [key, severity, names] of [
      ['checkout', 'P1', ['checkout-api']],
      ['search', 'P3', ['search']],
      ['both', 'P2', ['search', 'checkout-api']],
      ['none', 'P1', []],
    ] as const) {
      clock.advance(60_000);
      const d = await ok(`mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`, {
        i: { title: key, severity, services: [...names] },
      });
      incidents[key] = d.declareIncident.id;
    }
  });

  afterAll(() => server?.dispose());

  it('lists only incidents affecting one of the services, each once, newest first', async () => {
    const { checkout, search, both, none } = incidents;
    expect(await listed({})).toEqual([none, both, search, checkout]);
    expect(await listed({ serviceIds: [services.checkout] })).toEqual([both, checkout]);
    expect(await listed({ serviceIds: [services.search, services.checkout] })).toEqual([both, search, checkout]);
    expect(await listed({ serviceIds: [services.search, services.search] })).toEqual([both, search]);
    expect(await listed({ serviceIds: [services.auth] })).toEqual([]);
  });

  it('combines with the other filters, and an empty list matches nothing', async () => {
    const { checkout, both } = incidents;
    expect(await listed({ serviceIds: [services.checkout], severity: ['P1'] })).toEqual([checkout]);
    expect(await listed({ serviceIds: [services.checkout], open: true })).toEqual([both, checkout]);
    expect(await listed({ serviceIds: [services.checkout], open: false })).toEqual([]);
    expect(await listed({ serviceIds: [] })).toEqual([]);
  });

  it('a malformed service id is a VALIDATION error naming serviceIds', async () => {
    const r = await gql(server.graphqlUrl, LIST, { f: { serviceIds: ['x'] } });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'serviceIds' });
  });
});
