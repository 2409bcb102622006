import { getIntrospectionQuery } from 'graphql';
import { MUTATION_ROLES } from '@vigil/shared';
import { TestServer, gql, startTestServer } from '../support/server';

describe('the permission matrix', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(() => server?.dispose());

  it('names every mutation in the schema, and nothing that is not one', async () => {
    const res = await gql(server.graphqlUrl, getIntrospectionQuery());
    const mutationType = res.data!.__schema.types.find((t: any) => t.name === 'Mutation');
    const inSchema = mutationType.fields.map((f: any) => f.name).sort();
    expect(Object.keys(MUTATION_ROLES).sort()).toEqual(inSchema);
  });
});
