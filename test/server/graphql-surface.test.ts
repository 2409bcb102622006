import { Client } from 'graphql-ws';
import { TestServer, gql, startTestServer, wsClient } from '../support/server';

type WsError = { message: string; extensions?: { code?: string } };

/** The first answer to one operation over an open graphql-ws connection: its errors, or none. */
function wsAnswer(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<{ errors: WsError[]; data: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer over WebSocket')), 5000);
    const done = (errors: WsError[], data: unknown = null) => {
      clearTimeout(timer);
      resolve({ errors, data });
    };
    client.subscribe({ query, variables }, {
      next: (r) => done((r.errors ?? []) as WsError[], r.data ?? null),
      error: (e) => done((Array.isArray(e) ? e : [e]) as WsError[]),
      complete: () => done([]),
    });
  });
}

async function postRaw(url: string, body: string, token: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  return { status: res.status, json: await res.json() };
}

describe('the GraphQL surface: malformed documents and over-long ones are the client\'s fault', () => {
  let server: TestServer;
  let ws: Client;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    ws = wsClient(server.wsUrl);
  });
  afterAll(async () => {
    await ws?.dispose();
    await server?.dispose();
  });

  it.each([
    ['an unclosed selection', '{', /Syntax Error/],
    ['a stray token', '{ incidents } }', /Syntax Error/],
    ['an empty document', ' ', /Syntax Error/],
    ['a document over the token limit', `{ ${'__typename '.repeat(3000)} }`, /Document contains more tha[nt] 2000 tokens/],
  ])('answers %s with 400 and a parse error over HTTP', async (_label, query, message) => {
    const res = await postRaw(server.graphqlUrl, JSON.stringify({ query }), server.db.adminToken);
    expect(res.status).toBe(400);
    expect(res.json.errors[0].message).toMatch(message);
    expect(res.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(res.json)).not.toMatch(/stacktrace|at .*\.js/);
  });

  it.each([
    ['an unclosed selection', '{', /Syntax Error/],
    ['a document over the token limit', `{ ${'__typename '.repeat(3000)} }`, /Document contains more tha[nt] 2000 tokens/],
  ])('answers %s over WebSocket with an error and keeps the connection', async (_label, query, message) => {
    const bad = await wsAnswer(ws, query);
    expect(bad.errors[0].message).toMatch(message);
    const good = await wsAnswer(ws, '{ __typename }');
    expect(good).toEqual({ errors: [], data: { __typename: 'Query' } });
  });
});
