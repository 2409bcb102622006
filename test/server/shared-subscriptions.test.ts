import { EventEmitter, on } from 'node:events';
import { ExecutionResult, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { createSharedSubscriptions } from '../../server/src/graphql/shared-subscriptions';
import { Context } from '../../server/src/graphql/context';

/**
 * Which subscribers share one execution. A field that answers per person (as Notification.address and
 * User.contactMethods do from ctx.actor.userId) shows whether a subscriber got its own execution.
 */
const events = new EventEmitter();
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      changed: {
        type: GraphQLString,
        subscribe: async function* () {
          for await (const [value] of on(events, 'changed')) yield value;
        },
        resolve: (value: string, _args: unknown, ctx: Context) => `${value} for user ${ctx.actor.userId}`,
      },
    },
  }),
});
const document = parse('subscription { changed }');

const context = (
  userId: number | null,
  credential: { type: 'token' | 'session'; id: number; kind: 'SESSION' | 'PERSONAL_TOKEN' | 'WALL_TOKEN' },
  role: 'VIEWER' | 'RESPONDER' = 'RESPONDER',
  teamScope: number[] | null = null,
) =>
  ({
    actor: { kind: credential.type === 'session' ? 'USER' : 'TOKEN', name: `user ${userId}`, userId, role },
    credential: { ...credential, teamId: teamScope?.[0] ?? null },
    teamScope,
  }) as unknown as Context;

const first = async (iterator: AsyncIterableIterator<ExecutionResult> | ExecutionResult) => {
  if (!(Symbol.asyncIterator in iterator)) throw new Error(JSON.stringify(iterator));
  return iterator.next();
};

describe('shared subscriptions', () => {
  it('share one execution only among callers of the same credential; different people each get their own', async () => {
    const shared = createSharedSubscriptions();
    const ana = context(1, { type: 'session', id: 10, kind: 'SESSION' });
    const anaOtherTab = context(1, { type: 'session', id: 10, kind: 'SESSION' });
    const bob = context(2, { type: 'session', id: 11, kind: 'SESSION' });
    const wall = context(3, { type: 'token', id: 20, kind: 'WALL_TOKEN' }, 'VIEWER');
    const sameWallElsewhere = context(3, { type: 'token', id: 20, kind: 'WALL_TOKEN' }, 'VIEWER');
    // Ana's personal token: the same person, but another credential.
    const anaToken = context(1, { type: 'token', id: 21, kind: 'PERSONAL_TOKEN' });
    const subs = await Promise.all(
      [ana, anaOtherTab, bob, wall, sameWallElsewhere, anaToken].map((contextValue) =>
        shared.subscribe({ schema, document, contextValue }),
      ),
    );
    // Ana's two tabs share, the wall's screens share; Bob and Ana's token have their own.
    expect(shared.activeStreams()).toBe(4);
    const got = subs.map(first);
    events.emit('changed', 'incident 7');
    const values = (await Promise.all(got)).map((r) => (r.value as ExecutionResult).data?.changed);
    expect(values).toEqual([
      'incident 7 for user 1',
      'incident 7 for user 1',
      'incident 7 for user 2',
      'incident 7 for user 3',
      'incident 7 for user 3',
      'incident 7 for user 1',
    ]);
    for (const s of subs) if (Symbol.asyncIterator in s) await s.return?.();
    expect(shared.activeStreams()).toBe(0);
  });

  it('a credential whose role or team scope changed does not join the stream of its older context', async () => {
    const shared = createSharedSubscriptions();
    const session = { type: 'session', id: 30, kind: 'SESSION' } as const;
    const subs = await Promise.all(
      [context(5, session, 'RESPONDER'), context(5, session, 'VIEWER'), context(5, session, 'VIEWER', [2])].map(
        (contextValue) => shared.subscribe({ schema, document, contextValue }),
      ),
    );
    expect(shared.activeStreams()).toBe(3);
    for (const s of subs) if (Symbol.asyncIterator in s) await s.return?.();
  });
});
