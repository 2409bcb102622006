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
    services { id name team { id name } }
    statusUpdate { nextUpdateDueAt overdue }
    roles { role user { id name } }
    escalation { ...WallEscalation }
    rollback { recommended reasons { rule message } suspectDeployment { id version deployedAt deployedBy service { name } } }
  }
`);

export const WALL_ESCALATION_FIELDS = graphql(`
  fragment WallEscalation on IncidentEscalationView {
    active
    currentLevel
    round
    policyName
    nextLevel
    nextLevelName
    nextAt
    assignee { name }
    pages { level levelName at reason paged { name } }
  }
`);

export const ESCALATION_CHANGED = graphql(`
  subscription WallEscalationChanged($incidentId: ID) {
    escalationChanged(incidentId: $incidentId) { ...WallEscalation }
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

// The ticker's history when the wall opens: the newest incidents (open or not) with their newest events.
export const RECENT_TIMELINE = graphql(`
  query WallRecentTimeline {
    incidents(page: { first: 20 }) {
      nodes { ...WallIncident timeline(last: 12) { id incidentId type message actorName at } }
    }
  }
`);

export const TIMELINE_TICKER = graphql(`
  subscription TimelineTicker {
    timelineEventAdded { id incidentId type message actorName at }
  }
`);

export const WALL_TOKEN = graphql(`
  query WallToken {
    currentToken { id team { id name } }
  }
`);
