import { graphql } from '../../gql';

export const CONSOLE_INCIDENT_ROW = graphql(`
  fragment ConsoleIncidentRow on Incident {
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
    primaryService { id }
    statusUpdate { nextUpdateDueAt overdue }
  }
`);

export const CONSOLE_INCIDENTS = graphql(`
  query ConsoleIncidents($filter: IncidentFilter, $page: PageInput) {
    incidents(filter: $filter, page: $page) {
      nodes { ...ConsoleIncidentRow }
      pageInfo { endCursor hasNextPage }
    }
  }
`);

export const CONSOLE_INCIDENT_CHANGED = graphql(`
  subscription ConsoleIncidentChanged($id: ID) {
    incidentChanged(id: $id) { ...ConsoleIncidentRow allowedTransitions summary source mitigatedAt lastStatusUpdateAt }
  }
`);

export const TIMELINE_EVENT_FIELDS = graphql(`
  fragment TimelineEventFields on TimelineEvent { id incidentId type message actorName actorKind public at }
`);

export const CHECKLIST_FIELDS = graphql(`
  fragment ChecklistFields on ChecklistView {
    kind title complete
    items { key label done evidence checkedAt checkedBy }
  }
`);

export const INCIDENT_PAGE = graphql(`
  query IncidentPage($id: ID!) {
    incident(id: $id) {
      ...ConsoleIncidentRow
      summary
      source
      mitigatedAt
      lastStatusUpdateAt
      allowedTransitions
      policy { name response resolution }
      checklists { ...ChecklistFields }
      resolution { verified summary }
      timeline { ...TimelineEventFields }
    }
  }
`);

export const INCIDENT_TIMELINE_ADDED = graphql(`
  subscription IncidentTimelineAdded($incidentId: ID) {
    timelineEventAdded(incidentId: $incidentId) { ...TimelineEventFields }
  }
`);

export const INCIDENT_CHECKLISTS = graphql(`
  query IncidentChecklists($id: ID!) {
    incident(id: $id) { id checklists { ...ChecklistFields } }
  }
`);

export const SERVICES = graphql(`
  query ConsoleServices { services { id name } }
`);

export const ACKNOWLEDGE = graphql(`
  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { ...ConsoleIncidentRow allowedTransitions } }
`);

export const TRANSITION = graphql(`
  mutation TransitionIncident($id: ID!, $input: TransitionIncidentInput!) {
    transitionIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }
  }
`);

export const CHANGE_SEVERITY = graphql(`
  mutation ChangeSeverity($id: ID!, $input: ChangeSeverityInput!) {
    changeSeverity(id: $id, input: $input) { ...ConsoleIncidentRow policy { name response resolution } }
  }
`);

export const ADD_NOTE = graphql(`
  mutation AddTimelineNote($id: ID!, $input: TimelineNoteInput!) { addTimelineNote(id: $id, input: $input) { id } }
`);

export const RESOLVE = graphql(`
  mutation ResolveIncident($id: ID!, $input: ResolveIncidentInput) {
    resolveIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt resolution { verified summary } }
  }
`);

export const REOPEN = graphql(`
  mutation ReopenIncident($id: ID!, $input: ReopenIncidentInput!) {
    reopenIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt resolution { verified summary } checklists { ...ChecklistFields } }
  }
`);

export const POST_STATUS_UPDATE = graphql(`
  mutation PostStatusUpdate($id: ID!, $input: StatusUpdateInput!) {
    postStatusUpdate(id: $id, input: $input) { id lastStatusUpdateAt statusUpdate { nextUpdateDueAt overdue } }
  }
`);

export const CHECK_CHECKLIST_ITEM = graphql(`
  mutation CheckChecklistItem($id: ID!, $input: ChecklistCheckInput!) {
    checkChecklistItem(id: $id, input: $input) { id checklists { ...ChecklistFields } }
  }
`);

export const DECLARE = graphql(`
  mutation DeclareIncident($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }
`);

export const ME = graphql(`
  query Me { me { id name role teams { id name } } }
`);

export const LOGIN = graphql(`
  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { id name } }
`);

export const LOGOUT = graphql(`
  mutation Logout { logout }
`);
