import WebSocket from 'ws';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, settle, startTestServer } from '../support/server';

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
  await settle(100);
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
    await settle(200);
    const declared = await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "shared", severity: P2, services: ["mid"] }) { id } }`,
    );
    await settle(300);
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
    await settle(100);
    first.frames.length = 0;
    await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "after", severity: P3 }) { id } }`);
    await settle(300);
    expect(first.frames.map((f) => JSON.parse(f).id)).toEqual(['two']);
    first.socket.close();
    second.socket.close();
  });
});
