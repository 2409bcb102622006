import WebSocket from 'ws';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import {
  TestServer,
  collect,
  gql,
  startTestServer,
  subscribed,
  userWithToken,
  waitUntil,
  wsClient,
} from '../support/server';

const LIST = `{ incidents(page: { first: 10 }) { nodes { title services { name } } } }`;
const WALL = `subscription { incidentChanged { id title services { name } } }`;

/** A bare graphql-transport-ws socket, so the test sees the exact frames the server writes. */
async function rawSocket(server: TestServer): Promise<{ socket: WebSocket; frames: string[] }> {
  const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
  const frames: string[] = [];
  socket.on('message', (m) => frames.push(String(m)));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${server.db.adminToken}` } }),
  );
  await waitUntil('connection_ack', () => frames.length > 0);
  expect(frames.map((f) => JSON.parse(f).type)).toEqual(['connection_ack']);
  frames.length = 0;
  return { socket, frames };
}

describe.each(testDatabaseKinds())('wall reads: batched services and shared subscription frames on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
    const created = await gql(
      server.graphqlUrl,
      `mutation { a: createService(input: { name: "zeta" }) { id } b: createService(input: { name: "alpha" }) { id } c: createService(input: { name: "mid" }) { id } }`,
    );
    expect(created.errors).toBeUndefined();
  });

  afterAll(() => server?.dispose());

  it('a page of incidents gets each incident its own services, sorted by name, in one batch', async () => {
    const declare = (title: string, services: string[]) =>
      gql(
        server.graphqlUrl,
        `mutation($t: String!, $s: [String!]) { declareIncident(input: { title: $t, severity: P3, services: $s }) { id } }`,
        { t: title, s: services },
      );
    for (const [title, services] of [
      ['none', []],
      ['two', ['zeta', 'alpha']],
      ['one', ['mid']],
      ['three', ['mid', 'zeta', 'alpha']],
    ] as const) {
      expect((await declare(title, [...services])).errors).toBeUndefined();
    }
    const list = await gql(server.graphqlUrl, LIST);
    expect(list.errors).toBeUndefined();
    const byTitle = Object.fromEntries(
      list.data!.incidents.nodes.map((n: { title: string; services: Array<{ name: string }> }) => [
        n.title,
        n.services.map((s) => s.name),
      ]),
    );
    expect(byTitle).toMatchObject({ none: [], two: ['alpha', 'zeta'], one: ['mid'], three: ['alpha', 'mid', 'zeta'] });
  });

  it('subscribers sharing one execution each get the event under their own id, framed as graphql-ws frames it', async () => {
    const first = await rawSocket(server);
    const second = await rawSocket(server);
    first.socket.send(JSON.stringify({ id: 'one', type: 'subscribe', payload: { query: WALL } }));
    first.socket.send(JSON.stringify({ id: 'two', type: 'subscribe', payload: { query: WALL } }));
    second.socket.send(JSON.stringify({ id: 'x"y', type: 'subscribe', payload: { query: WALL } }));
    await subscribed(server, ...['one', 'two', 'x"y'].map((operationId) => ({ operationId, errors: [] })));
    const declared = await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "shared", severity: P2, services: ["mid"] }) { id } }`,
    );
    await waitUntil('the frames', () => first.frames.length >= 2 && second.frames.length >= 1);
    const expected = (id: string) =>
      JSON.stringify({
        id,
        type: 'next',
        payload: {
          data: {
            incidentChanged: { id: declared.data!.declareIncident.id, title: 'shared', services: [{ name: 'mid' }] },
          },
        },
      });
    expect(first.frames.sort()).toEqual([expected('one'), expected('two')].sort());
    expect(second.frames).toEqual([expected('x"y')]);

    // Completing one subscription stops its frames and leaves the other running.
    first.socket.send(JSON.stringify({ id: 'one', type: 'complete' }));
    await waitUntil('the server to drop subscription one', () => !server.isSubscribed('one'));
    first.frames.length = 0;
    await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "after", severity: P3 }) { id } }`);
    // Members of a stream are written in the order they joined, one before two: a frame for one would come first.
    await waitUntil('the frame for two', () => first.frames.some((f) => JSON.parse(f).id === 'two'));
    expect(first.frames.map((f) => JSON.parse(f).id)).toEqual(['two']);
    first.socket.close();
    second.socket.close();
  });
  it('subscribers of the same role but different people do not share an execution: each sees their own view', async () => {
    // Ana is on call (paged at her webhook); Bob is another responder. The address of Ana's page is whole for her and
    // masked for Bob; her contact methods are hers alone.
    const people = await setUpPaging(server);
    const { secret: anaToken } = await server.app.auth.createToken(people.ana, 'PERSONAL', 'ana');
    // Added by Ana herself: a webhook someone else adds waits for the person to enter the code POSTed to it.
    await server.app.users.addContactMethod(people.ana, 'WEBHOOK', 'https://hooks.example.com/ana-secret', {
      kind: 'USER',
      name: 'Ana Oncall',
      userId: people.ana,
      role: 'RESPONDER',
    });
    const bob = await userWithToken(server, 'Bob Other', 'RESPONDER');
    const PRIVATE = `subscription { incidentChanged { id status notifications { targetName address }
      roles { user { name contactMethods { kind address } } } } }`;
    const anaClient = wsClient(server.wsUrl, { authorization: `Bearer ${anaToken}` });
    const bobClient = wsClient(server.wsUrl, { authorization: `Bearer ${bob.token}` });
    // Ana first: before the fix her execution was the one Bob joined.
    const anaSub = collect<{ incidentChanged: Record<string, any> }>(anaClient, PRIVATE);
    await subscribed(server, anaSub);
    const bobSub = collect<{ incidentChanged: Record<string, any> }>(bobClient, PRIVATE);
    await subscribed(server, bobSub);
    const declared = await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "private", severity: P2 }) { id } }`,
    );
    expect(declared.errors).toBeUndefined();
    const id = declared.data!.declareIncident.id;
    const assigned = await gql(
      server.graphqlUrl,
      `mutation($id: ID!, $u: ID!) { assignIncidentRole(incidentId: $id, role: COMMANDER, userId: $u) { id } }`,
      { id, u: String(people.ana) },
    );
    expect(assigned.errors).toBeUndefined();
    const acked = await gql(server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    expect(acked.errors).toBeUndefined();
    const last = async (sub: typeof anaSub) =>
      (
        await sub.until((items) =>
          items.some((e) => e.incidentChanged.id === id && e.incidentChanged.status === 'ACKNOWLEDGED'),
        )
      )
        .filter((e) => e.incidentChanged.id === id)
        .at(-1)!.incidentChanged;
    const [anaView, bobView] = [await last(anaSub), await last(bobSub)];
    const page = (v: Record<string, any>) =>
      v.notifications.find((n: { targetName: string }) => n.targetName === 'Ana Oncall');
    expect(page(anaView).address).toBe('https://hooks.example.com/ana-secret');
    expect(page(bobView).address).toBe('…cret');
    expect(anaView.roles[0].user.contactMethods).toEqual([
      { kind: 'WEBHOOK', address: 'https://hooks.example.com/ana-secret' },
    ]);
    expect(bobView.roles[0].user).toMatchObject({ name: 'Ana Oncall', contactMethods: [] });
    expect(JSON.stringify(bobView)).not.toContain('ana-secret');
    await anaClient.dispose();
    await bobClient.dispose();
  });
});
