import { graphql } from '../../gql';

export const WALL_ON_CALL = graphql(`
  query WallOnCall {
    schedules {
      id
      name
      currentShift { start end users { id name } }
      nextShift { start end users { id name } }
    }
  }
`);

export const WALL_METRIC_FIELDS = graphql(`
  fragment WallMetricBucket on MetricsBucketValues {
    start
    incidents
    timeToAcknowledge { count meanMs p90Ms }
    timeToResolve { count meanMs p90Ms }
    acknowledgeSla { decided met rate }
    resolveSla { decided met rate }
  }
`);

export const WALL_METRICS = graphql(`
  query WallMetrics($range: MetricsRange!, $bucket: MetricBucket!, $service: String, $timezone: String, $severity: Severity, $teamIds: [ID!]) {
    metrics(range: $range, bucket: $bucket, service: $service, timezone: $timezone, severity: $severity, teamIds: $teamIds) { buckets { ...WallMetricBucket } }
  }
`);

export const WALL_TEAMS = graphql(`
  query WallTeams { teams { id name } }
`);

export const WALL_METRICS_CHANGED = graphql(`
  subscription WallMetricsChanged {
    metricsChanged { at }
  }
`);

export const WALL_POSTMORTEMS = graphql(`
  query WallPostmortems {
    postmortems {
      id
      incidentId
      title
      severity
      status
      dueAt
      overdue
      publishedAt
      actionItems { id title category status createdAt closedAt dueAt overdue owner { name } }
    }
    actionItemCompletion { done open total wontDo rate }
  }
`);

export const WALL_POSTMORTEM_CHANGED = graphql(`
  subscription WallPostmortemChanged {
    postmortemChanged { id }
  }
`);

export const WALL_ACTION_ITEM_CHANGED = graphql(`
  subscription WallActionItemChanged {
    actionItemChanged { id }
  }
`);

export const WALL_SEVERITY_TARGETS = graphql(`
  query WallSeverityTargets {
    severityPolicies { severity responseWithinMs resolutionWithinMs }
  }
`);
