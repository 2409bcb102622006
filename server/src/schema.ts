import { GraphQLSchema } from 'graphql';
import { Gate } from './graphql/context';
import { INFRASTRUCTURE_RESOLVERS, ResolverClass, buildVigilSchema } from './graphql/schema';
import { VigilPubSub } from './pubsub/pubsub';
import { AppServices } from './services';
import { CatalogResolver } from './catalog/catalog.resolver';
import { ChecklistResolver } from './checklists/checklist.resolver';
import { StatusPageResolver } from './statuspage/statuspage.resolver';
import { PublicationResolver } from './statuspage/publication.resolver';
import { SUBSCRIBERS_RESOLVERS } from './subscribers/subscribers.module';
import { TICKETS_RESOLVERS } from './tickets';
import { IncidentResolver } from './incidents/incident.resolver';
import { AuthResolver } from './auth/auth.resolver';
import { SessionResolver } from './auth/session.resolver';
import { TeamsResolver, UsersResolver } from './users/users.resolver';
import { ContactMethodResolver, PersonalPagingResolver } from './users/personal-paging.resolver';
import { PushResolver } from './push/push.resolver';
import { IncidentAlertsResolver } from './alerts/alert.resolver';
import { IntegrationResolver } from './integrations/integration.resolver';
import { IncidentNotificationsResolver, NotificationResolver } from './notify/notify.resolver';
import { RotationResolver, ScheduleResolver } from './oncall/oncall.resolver';
import { CalendarFeedResolver } from './oncall/calendar-feed.resolver';
import {
  EscalationPolicyResolver,
  IncidentEscalationResolver,
  ServiceRoutingResolver,
  TeamRoutingResolver,
} from './escalation/escalation.resolver';
import { DeploymentResolver, IncidentChangeResolver } from './deployments/deployment.resolver';
import { RunbookResolver } from './runbooks/runbook.resolver';
import { HealthCheckResolver } from './healthchecks/healthcheck.resolver';
import { MaintenanceResolver } from './maintenance/maintenance.resolver';
import { ActionItemResolver } from './postmortems/action-item.resolver';
import { PostmortemResolver } from './postmortems/postmortem.resolver';
import { MetricsResolver } from './metrics/metrics.resolver';
import { HistoryResolver } from './history/history.resolver';
import { HeartbeatResolver } from './heartbeats/heartbeat.resolver';
import { IncidentRolesResolver } from './incident-roles/incident-role.resolver';
import {
  ApiTokenTeamResolver,
  EscalationPolicyTeamResolver,
  ScheduleTeamResolver,
  ServiceTeamResolver,
  TeamOwnershipResolver,
  UserTeamsResolver,
} from './teams/teams.resolver';

/** Every feature's resolvers; each is built once with the services it declares (a subset of AppServices). */
const FEATURE_RESOLVERS = [
  IncidentResolver,
  CatalogResolver,
  AuthResolver,
  SessionResolver,
  UsersResolver,
  PersonalPagingResolver,
  ContactMethodResolver,
  PushResolver,
  TeamsResolver,
  ChecklistResolver,
  StatusPageResolver,
  PublicationResolver,
  ...SUBSCRIBERS_RESOLVERS,
  IntegrationResolver,
  IncidentAlertsResolver,
  IncidentNotificationsResolver,
  NotificationResolver,
  DeploymentResolver,
  IncidentChangeResolver,
  RunbookResolver,
  HealthCheckResolver,
  MaintenanceResolver,
  ScheduleResolver,
  RotationResolver,
  CalendarFeedResolver,
  EscalationPolicyResolver,
  IncidentEscalationResolver,
  ServiceRoutingResolver,
  TeamRoutingResolver,
  PostmortemResolver,
  ActionItemResolver,
  ...TICKETS_RESOLVERS,
  MetricsResolver,
  HistoryResolver,
  HeartbeatResolver,
  IncidentRolesResolver,
  TeamOwnershipResolver,
  ServiceTeamResolver,
  ScheduleTeamResolver,
  ApiTokenTeamResolver,
  EscalationPolicyTeamResolver,
  UserTeamsResolver,
] as const satisfies ReadonlyArray<new (app: AppServices) => object>;

/** The schema served by this process: every resolver built once, from the services. */
export function servedSchema(pubSub: VigilPubSub, app: AppServices): Promise<GraphQLSchema> {
  const all: readonly ResolverClass[] = [...INFRASTRUCTURE_RESOLVERS, ...FEATURE_RESOLVERS];
  const instances = new Map(all.map((cls) => [cls, new cls(app)]));
  return buildVigilSchema(pubSub, FEATURE_RESOLVERS, (cls) => {
    const instance = instances.get(cls);
    if (!instance) throw new Error(`No instance of the resolver ${cls.name}.`);
    return instance;
  });
}

/** The schema's shape alone, for printing server/schema.graphql: nothing is resolved. */
export function printableSchema(pubSub: VigilPubSub): Promise<GraphQLSchema> {
  return buildVigilSchema(pubSub, FEATURE_RESOLVERS, null);
}

/** What the GraphQL layer needs from sign-in, the audit log and teams (graphql/context.ts Gate). */
export function gateOf(app: AppServices): Gate {
  const { auth, audit, teams, wallScope } = app;
  return {
    authenticate: (authorization, cookie) => auth.authenticate(authorization, cookie),
    stillValid: (credentials) => auth.stillValid(credentials),
    forgetRecentChecks: () => auth.forgetRecentChecks(),
    limiter: auth.limiter,
    limits: auth.limits,
    audit: (attempt) => audit.record(attempt),
    teamRoles: (actor, credential) => teams.teamRoles(actor, credential),
    assertScopedMutation: (actor, credential, mutation, args) =>
      teams.assertScopedMutation(actor, credential, mutation, args),
    incidentVisible: (incidentId, scope) => wallScope.incidentVisible(incidentId, scope),
    postmortemIncident: (postmortemId) => wallScope.postmortemIncident(postmortemId),
  };
}
