import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  ParseOptions,
  ValidationRule,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { withoutSuggestions } from './errors';

/**
 * Query limits, the same for HTTP and WebSocket. The wall's largest query is depth 6 with no aliases; these leave
 * room for real clients and none for amplification bombs. The cost limit (VIGIL_MAX_QUERY_COST) needs the request's
 * variables (page sizes), so it is checked once the operation is known, not here: graphql/cost.ts.
 */
const QUERY_LIMITS = { maxDepth: 10, maxAliases: 10, maxTokens: 2000, maxDirectives: 20 } as const;

/**
 * graphql-js's own token limit, applied while parsing (Apollo's parseOptions, and parseAndValidate): an over-long
 * document is then a parse error (400), like a malformed one. graphql-armor's token limit re-parsed the document in a
 * plugin hook, where any parse error threw outside Apollo's parse step and became a 500.
 */
export const PARSE_OPTIONS: ParseOptions = { maxTokens: QUERY_LIMITS.maxTokens };

/** What both transports check a document against, besides PARSE_OPTIONS. */
export interface GraphqlProtection {
  production: boolean;
  /** graphql-armor's depth, alias and directive rules, in addition to the specified rules. */
  validationRules: ValidationRule[];
}

/** The limits for Apollo (HTTP) and parseAndValidate (WebSocket). */
export function armorFor(production: boolean): GraphqlProtection {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    // armor's cost rule counts depth, not page sizes, and cannot see variables: graphql/cost.ts replaces it.
    costLimit: { enabled: false },
    // armor's mask missed enum-value suggestions and never reached WebSocket; formatError and parseAndValidate
    // remove every "Did you mean …?" in production instead.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { production, validationRules: armor.validationRules };
}

/**
 * Parses and validates a WebSocket operation with the same limits Apollo applies over HTTP, including, in
 * production, Apollo's `introspection: false` (graphql-js's rule: `__schema` and `__type` refused, `__typename` kept)
 * and no suggestions in the messages.
 */
export function parseAndValidate(
  schema: GraphQLSchema,
  query: string,
  protection: GraphqlProtection,
): DocumentNode | readonly GraphQLError[] {
  const hide = (e: GraphQLError) =>
    protection.production
      ? new GraphQLError(withoutSuggestions(e.message), {
          nodes: e.nodes,
          source: e.source,
          positions: e.positions,
          extensions: e.extensions,
        })
      : e;
  let document: DocumentNode;
  try {
    document = parse(query, PARSE_OPTIONS);
  } catch (e) {
    // The same code as HTTP gives a document that does not parse.
    const message = e instanceof GraphQLError ? e.message : 'Could not parse the query.';
    return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
  }
  const rules = [
    ...specifiedRules,
    ...protection.validationRules,
    ...(protection.production ? [NoSchemaIntrospectionCustomRule] : []),
  ];
  const errors = validate(schema, document, rules);
  return errors.length ? errors.map(hide) : document;
}
