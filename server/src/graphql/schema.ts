import 'reflect-metadata';
import './enums';
import { GraphQLSchema } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { VigilPubSub } from '../pubsub/pubsub';
import { authorizeRootFields } from './authorize';
import { ResyncResolver } from './resync.resolver';

/** A resolver class: built once per server with the services it declares in its constructor. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each class takes its own services
export type ResolverClass = new (...services: any[]) => object;

/** The resolvers this layer owns; the features' come from the composition root. */
export const INFRASTRUCTURE_RESOLVERS: readonly ResolverClass[] = [ResyncResolver];

/**
 * Builds the executable schema from resolver classes and the instance serving each (null when the schema is only
 * printed, as by emit-schema). Rules are checked in services, so class-validator is off. Every root field is
 * authorised (authorize.ts); nested fields run bare.
 */
export async function buildVigilSchema(
  pubSub: VigilPubSub,
  resolvers: readonly ResolverClass[],
  instanceOf: ((cls: ResolverClass) => object) | null,
): Promise<GraphQLSchema> {
  const [first, ...rest] = [...INFRASTRUCTURE_RESOLVERS, ...resolvers];
  return authorizeRootFields(
    await buildSchema({
      resolvers: [first, ...rest],
      // The container is read when a field resolves, never while the schema is built or printed.
      container: {
        get: (cls: ResolverClass) => {
          if (!instanceOf) throw new Error('This schema was built to be printed, not served.');
          return instanceOf(cls);
        },
      },
      pubSub,
      validate: false,
      scalarsMap: [{ type: Date, scalar: GraphQLDateTimeISO }],
    }),
  );
}
