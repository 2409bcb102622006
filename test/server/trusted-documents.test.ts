import {
  GraphQLInputType,
  GraphQLSchema,
  OperationDefinitionNode,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  typeFromAST,
} from 'graphql';
import { SESSION_ONLY_MUTATIONS } from '@vigil/shared';
import { COST_MODEL, queryCost } from '../../server/src/graphql/cost';
import { createVigilPubSub } from '../../server/src/pubsub/pubsub';
import { printableSchema } from '../../server/src/schema';
import { Client } from 'graphql-ws';
import { TRUSTED_MANIFEST, gqlById, trustedDocument, wsOnce } from '../support/trusted';
import { TestDatabase, createTestDatabase, testDatabaseKinds } from '../support/databases';
import { ServerProcess, TEST_ADMIN_PASSWORD, spawnServer } from '../support/processes';
import { SESSION_COOKIE } from '../../server/src/access/credential';
import { gql, wsClient } from '../support/server';

/** Page sizes the web app sends in variables (web/src/features/console/IncidentList.tsx: PAGE). */
const WEB_VARIABLES: Record<string, Record<string, unknown>> = { ConsoleIncidents: { page: { first: 50 } } };

/** A value for a required input (the cost never depends on these, only on page sizes). */
function placeholder(type: GraphQLInputType): unknown {
  if (!isNonNullType(type)) return undefined;
  const inner = type.ofType;
  if (isListType(inner)) return [];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isInputObjectType(inner)) {
    return Object.fromEntries(
      Object.values(inner.getFields())
        .map((f) => [f.name, placeholder(f.type)])
        .filter(([, v]) => v !== undefined),
    );
  }
  return (
    (
      { Int: 1, Float: 1, Boolean: false, DateTimeISO: '2026-01-01T00:00:00.000Z', JSONObject: {} } as Record<
        string,
        unknown
      >
    )[inner.name] ?? '1'
  );
}

function variablesFor(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const v of operation.variableDefinitions ?? []) {
    const value = placeholder(typeFromAST(schema, v.type as never) as GraphQLInputType);
    if (value !== undefined) values[v.variable.name.value] = value;
  }
  return { ...values, ...given };
}

