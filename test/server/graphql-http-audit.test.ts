import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { AuditResult, auditServer } from 'graphql-http';
import { TestServer, startTestServer, userWithToken } from '../support/server';

const ids = (results: AuditResult[], status: AuditResult['status']) =>
  results
    .filter((r) => r.status === status)
    .map((r) => `${r.id} ${r.name}`)
    .sort();

/**
 * The GraphQL over HTTP conformance audit (graphql-http's own suite) against Vigil's /graphql and, as the yardstick,
 * against a stock Apollo Server 5 with a one-field schema. Stock Apollo gets 3 warnings, all "SHOULD use 200 on a
 * parsing / validation / variable coercion failure when accepting application/json" (Apollo answers 400, which the
 * spec also allows), and 3 notices about GET with form-urlencoded/variables, which CSRF prevention blocks. Vigil
 * had 2 more warnings (556A, 74FF: a parse failure answered 500, not 400); it must now have none that stock lacks.
 */
describe('GraphQL over HTTP audit (graphql-http)', () => {
  let server: TestServer;
  let stock: ApolloServer;
  let stockUrl: string;
  let stockResults: AuditResult[];
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    stock = new ApolloServer({
      typeDefs: 'type Query { hello: String }',
      resolvers: { Query: { hello: () => 'world' } },
    });
    stockUrl = (await startStandaloneServer(stock, { listen: { port: 0, host: '127.0.0.1' } })).url;
    stockResults = await auditServer({ url: stockUrl });
  });
  afterAll(async () => {
    await stock?.stop();
    await server?.dispose();
  });

  it('the yardstick: stock Apollo Server passes with 3 warnings and no error', () => {
    expect(ids(stockResults, 'error')).toEqual([]);
    expect(ids(stockResults, 'warn')).toHaveLength(3);
  });

  it.each([
    ['an anonymous caller', null],
    ['a personal API token', 'token'],
  ])('Vigil, for %s: no error, and no warning that stock Apollo does not give', async (_label, credential) => {
    let fetchFn: typeof fetch = fetch;
    if (credential) {
      const { token } = await userWithToken(server, 'Auditor', 'VIEWER');
      fetchFn = (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      };
    }
    const results = await auditServer({ url: server.graphqlUrl, fetchFn });
    expect(ids(results, 'error')).toEqual([]);
    const extra = ids(results, 'warn').filter((w) => !ids(stockResults, 'warn').includes(w));
    expect(extra).toEqual([]);
  });
});
