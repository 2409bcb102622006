import WebSocket from 'ws';
import { TestServer, startTestServer } from '../support/server';

jest.setTimeout(60_000);

/** A graphql-transport-ws socket, acknowledged; `autoPong: false` plays a client whose network went silent. */
async function connect(server: TestServer, autoPong: boolean): Promise<WebSocket> {
  const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws', { autoPong });
  await new Promise((resolve) => socket.once('open', resolve));
  const acked = new Promise((resolve) => socket.once('message', resolve));
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${server.db.adminToken}` } }),
  );
  await acked;
  return socket;
}

describe('the server lets go of a client that went silent', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { config: { auth: { socketKeepAliveMs: 1_000 } } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('terminates a socket that stops answering pings at the next ping, and keeps one that answers', async () => {
    const answering = await connect(server, true);
    const silent = await connect(server, false);
    // Counted in pings, not in wall-clock time: on a loaded machine the server's timers run late, and what this
    // proves is the rule (one unanswered ping ends the socket, an answered one never does), not the timer's accuracy.
    const pings = { answering: 0, silent: 0 };
    answering.on('ping', () => pings.answering++);
    silent.on('ping', () => pings.silent++);
    await new Promise((resolve) => silent.once('close', resolve));
    expect(pings.silent).toBeGreaterThanOrEqual(1);
    expect(pings.silent).toBeLessThanOrEqual(2);

    const pingsWhenSilentClosed = pings.answering;
    await new Promise((resolve) => answering.once('ping', resolve));
    expect(pings.answering).toBeGreaterThan(pingsWhenSilentClosed);
    expect(pings.answering).toBeGreaterThanOrEqual(2);
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.close();
  });
});
