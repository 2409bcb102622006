import 'reflect-metadata';
import './enums';
import { GraphQLSchema } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { CatalogResolver } from '../catalog/catalog.resolver';
import { IncidentResolver } from '../incidents/incident.resolver';
import { authorize } from './authorize';
import { VigilPubSub } from './pubsub';

export const resolvers = [IncidentResolver, CatalogResolver] as const;

/** Builds the executable schema; rules are checked in services, so class-validator is off. */
export function buildVigilSchema(pubSub: VigilPubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub,
    validate: false,
    globalMiddlewares: [authorize],
    scalarsMap: [{ type: Date, scalar: GraphQLDateTimeISO }],
  });
}
