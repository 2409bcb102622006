import { MiddlewareFn } from 'type-graphql';
import { assertMayCall } from '@vigil/shared';
import { Context } from './context';

/**
 * The one place mutations are authorised: every Mutation field is looked up in the permission matrix
 * (shared/src/domain/permissions.ts) against the caller's role, over HTTP and WebSocket alike.
 */
export const authorize: MiddlewareFn<Context> = async ({ context, info }, next) => {
  if (info.parentType.name === 'Mutation') assertMayCall(context.actor.role, info.fieldName);
  return next();
};
