import {
  GraphQLInputType, GraphQLSchema, OperationDefinitionNode, isEnumType, isInputObjectType, isListType, isNonNullType, parse, typeFromAST,
} from 'graphql';
import { SESSION_ONLY_MUTATIONS } from '@vigil/shared';
import { COST_MODEL, queryCost } from '../../server/src/graphql/cost';
import { createVigilPubSub } from '../../server/src/graphql/pubsub';
import { buildVigilSchema } from '../../server/src/graphql/schema';
import { TRUSTED_MANIFEST } from '../support/trusted';

/** Page sizes the web app sends in variables (web/src/features/console/IncidentList.tsx: PAGE). */
const WEB_VARIABLES: Record<string, Record<string, unknown>> = { ConsoleIncidents: { page: { first: 50 } } };

/** A value for a required input (the cost never depends on these, only on page sizes). */
function placeholder(type: GraphQLInputType): unknown {
  if (!isNonNullType(type)) return undefined;
  const inner = type.ofType;
  if (isListType(inner)) return [];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isInputObjectType(inner)) {
    return Object.fromEntries(Object.values(inner.getFields()).map((f) => [f.name, placeholder(f.type)]).filter(([, v]) => v !== undefined));
  }
  return ({ Int: 1, Float: 1, Boolean: false, DateTimeISO: '2026-01-01T00:00:00.000Z', JSONObject: {} } as Record<string, unknown>)[inner.name] ?? '1';
}

function variablesFor(schema: GraphQLSchema, operation: OperationDefinitionNode, given: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const v of operation.variableDefinitions ?? []) {
    const value = placeholder(typeFromAST(schema, v.type as never) as GraphQLInputType);
    if (value !== undefined) values[v.variable.name.value] = value;
  }
  return { ...values, ...given };
}

describe('the web app\'s trusted documents', () => {
  it('each costs less than the default VIGIL_MAX_QUERY_COST, with the page sizes the web sends', async () => {
    const pubsub = createVigilPubSub(null, 'vigil:cost-test:', () => undefined);
    const schema = await buildVigilSchema(pubsub.pubSub);
    const costs = Object.values(TRUSTED_MANIFEST).map((text) => {
      const document = parse(text);
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
      const name = operation.name!.value;
      const { cost, error } = queryCost(schema, document, variablesFor(schema, operation, WEB_VARIABLES[name] ?? {}), name, COST_MODEL.defaultMaxCost);
      expect(error).toBeNull();
      return { name, cost };
    }).sort((a, b) => b.cost - a.cost);
    console.log(`trusted documents: ${costs.length}; dearest: ${costs.slice(0, 5).map((c) => `${c.name} ${c.cost}`).join(', ')}; limit ${COST_MODEL.defaultMaxCost}`);
    for (const { cost } of costs) expect(cost).toBeLessThan(COST_MODEL.defaultMaxCost);
    await pubsub.close();
  });

  it('include a document for every session-only mutation, so credentials can be managed in production', () => {
    const mutations = new Set<string>();
    for (const text of Object.values(TRUSTED_MANIFEST)) {
      for (const d of parse(text).definitions) {
        if (d.kind === 'OperationDefinition' && d.operation === 'mutation') for (const s of d.selectionSet.selections) if (s.kind === 'Field') mutations.add(s.name.value);
      }
    }
    expect([...SESSION_ONLY_MUTATIONS].filter((m) => !mutations.has(m))).toEqual([]);
  });
});
