import {
  GraphQLError,
  GraphQLFieldResolver,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSchema,
  defaultFieldResolver,
} from 'graphql';
import {
  DomainError,
  PUBLIC,
  TEAM_SCOPED,
  accessForQuery,
  assertAccess,
  assertCredentialMay,
  authorizeMutation,
  roleAtLeast,
  roleForMutation,
} from '@vigil/shared';
import { filter } from '@graphql-yoga/subscription';
import { limitedAddress, limitedCaller } from '../access/rate-limiter';
import { Context } from './context';
import { JsonPayload } from '../pubsub/pubsub';

function errorCode(e: unknown): string {
  if (e instanceof DomainError) return e.code;
  if (e instanceof GraphQLError) return String(e.extensions.code ?? 'ERROR');
  return 'ERROR';
}

interface RootCall {
  context: Context;
  info: GraphQLResolveInfo;
  args: Record<string, unknown>;
}

/**
 * The one place root fields are authorised, over HTTP and WebSocket alike: mutations against the permission matrix
 * (shared/src/domain/permissions.ts) and the credential kind (credentials.ts), queries and subscriptions against
 * their access level (a wall token's fields are checked per document: wall-fields.ts). Mutations are also
 * rate-limited per caller and per address (and, by nobody signed in, per address), and every mutation attempt is
 * written to the audit log (identical refusals as one row with a count per minute: audit.service.ts).
 */
const authorize = async ({ context, info, args }: RootCall, next: () => unknown): Promise<unknown> => {
  const role = context.actor.kind === 'ANONYMOUS' ? null : context.actor.role;
  const root = info.parentType.name;
  if (root !== 'Mutation') {
    assertAccess(role, accessForQuery(info.fieldName), info.fieldName);
    return next();
  }
  const { limiter, limits } = context.gate;
  const address = limitedAddress(context.ip);
  const audit = (outcome: string) =>
    context.gate.audit({
      actorKind: context.actor.kind,
      actorName: context.actor.name,
      actorId: context.actor.userId,
      action: info.fieldName,
      args,
      outcome,
      ip: context.ip,
      transport: context.transport,
    });
  try {
    // Every attempt counts against the limits before it costs a permission check, so a flood of refusals (a wall
    // token, a viewer, nobody signed in) is cut short; the audit log aggregates the refusals. Nobody signed in may
    // only sign in (limited on its own) or out, on a limit of its own per address.
    if (info.fieldName !== 'login') {
      if (context.actor.kind === 'ANONYMOUS') {
        await limiter.take(
          'anon-mut-ip',
          address,
          limits.anonymousMutationsPerIp,
          'attempts from this address without signing in',
        );
      } else {
        await limiter.take('mut-actor', limitedCaller(context.actor), limits.mutationsPerActor, 'changes from you');
        await limiter.take('mut-ip', address, limits.mutationsPerIp, 'changes from this address');
      }
    }
    // The credential kind narrows the role: a wall token never mutates, a token never manages credentials.
    if (context.credential) assertCredentialMay(context.credential.kind, 'mutation', info.fieldName, args);
    // Team roles (issue 7) are looked up only when the global role falls short on a team-scoped mutation.
    const needed = roleForMutation(info.fieldName);
    const teamRoles =
      role !== null &&
      needed !== null &&
      needed !== PUBLIC &&
      !roleAtLeast(role, needed) &&
      TEAM_SCOPED.has(info.fieldName)
        ? (await context.gate.teamRoles(context.actor, context.credential)).map((r) => r.role)
        : [];
    if (authorizeMutation(role, teamRoles, info.fieldName) === 'TEAM') {
      await context.gate.assertScopedMutation(context.actor, context.credential, info.fieldName, args);
    }
    const result = await next();
    await audit('OK');
    return result;
  } catch (e) {
    await audit(errorCode(e)).catch(() => undefined);
    throw e;
  }
};

/**
 * Wraps the resolver of every root field (Query, Mutation, Subscription events) with `authorize`. Only root fields:
 * a TypeGraphQL global middleware would also wrap every nested field in a chain of promises, which cost more than
 * the database on a 200-incident list, for a check that only root fields need.
 */
export function authorizeRootFields(schema: GraphQLSchema): GraphQLSchema {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  for (const root of roots.filter((t): t is GraphQLObjectType => !!t)) {
    for (const field of Object.values(root.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context: Context, info) =>
        authorize({ context, info, args }, (): unknown => resolve(source, args, context, info));
      const subscribe = field.subscribe;
      if (subscribe)
        field.subscribe = (source, args, context: Context, info) =>
          scopeEvents(subscribe(source, args, context, info), context, info.fieldName);
    }
  }
  return schema;
}

/**
 * A team's wall token hears only the events of its team's incidents. The incident behind each event, by
 * subscription; a subscription a scoped wall may hear unfiltered maps to null; one not listed is never heard.
 */
const EVENT_INCIDENT: Readonly<
  Record<string, (payload: JsonPayload, gate: Context['gate']) => Promise<number | null> | number | null | 'ANY'>
> = {
  incidentChanged: (p) => Number(p.id),
  timelineEventAdded: (p) => Number(p.incidentId),
  escalationChanged: (p) => Number(p.incidentId),
  postmortemChanged: (p) => Number(p.incidentId),
  actionItemChanged: (p, gate) => gate.postmortemIncident(Number(p.postmortemId)),
  metricsChanged: () => 'ANY',
  publicStatusChanged: () => 'ANY',
  resync: () => 'ANY',
};

async function scopeEvents(events: unknown, context: Context, field: string): Promise<unknown> {
  const stream = await events;
  const teams = context.teamScope;
  if (teams === null || !stream || typeof stream !== 'object' || !(Symbol.asyncIterator in stream)) return stream;
  const incidentOf = EVENT_INCIDENT[field];
  return filter(async (payload: JsonPayload) => {
    if (!incidentOf) return false;
    const incident = await incidentOf(payload, context.gate);
    if (incident === 'ANY') return true;
    return incident !== null && context.gate.incidentVisible(incident, teams);
  })(stream as AsyncIterable<JsonPayload>);
}
