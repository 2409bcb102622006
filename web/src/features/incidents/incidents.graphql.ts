import { graphql } from '../../gql';

export const WALL_INCIDENT_FIELDS = graphql(`
  fragment WallIncident on Incident {
    id
    title
    severity
    status
    publicStatus
    detectedAt
    acknowledgedAt
    resolvedAt
    acknowledgeBy
    resolveBy
    services { id name }
    statusUpdate { nextUpdateDueAt overdue }
  }
`);

export const OPEN_INCIDENTS = graphql(`
  query OpenIncidents {
    incidents(filter: { open: true }, page: { first: 200 }) {
      nodes { ...WallIncident }
    }
  }
`);

export const INCIDENT_CHANGED = graphql(`
  subscription IncidentChanged {
    incidentChanged { ...WallIncident }
  }
`);

export const TIMELINE_TICKER = graphql(`
  subscription TimelineTicker {
    timelineEventAdded { id incidentId type message actorName at }
  }
`);
