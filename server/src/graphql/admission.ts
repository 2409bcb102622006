import { DocumentNode, GraphQLError, GraphQLSchema, OperationTypeNode, getOperationAST } from 'graphql';
import { DomainError } from '@vigil/shared';
import { limitedAddress, limitedCaller } from '../access/rate-limiter';
import { Context } from './context';
import { queryCost } from './cost';
import { WallFieldCheck } from './wall-fields';

export interface AdmissionOptions {
  schema: GraphQLSchema;
  wallFields: WallFieldCheck;
  /** VIGIL_MAX_QUERY_COST, read per request (a test may change it). */
  maxCost: () => number;
}

interface Operation {
  document: DocumentNode;
  variables: Record<string, unknown> | null | undefined;
  operationName: string | null | undefined;
}

/**
 * Whether a caller's operation may run, checked the same way on HTTP (Apollo and trusted documents) and WebSocket,
 * after the document is known and before anything runs: a wall token's fields (wall-fields.ts), the document's cost
 * with its variables (cost.ts), and for reads the caller's and the address's query-cost budget a minute
 * (VIGIL_READ_COST_PER_MINUTE, …_PER_IP): a reader sending the dearest allowed document back to back is slowed to
 * its budget instead of keeping the server busy while alerts wait. Mutations are counted by authorize.ts instead.
 * Returns the errors to refuse it with (each with its HTTP status), or none.
 */
export type Admission = (context: Context, operation: Operation) => Promise<readonly GraphQLError[]>;

export function admission({ schema, wallFields, maxCost }: AdmissionOptions): Admission {
  return async (context, { document, variables, operationName }) => {
    const refused = wallFields(context, document);
    if (refused.length) return refused;
    const { cost, error } = queryCost(schema, document, variables, operationName, maxCost());
    if (error) return [error];
    // A document without an operation that fits is refused by execution, before anything runs.
    const kind = getOperationAST(document, operationName)?.operation;
    if (kind === undefined || kind === OperationTypeNode.MUTATION || !Number.isFinite(cost)) return [];
    const { limiter, limits } = context.gate;
    const caller =
      context.actor.kind === 'ANONYMOUS' ? `address:${limitedAddress(context.ip)}` : limitedCaller(context.actor);
    try {
      await limiter.take('read-cost-actor', caller, limits.readCostPerActor, 'reads from you', cost);
      await limiter.take(
        'read-cost-ip',
        limitedAddress(context.ip),
        limits.readCostPerIp,
        'reads from this address',
        cost,
      );
      return [];
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const wait = Number(e.details?.retryAfterSeconds ?? 1);
      return [
        new GraphQLError(`${e.message} (query cost ${cost} a request; VIGIL_READ_COST_PER_MINUTE)`, {
          extensions: {
            code: e.code,
            cost,
            retryAfterSeconds: wait,
            http: { status: 429, headers: new Map([['retry-after', String(wait)]]) },
          },
        }),
      ];
    }
  };
}
