import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
} from 'graphql';
import { ComplexityEstimator, ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { POSTMORTEM_LIMITS } from '@vigil/shared';

/**
 * How the cost of a document is counted (graphql-query-complexity walks it, with the request's variables):
 * - every field costs 1, plus its selection;
 * - a field with a page size (`page: { first }`, `first`, or `last` for an incident's newest history entries)
 *   multiplies its selection by that size, or by the argument's default when the caller gave none (a connection's
 *   whole selection — nodes and pageInfo — counts page-size times);
 * - a field that can be large by itself (FIELD_WEIGHTS: alert details, JSON data) costs its weight;
 * - any other list of objects multiplies its selection by an assumed length: a root list (`users`, `postmortems`…)
 *   by the default page size, a list bounded elsewhere by that bound (LIST_SIZES), any other nested list (services,
 *   roles, pages of an escalation…) by `unpagedListSize`;
 * - nested lists multiply again; `__typename` is free.
 * The count is an upper bound on the rows and objects a document can make the server load and serialise.
 */
export const COST_MODEL = {
  /** What `incidents` returns when no `page` is given (incident.resolver.ts), and PageInput.first's default. */
  defaultPageSize: 50,
  /** The assumed length of a nested list that has no page size and no entry in LIST_SIZES. */
  unpagedListSize: 5,
  /**
   * The default VIGIL_MAX_QUERY_COST: well above the dearest web document with the page sizes it sends (the wall's
   * open incidents, 200 of them with their escalation ladders: ~28,000; a test checks every document), and far below
   * issue 17's amplification query (10 aliases of 200 incidents with their histories: ~7,900,000).
   */
  defaultMaxCost: 200_000,
} as const;

/**
 * Lists without a page-size argument whose length is bounded elsewhere, counted at that bound: a post-mortem's
 * timeline (POSTMORTEM_LIMITS.timelineEntries). An incident's histories take `last` instead (HISTORY_PAGES).
 */
const LIST_SIZES: Readonly<Record<string, number>> = {
  'Postmortem.timeline': POSTMORTEM_LIMITS.timelineEntries,
};

const QUERY_COST_CODE = 'QUERY_COST_LIMIT';

/**
 * The page size a field asks for: `page.first`, `first` or `last` (an incident's newest history entries), the
 * argument's own default when it got none (the schema's, else the default page size); else null.
 */
function pageSize({ field, args }: Pick<ComplexityEstimatorArgs, 'field' | 'args'>): number | null {
  const page = field.args.find((a) => a.name === 'page');
  if (page) {
    const first = (args.page as { first?: unknown } | null | undefined)?.first;
    return typeof first === 'number' ? first : COST_MODEL.defaultPageSize;
  }
  const sized = field.args.find((a) => a.name === 'first' || a.name === 'last');
  if (!sized) return null;
  const given: unknown = args[sized.name];
  if (typeof given === 'number') return given;
  return typeof sized.defaultValue === 'number' ? sized.defaultValue : COST_MODEL.defaultPageSize;
}

/**
 * Fields whose value can be large by itself (a JSON blob a sender or the server filled: up to 16 KB of alert
 * details) cost as much as that many small fields, so a document cannot ask for megabytes at a low cost.
 */
const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  'Alert.details': 20,
  'TimelineEvent.data': 5,
  'AuditEntry.args': 5,
};

const listCost: ComplexityEstimator = (options) => {
  if (options.field.name === '__typename') return 0;
  const size = pageSize(options);
  if (size !== null) return 1 + Math.max(0, size) * options.childComplexity;
  const weight = FIELD_WEIGHTS[`${options.type.name}.${options.field.name}`];
  if (weight !== undefined) return weight + options.childComplexity;
  const type = getNullableType(options.field.type);
  // A connection's nodes are the page its field already counted page-size times: once, not again.
  if (options.type.name.endsWith('Connection') && options.field.name === 'nodes') return 1 + options.childComplexity;
  // A list of objects without a page size: its assumed length. (A list of scalars or enums costs as one field.)
  if (isListType(type) && isObjectType(getNamedType(type))) {
    const assumed =
      LIST_SIZES[`${options.type.name}.${options.field.name}`] ??
      (options.type.name === 'Query' ? COST_MODEL.defaultPageSize : COST_MODEL.unpagedListSize);
    return 1 + assumed * options.childComplexity;
  }
  return 1 + options.childComplexity;
};

/**
 * The cost of running `document` with `variables` (COST_MODEL), and the error that refuses it when over `limit`.
 * Variables that do not fit the document are left to execution (NaN, no error), which refuses them before running.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
  limit: number,
): { cost: number; error: GraphQLError | null } {
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operationName ?? undefined,
      estimators: [listCost],
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Variables that do not fit the document: execution refuses them the usual way (BAD_USER_INPUT, no suggestions
    // in production) with the same coercion, before any resolver runs.
    if (!/maximum allowed number of nodes/i.test(message)) return { cost: NaN, error: null };
    return {
      cost: Infinity,
      error: new GraphQLError(`Query is too large to cost: ${message}`, {
        extensions: { code: QUERY_COST_CODE, limit, http: { status: 400 } },
      }),
    };
  }
  if (cost <= limit) return { cost, error: null };
  return {
    cost,
    error: new GraphQLError(
      `Query cost ${cost} is over the limit of ${limit} (VIGIL_MAX_QUERY_COST): ask for smaller pages (page: { first }), fewer aliases or fewer nested lists.`,
      { extensions: { code: QUERY_COST_CODE, cost, limit, http: { status: 400 } } },
    ),
  };
}
