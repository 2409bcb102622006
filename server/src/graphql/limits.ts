import { ApolloArmor } from '@escape.tech/graphql-armor';
import { DocumentNode, GraphQLError, GraphQLSchema, ParseOptions, parse, specifiedRules, validate } from 'graphql';

/**
 * Query limits, the same for HTTP and WebSocket. The wall's largest query is depth 6, no aliases, cost ~260; these leave
 * room for real clients and none for amplification bombs.
 */
export const QUERY_LIMITS = { maxDepth: 10, maxAliases: 10, maxTokens: 2000, maxCost: 1000, maxDirectives: 20 } as const;

/**
 * graphql-js's own token limit, applied while parsing (Apollo's parseOptions, and parseAndValidate): an over-long
 * document is then a parse error (400), like a malformed one. graphql-armor's token limit re-parsed the document in a
 * plugin hook, where any parse error threw outside Apollo's parse step and became a 500.
 */
export const PARSE_OPTIONS: ParseOptions = { maxTokens: QUERY_LIMITS.maxTokens };

/** graphql-armor's Apollo plugins and validation rules for these limits. */
export function armorFor(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    // A fragment spread costs what its fields cost where they land, not one extra level of depth: otherwise
    // splitting a query into fragments (as codegen-typed clients do) would make the same query dearer.
    costLimit: { maxCost: QUERY_LIMITS.maxCost, flattenFragments: true },
    // "Did you mean …?" maps the schema for an attacker; only developers need it.
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

/** Parses and validates a WebSocket operation with the same limits Apollo applies over HTTP. */
export function parseAndValidate(schema: GraphQLSchema, query: string, armorRules: ReturnType<typeof armorFor>['validationRules']): DocumentNode | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(query, PARSE_OPTIONS);
  } catch (e) {
    return [e instanceof GraphQLError ? e : new GraphQLError('Could not parse the query.')];
  }
  const errors = validate(schema, document, [...specifiedRules, ...armorRules]);
  return errors.length ? errors : document;
}
