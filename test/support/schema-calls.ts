import {
  IntrospectionField,
  IntrospectionInputTypeRef,
  IntrospectionQuery,
  IntrospectionType,
  getIntrospectionQuery,
} from 'graphql';
import { gql } from './server';

/** Generates a value for an input type; `scalar` decides leaves (fixed dummies, or fuzzed ones). */
type ScalarMaker = (scalar: string, path: string) => unknown;

export interface SchemaCalls {
  mutations: IntrospectionField[];
  types: Map<string, IntrospectionType>;
  /** A document and variables calling `field` with every argument filled in. */
  call(field: IntrospectionField, scalar?: ScalarMaker): { query: string; variables: Record<string, unknown> };
}

const typeName = (t: IntrospectionInputTypeRef): string =>
  t.kind === 'NON_NULL' ? `${typeName(t.ofType)}!` : t.kind === 'LIST' ? `[${typeName(t.ofType)}]` : t.name;

/** Plain, valid-looking dummies: enough to get past GraphQL's own type checks and reach Vigil's rules. */
const dummyScalar: ScalarMaker = (scalar) => {
  switch (scalar) {
    case 'ID':
      return '999999';
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
      return '2026-01-01T00:00:00.000Z';
    case 'JSONObject':
      return {};
    default:
      return 'x';
  }
};

/** Reads the live schema (introspection, as the admin) so tests cover every mutation that exists, new ones too. */
export async function loadSchemaCalls(graphqlUrl: string): Promise<SchemaCalls> {
  const res = await gql<IntrospectionQuery>(graphqlUrl, getIntrospectionQuery());
  if (!res.data) throw new Error(`introspection failed: ${JSON.stringify(res.errors)}`);
  const types = new Map<string, IntrospectionType>(res.data.__schema.types.map((t) => [t.name, t]));
  const mutationType = types.get(res.data.__schema.mutationType!.name) as unknown as { fields: IntrospectionField[] };

  const valueFor = (t: IntrospectionInputTypeRef, scalar: ScalarMaker, path: string, depth: number): unknown => {
    if (t.kind === 'NON_NULL') return valueFor(t.ofType, scalar, path, depth);
    if (t.kind === 'LIST') return [valueFor(t.ofType, scalar, `${path}[]`, depth)];
    const type = types.get(t.name)!;
    if (type.kind === 'ENUM') return type.enumValues[0].name;
    if (type.kind === 'INPUT_OBJECT') {
      const out: Record<string, unknown> = {};
      for (const f of type.inputFields) {
        if (f.type.kind === 'NON_NULL' || depth < 2)
          out[f.name] = valueFor(f.type, scalar, `${path}.${f.name}`, depth + 1);
      }
      return out;
    }
    return scalar(t.name, path);
  };

  return {
    mutations: mutationType.fields,
    types,
    call(field, scalar = dummyScalar) {
      const variables: Record<string, unknown> = {};
      for (const a of field.args) variables[a.name] = valueFor(a.type, scalar, a.name, 0);
      return { query: documentFor(field), variables };
    },
  };
}

/** `mutation ($a: T!) { field(a: $a) { __typename } }` for any mutation field. */
export function documentFor(field: IntrospectionField): string {
  const defs = field.args.map((a) => `$${a.name}: ${typeName(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  let ret = field.type;
  while (ret.kind === 'NON_NULL' || ret.kind === 'LIST') ret = ret.ofType;
  const leaf = ret.kind === 'SCALAR' || ret.kind === 'ENUM';
  return `mutation ${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''}${leaf ? '' : ' { __typename }'} }`;
}
