import { Client } from 'graphql-ws';
import { TestServer, gql, startTestServer, wsClient } from '../support/server';

type WsError = { message: string; extensions?: { code?: string } };

/** The first answer to one operation over an open graphql-ws connection: its errors, or none. */
function wsAnswer(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ errors: WsError[]; data: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer over WebSocket')), 5000);
    const done = (errors: WsError[], data: unknown = null) => {
      clearTimeout(timer);
      resolve({ errors, data });
    };
    client.subscribe(
      { query, variables },
      {
        next: (r) => done((r.errors ?? []) as WsError[], r.data ?? null),
        error: (e) => done((Array.isArray(e) ? e : [e]) as WsError[]),
        complete: () => done([]),
      },
    );
  });
}

async function postRaw(url: string, body: string, token: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  return { status: res.status, json: await res.json() };
}

/** Each query draws one kind of "Did you mean …?" from graphql-js: field, argument, type, enum value, variable value. */
const SUGGESTING: Array<[string, string, Record<string, unknown>]> = [
  ['a field', '{ incidentz { nodes { id } } }', {}],
  ['an argument', '{ incidents(filtr: { open: true }) { nodes { id } } }', {}],
  ['a type', 'query($f: IncidentFiltr) { incidents(filter: $f) { nodes { id } } }', {}],
  [
    'an enum literal',
    '{ metrics(bucket: DAYS, range: { from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" }) { bucket } }',
    {},
  ],
  [
    'an enum variable',
    'query($s: [Severity!]) { incidents(filter: { severity: $s }) { nodes { id } } }',
    { s: ['P00'] },
  ],
];

describe("the GraphQL surface: malformed documents and over-long ones are the client's fault", () => {
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
    [
      'a document over the token limit',
      `{ ${'__typename '.repeat(3000)} }`,
      /Document contains more tha[nt] 2000 tokens/,
    ],
  ])('answers %s with 400 and a parse error over HTTP', async (_label, query, message) => {
    const res = await postRaw(server.graphqlUrl, JSON.stringify({ query }), server.db.adminToken);
    expect(res.status).toBe(400);
    expect(res.json.errors[0].message).toMatch(message);
    expect(res.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(res.json)).not.toMatch(/stacktrace|at .*\.js/);
  });

  it.each([
    ['an unclosed selection', '{', /Syntax Error/],
    [
      'a document over the token limit',
      `{ ${'__typename '.repeat(3000)} }`,
      /Document contains more tha[nt] 2000 tokens/,
    ],
  ])('answers %s over WebSocket with an error and keeps the connection', async (_label, query, message) => {
    const bad = await wsAnswer(ws, query);
    expect(bad.errors[0].message).toMatch(message);
    // The same code HTTP gives.
    expect(bad.errors[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const good = await wsAnswer(ws, '{ __typename }');
    expect(good).toEqual({ errors: [], data: { __typename: 'Query' } });
  });
});

describe('production mode hides the schema on both transports', () => {
  let prod: TestServer;
  let dev: TestServer;
  let prodWs: Client;
  let devWs: Client;
  beforeAll(async () => {
    prod = await startTestServer('sqlite', { config: { production: true } });
    dev = await startTestServer('sqlite');
    prodWs = wsClient(prod.wsUrl);
    devWs = wsClient(dev.wsUrl);
  });
  afterAll(async () => {
    await prodWs?.dispose();
    await devWs?.dispose();
    await prod?.dispose();
    await dev?.dispose();
  });

  it.each([
    ['__schema', '{ __schema { types { name } } }'],
    ['__type', '{ __type(name: "Incident") { fields { name } } }'],
  ])('refuses introspection (%s) over HTTP and over WebSocket', async (_label, query) => {
    const http = await gql(prod.graphqlUrl, query);
    expect(http.data ?? null).toBeNull();
    expect(http.errors![0].message).toMatch(/introspection/i);
    const overWs = await wsAnswer(prodWs, query);
    expect(overWs.data ?? null).toBeNull();
    expect(overWs.errors[0].message).toMatch(/introspection/i);
    // __typename is not introspection: clients (Apollo's cache) need it.
    expect((await wsAnswer(prodWs, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it.each(SUGGESTING)('gives no "Did you mean" for %s over HTTP or WebSocket', async (_label, query, variables) => {
    const http = await gql(prod.graphqlUrl, query, variables);
    expect(http.errors!.length).toBeGreaterThan(0);
    const overWs = await wsAnswer(prodWs, query, variables);
    expect(overWs.errors.length).toBeGreaterThan(0);
    for (const e of [...http.errors!, ...overWs.errors]) expect(e.message).not.toMatch(/did you mean/i);
    // The rest of the message still says what is wrong.
    expect(http.errors![0].message).toBe(overWs.errors[0].message);
  });

  it.each(SUGGESTING)(
    'still suggests for %s outside production, on both transports (developers want it)',
    async (_label, query, variables) => {
      const http = await gql(dev.graphqlUrl, query, variables);
      const overWs = await wsAnswer(devWs, query, variables);
      expect(http.errors![0].message).toMatch(/Did you mean/);
      expect(overWs.errors[0].message).toMatch(/Did you mean/);
    },
  );

  it("calls a bad variable value the client's fault over WebSocket too (BAD_USER_INPUT, as Apollo says over HTTP)", async () => {
    const [, query, variables] = SUGGESTING.find(([label]) => label === 'an enum variable')!;
    const http = await gql(dev.graphqlUrl, query, variables);
    const overWs = await wsAnswer(devWs, query, variables);
    expect(http.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(overWs.errors[0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(overWs.errors[0].message).toBe(http.errors![0].message);
  });
});
