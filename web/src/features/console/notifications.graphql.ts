import { graphql } from '../../gql';

export const INCIDENT_NOTIFICATIONS = graphql(`
  query IncidentNotifications($id: ID!) {
    incident(id: $id) {
      id
      notifications(last: 50) {
        id
        kind
        channel
        targetName
        level
        status
        attempts
        lastError
        createdAt
        sentAt
        nextAttemptAt
      }
    }
  }
`);
