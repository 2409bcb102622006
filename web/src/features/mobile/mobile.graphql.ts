import { graphql } from '../../gql';

export const MOBILE_INCIDENT_ROW = graphql(`
  fragment MobileIncidentRow on Incident {
    id
    title
    severity
    status
    publicStatus
    detectedAt
    acknowledgeBy
    resolveBy
    services { id name }
    escalation { awaitingAnswer currentLevel nextAt nextLevelName pages { level at paged { userId name } } }
  }
`);

export const MOBILE_INCIDENTS = graphql(`
  query MobileIncidents {
    me { id name }
    incidents(filter: { open: true }, page: { first: 100 }) { nodes { ...MobileIncidentRow } }
  }
`);

export const MOBILE_INCIDENT = graphql(`
  query MobileIncident($id: ID!) {
    me { id }
    incident(id: $id) {
      ...MobileIncidentRow
      mayAcceptPage
      statusUpdate { nextUpdateDueAt overdue }
      timeline(last: 30) { id type message actorName at }
    }
  }
`);
