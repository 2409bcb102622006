import { graphql } from '../gql';

/** Kept open by every signed-in screen (graphql-ws re-subscribes after a reconnect). */
export const RESYNC = graphql(`
  subscription Resync { resync { at reason } }
`);
