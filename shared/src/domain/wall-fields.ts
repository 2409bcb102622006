/**
 * What a wall token may read: the fields a NOC wall shows, and nothing else. A screen in a lobby is not a person,
 * so it never sees alert payloads, notification addresses or delivery errors, people's emails or contact methods,
 * audit data, tokens or integration keys. An allowlist, so a field added to the schema later is hidden from walls
 * until someone decides it belongs here. Enforced for every document a wall token runs, over HTTP and WebSocket
 * (server/src/graphql/wall-fields.ts); `__typename` is always allowed.
 */
export const WALL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Query: ['incidents', 'currentToken', 'schedules', 'metrics', 'teams', 'postmortems', 'actionItemCompletion', 'severityPolicies'],
  Subscription: ['incidentChanged', 'timelineEventAdded', 'escalationChanged', 'metricsChanged', 'postmortemChanged', 'actionItemChanged', 'resync'],
  ResyncSignal: ['at', 'reason'],
  IncidentConnection: ['nodes', 'pageInfo'],
  PageInfo: ['endCursor', 'hasNextPage'],
  Incident: [
    'id', 'title', 'severity', 'status', 'publicStatus', 'detectedAt', 'acknowledgedAt', 'mitigatedAt', 'resolvedAt',
    'acknowledgeBy', 'resolveBy', 'services', 'statusUpdate', 'roles', 'escalation', 'rollback',
  ],
  Service: ['id', 'name', 'team'],
  Team: ['id', 'name'],
  StatusUpdateCadence: ['nextUpdateDueAt', 'overdue'],
  IncidentRoleHolder: ['role', 'user'],
  User: ['id', 'name'],
  RollbackAssessment: ['recommended', 'reasons', 'suspectDeployment'],
  RollbackReason: ['rule', 'message'],
  Deployment: ['id', 'version', 'deployedAt', 'deployedBy', 'service'],
  IncidentEscalationView: ['active', 'currentLevel', 'round', 'policyName', 'nextLevel', 'nextLevelName', 'nextAt', 'assignee', 'pages'],
  EscalationPage: ['level', 'levelName', 'at', 'reason', 'paged'],
  PagedPerson: ['name'],
  TimelineEvent: ['id', 'incidentId', 'type', 'message', 'actorName', 'at'],
  ApiToken: ['id', 'name', 'kind', 'team'],
  Schedule: ['id', 'name', 'currentShift', 'nextShift'],
  OnCallShift: ['start', 'end', 'users'],
  MetricsReport: ['buckets'],
  MetricsBucketValues: ['start', 'incidents', 'timeToAcknowledge', 'timeToResolve', 'acknowledgeSla', 'resolveSla'],
  DurationStats: ['count', 'meanMs', 'p90Ms'],
  SlaCompliance: ['decided', 'met', 'rate'],
  MetricsChange: ['at'],
  Postmortem: ['id', 'incidentId', 'title', 'severity', 'status', 'dueAt', 'overdue', 'publishedAt', 'actionItems'],
  ActionItem: ['id', 'title', 'category', 'status', 'createdAt', 'closedAt', 'dueAt', 'overdue', 'owner'],
  ActionItemCompletion: ['done', 'open', 'total', 'wontDo', 'rate'],
  SeverityPolicyView: ['severity', 'name', 'impact', 'response', 'responseWithinMs', 'resolution', 'resolutionWithinMs', 'around247', 'statusUpdateEveryMs'],
};

/** Whether a wall token may read `field` of `type`. */
export function wallMayRead(type: string, field: string): boolean {
  if (field === '__typename') return true;
  return WALL_FIELDS[type]?.includes(field) ?? false;
}
