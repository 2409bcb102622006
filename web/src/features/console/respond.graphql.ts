import { graphql } from '../../gql';

export const INCIDENT_RESPONSE = graphql(`
  query IncidentResponse($id: ID!) {
    incident(id: $id) {
      id
      status
      severity
      mayAcceptPage
      services { id name }
      roles { role since user { id name } }
      escalation {
        active awaitingAnswer policyName currentLevel round nextAt nextLevel nextLevelName
        assignee { id name }
        levels { level name ackTimeoutMinutes targets { id kind } }
        pages { at level levelName reason round note paged { userId name } }
      }
      recentDeployments {
        suspect beforeDetectionSeconds
        deployment { id version previousVersion deployedAt deployedBy summary link service { id name } }
      }
      rollback { recommended reasons { rule message } suspectDeployment { id version } dismissal { reason by at } errorRate { percent source } }
      rollbackFlags { errorRate serviceDown dataCorruptionRisk securityBreach }
    }
    users { id name role active }
  }
`);

export const CONSOLE_RUNBOOK_ACTIONS = graphql(`
  query ConsoleRunbookActions($serviceId: ID!) {
    runbookActions(serviceId: $serviceId) { action steps { name command timeoutSeconds webhookUrl } }
  }
`);

export const ESCALATE = graphql(`
  mutation ConsoleEscalate($id: ID!, $input: EscalateIncidentInput!) { escalateIncident(id: $id, input: $input) { id status } }
`);

export const ACCEPT_PAGE = graphql(`
  mutation ConsoleAcceptPage($id: ID!) { acceptPage(id: $id) { id status } }
`);

export const REASSIGN = graphql(`
  mutation ConsoleReassign($id: ID!, $input: ReassignIncidentInput!) { reassignIncident(id: $id, input: $input) { id } }
`);

export const ASSIGN_ROLE = graphql(`
  mutation ConsoleAssignRole($incidentId: ID!, $role: IncidentRole!, $userId: ID!) {
    assignIncidentRole(incidentId: $incidentId, role: $role, userId: $userId) { id roles { role since user { id name } } }
  }
`);

export const HAND_OVER_ROLE = graphql(`
  mutation ConsoleHandOverRole($incidentId: ID!, $role: IncidentRole!, $userId: ID!) {
    handOverIncidentRole(incidentId: $incidentId, role: $role, userId: $userId) { id roles { role since user { id name } } }
  }
`);

export const STEP_DOWN_ROLE = graphql(`
  mutation ConsoleStepDownRole($incidentId: ID!, $role: IncidentRole!) {
    stepDownIncidentRole(incidentId: $incidentId, role: $role) { id roles { role since user { id name } } }
  }
`);

export const SET_ROLLBACK_FLAGS = graphql(`
  mutation ConsoleSetRollbackFlags($id: ID!, $input: RollbackFlagsInput!) {
    setRollbackFlags(id: $id, input: $input) {
      id
      rollback { recommended reasons { rule message } suspectDeployment { id version } dismissal { reason by at } errorRate { percent source } }
      rollbackFlags { errorRate serviceDown dataCorruptionRisk securityBreach }
    }
  }
`);

export const RUN_RUNBOOK = graphql(`
  mutation ConsoleRunRunbook($incidentId: ID!, $input: RunRunbookActionInput!) {
    runRunbookAction(incidentId: $incidentId, input: $input) { runId action dryRun serviceName steps { name argv timeoutSeconds webhookUrl } }
  }
`);

export const PROBE_HEALTH = graphql(`
  mutation ConsoleProbeHealth($incidentId: ID!, $serviceId: ID) {
    probeHealthCheck(incidentId: $incidentId, serviceId: $serviceId) { ok statusCode latencyMs error url serviceName checkedAt }
  }
`);

export const CONSOLE_POSTMORTEM_FOR_INCIDENT = graphql(`
  query ConsolePostmortemForIncident($incidentId: ID!) { postmortemForIncident(incidentId: $incidentId) { id status dueAt overdue } }
`);

export const REQUEST_POSTMORTEM = graphql(`
  mutation ConsoleRequestPostmortem($incidentId: ID!) { requestPostmortem(incidentId: $incidentId) { id status dueAt overdue } }
`);