describe("the web app's trusted documents", () => {
  it('each costs less than the default VIGIL_MAX_QUERY_COST, with the page sizes the web sends', async () => {
    const pubsub = createVigilPubSub(null, 'vigil:cost-test:', () => undefined);
    const schema = await printableSchema(pubsub.pubSub);
    const costs = Object.values(TRUSTED_MANIFEST)
      .map((text) => {
        const document = parse(text);
        const operation = document.definitions.find(
          (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
        )!;
        const name = operation.name!.value;
        const { cost, error } = queryCost(
          schema,
          document,
          variablesFor(schema, operation, WEB_VARIABLES[name] ?? {}),
          name,
          COST_MODEL.defaultMaxCost,
        );
        expect(error).toBeNull();
        return { name, cost };
      })
      .sort((a, b) => b.cost - a.cost);
    console.log(
      `trusted documents: ${costs.length}; dearest: ${costs
        .slice(0, 5)
        .map((c) => `${c.name} ${c.cost}`)
        .join(', ')}; limit ${COST_MODEL.defaultMaxCost}`,
    );
    for (const { cost } of costs) expect(cost).toBeLessThan(COST_MODEL.defaultMaxCost);
    await pubsub.close();
  });

  it('include a document for every session-only mutation, so credentials can be managed in production', () => {
    const mutations = new Set<string>();
    for (const text of Object.values(TRUSTED_MANIFEST)) {
      for (const d of parse(text).definitions) {
        if (d.kind === 'OperationDefinition' && d.operation === 'mutation')
          for (const s of d.selectionSet.selections) if (s.kind === 'Field') mutations.add(s.name.value);
      }
    }
    expect([...SESSION_ONLY_MUTATIONS].filter((m) => !mutations.has(m))).toEqual([]);
  });
});

/** The issue's amplification query: 10 aliases of 200 incidents with their timeline, alerts and notifications. */
export const AMPLIFICATION = `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: incidents(page: { first: 200 }) { nodes { timeline { id type message at } alerts { details } notifications { id status lastError } } }`).join(' ')} }`;
/** Six aliases of a page of incidents with their histories, the page size a variable. */
const PAGED = `query($p: PageInput) { ${Array.from({ length: 6 }, (_, i) => `a${i}: incidents(page: $p) { nodes { timeline(last: 20) { id type message at actorName public } alerts(last: 10) { id summary status details } notifications(last: 10) { id status kind level } } }`).join(' ')} }`;
/** A document of the caller's own (not one of the web app's). */
const OWN = '{ incidents(filter: { open: true }) { nodes { id title } } }';

describe.each(testDatabaseKinds())(
  'trusted documents and the cost limit in production (a spawned server, NODE_ENV=production) on %s',
  (kind) => {
    let db: TestDatabase;
    let server: ServerProcess;
    const personal = () => ({ authorization: `Bearer ${db.adminToken}` });
    let session: Record<string, string>;
    let wall: Record<string, string>;
    const clients: Client[] = [];
    const ws = (params: Record<string, unknown>, cookie?: string) => {
      const c = wsClient(server.wsUrl, params, cookie);
      clients.push(c);
      return c;
    };

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      server = await spawnServer({
        NODE_ENV: 'production',
        VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
        ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : { SQLITE_PATH: db.sqlitePath }),
      });
      // A browser signs in with the web app's Login document, by id (anonymous callers run only trusted documents).
      const login = await gqlById(
        server.graphqlUrl,
        'Login',
        { email: 'admin@localhost', password: TEST_ADMIN_PASSWORD },
        { authorization: '' },
      );
      expect(login.errors).toBeUndefined();
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
      session = { authorization: '', cookie };
      // A session manages credentials with the account documents, by id.
      const made = await gqlById(server.graphqlUrl, 'AccountCreateWallToken', { name: 'NOC' }, session);
      expect(made.errors).toBeUndefined();
      wall = { authorization: `Bearer ${made.data!.createWallToken.secret}` };
      await gql(
        server.graphqlUrl,
        'mutation { declareIncident(input: { title: "Checkout down", severity: P1 }) { id } }',
        {},
        personal(),
      );
    }, 120_000);

    afterAll(async () => {
      await Promise.all(
        clients.map(async (c) => {
          await c.dispose();
        }),
      );
      await server?.stop();
      await db?.drop();
    });

    it.each([
      ['a browser session', () => session],
      ['a wall token', () => wall],
      ['an anonymous caller', () => ({ authorization: '' })],
    ])(
      '%s sending a document of its own over HTTP is refused (400 TRUSTED_DOCUMENT_REQUIRED), and nothing runs',
      async (_who, headers) => {
        const own = await gql(server.graphqlUrl, '{ publicStatus { headline } }', {}, headers());
        expect(own.status).toBe(400);
        expect(own.data ?? null).toBeNull();
        expect(own.errors![0].extensions).toMatchObject({ code: 'TRUSTED_DOCUMENT_REQUIRED' });
      },
    );

    it("the same callers run the web app's documents by id (Apollo's extension or documentId), or by their exact text", async () => {
      for (const headers of [session, wall]) {
        const byHash = await gqlById(server.graphqlUrl, 'OpenIncidents', {}, headers);
        expect(byHash.status).toBe(200);
        expect(byHash.data!.incidents.nodes.map((n: { title: string }) => n.title)).toContain('Checkout down');
        const byDocumentId = await gqlById(server.graphqlUrl, 'OpenIncidents', {}, headers, 'documentId');
        expect(byDocumentId.data!.incidents.nodes).toHaveLength(1);
        const byText = await gql(server.graphqlUrl, trustedDocument('OpenIncidents').text, {}, headers);
        expect(byText.errors).toBeUndefined();
        expect(byText.data!.incidents.nodes).toHaveLength(1);
      }
      const anonymous = await gqlById(server.graphqlUrl, 'PublicStatus', {}, { authorization: '' });
      expect(anonymous.status).toBe(200);
      expect(anonymous.data!.publicStatus.headline).toEqual(expect.any(String));
    });

    it("what runs is what was registered: a trusted id beside a text of one's own runs the trusted document (POST), and GET gets no trust from an id", async () => {
      const doc = trustedDocument('OpenIncidents');
      const post = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...session },
        body: JSON.stringify({
          query: '{ me { email } }',
          extensions: { persistedQuery: { version: 1, sha256Hash: doc.hex } },
        }),
      });
      const posted = await post.json();
      expect(posted.data.me).toBeUndefined();
      expect(posted.data.incidents.nodes).toHaveLength(1);
      // Apollo serves GET and would run the text: an id in the query string must not make it trusted.
      const params = new URLSearchParams({ query: '{ me { email } }', documentId: doc.id });
      const get = await fetch(`${server.graphqlUrl}?${params}`, {
        headers: { ...session, 'apollo-require-preflight': 'true' },
      });
      const got = await get.json();
      expect(got.data?.me).toBeUndefined();
      expect(got.errors[0].extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    });

    it("a wall token naming a trusted document still reads only the wall's fields", async () => {
      const tokens = await gqlById(server.graphqlUrl, 'AccountApiTokens', {}, wall);
      expect(tokens.status).toBe(403);
      expect(tokens.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'WALL_FIELDS' });
    });

    it('an unknown id is PERSISTED_QUERY_NOT_FOUND (the web client then sends the text, refused here)', async () => {
      const res = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...session },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
      });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it.each([
      ['a browser session', true],
      ['a wall token', false],
    ])('%s over WebSocket: its own document is refused, the trusted one by hash runs', async (_who, isSession) => {
      const client = isSession ? ws({ authorization: '' }, session.cookie) : ws({ authorization: wall.authorization });
      const own = await wsOnce(client, { query: OWN });
      expect(own.data ?? null).toBeNull();
      expect(own.errors![0].extensions).toMatchObject({ code: 'TRUSTED_DOCUMENT_REQUIRED' });
      const trusted = await wsOnce(client, { operationName: 'OpenIncidents' });
      expect(trusted.errors).toBeUndefined();
      expect(trusted.data!.incidents.nodes).toHaveLength(1);
    });

    it('a personal token runs documents of its own under the cost limit; over it, 400 with the computed cost and the limit', async () => {
      const own = await gql(server.graphqlUrl, OWN, {}, personal());
      expect(own.status).toBe(200);
      expect(own.data!.incidents.nodes).toHaveLength(1);
      // A page size sent as a variable counts too.
      const dear = await gql(server.graphqlUrl, PAGED, { p: { first: 200 } }, personal());
      expect(dear.status).toBe(400);
      expect(dear.data ?? null).toBeNull();
      expect(dear.errors![0].extensions).toEqual({
        code: 'QUERY_COST_LIMIT',
        cost: expect.any(Number),
        limit: 200_000,
      });
      expect(dear.errors![0].extensions!.cost).toBeGreaterThan(200_000);
      expect(dear.errors![0].message).toContain(String(dear.errors![0].extensions!.cost));
      const cheaper = await gql(server.graphqlUrl, PAGED, { p: { first: 20 } }, personal());
      expect(cheaper.status).toBe(200);
      expect(cheaper.data!.a5.nodes).toHaveLength(1);
    });

    it('the amplification query from issue 17 is refused over HTTP and WebSocket', async () => {
      const http = await gql(server.graphqlUrl, AMPLIFICATION, {}, personal());
      expect(http.status).toBe(400);
      expect(http.errors![0].extensions).toMatchObject({ code: 'QUERY_COST_LIMIT', limit: 200_000 });
      expect(http.errors![0].extensions!.cost).toBeGreaterThan(1_000_000);
      const overWs = await wsOnce(ws(personal()), { query: AMPLIFICATION });
      expect(overWs.errors![0].extensions).toMatchObject({
        code: 'QUERY_COST_LIMIT',
        cost: http.errors![0].extensions!.cost,
        limit: 200_000,
      });
    });
  },
);
