import { graphql } from '../../gql';

export const ACTION_ITEM_TICKET = graphql(`
  fragment ActionItemTicket on ActionItem {
    id
    ticket { tracker repository number url state synced reason }
  }
`);

export const RETRY_TICKET_SYNC = graphql(`
  mutation RetryTicketSync($actionItemId: ID!) { retryTicketSync(actionItemId: $actionItemId) { ...ActionItemTicket } }
`);

/** The board hears each item's ticket sync as it happens (the outbox reports it after the tracker answered). */
export const ACTION_ITEM_TICKET_CHANGED = graphql(`
  subscription ActionItemTicketChanged { actionItemChanged { ...ActionItemTicket } }
`);
