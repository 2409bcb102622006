import { gql } from '@apollo/client';

export const WALL_INCIDENT_FIELDS = gql`
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
`;

export const OPEN_INCIDENTS = gql`
  query OpenIncidents {
    incidents(filter: { open: true }, page: { first: 200 }) {
      nodes { ...WallIncident }
    }
  }
  ${WALL_INCIDENT_FIELDS}
`;

export const INCIDENT_CHANGED = gql`
  subscription IncidentChanged {
    incidentChanged { ...WallIncident }
  }
  ${WALL_INCIDENT_FIELDS}
`;

export const TIMELINE_TICKER = gql`
  subscription TimelineTicker {
    timelineEventAdded { id incidentId type message actorName at }
  }
`;
