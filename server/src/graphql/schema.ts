import 'reflect-metadata';
import './enums';
import { GraphQLSchema } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { CatalogResolver } from '../catalog/catalog.resolver';
import { ChecklistResolver } from '../checklists/checklist.resolver';
import { StatusPageResolver } from '../statuspage/statuspage.resolver';
import { PublicationResolver } from '../statuspage/publication.resolver';
import { IncidentResolver } from '../incidents/incident.resolver';
import { AuthResolver } from '../auth/auth.resolver';
import { SessionResolver } from '../auth/session.resolver';
import { TeamsResolver, UsersResolver } from '../users/users.resolver';
import { ContactMethodResolver, PersonalPagingResolver } from '../users/personal-paging.resolver';
import { PushResolver } from '../push/push.resolver';
import { IncidentAlertsResolver } from '../alerts/alert.resolver';
import { IntegrationResolver } from '../integrations/integration.resolver';
import { IncidentNotificationsResolver, NotificationResolver } from '../notify/notify.resolver';
import { authorizeRootFields } from './authorize';
import { RotationResolver, ScheduleResolver } from '../oncall/oncall.resolver';
import { CalendarFeedResolver } from '../oncall/calendar-feed.resolver';
import {
  EscalationPolicyResolver,
  IncidentEscalationResolver,
  ServiceRoutingResolver,
  TeamRoutingResolver,
} from '../escalation/escalation.resolver';
import { VigilPubSub } from '../pubsub/pubsub';
import { ResyncResolver } from './resync.resolver';
import { DeploymentResolver, IncidentChangeResolver } from '../deployments/deployment.resolver';
import { RunbookResolver } from '../runbooks/runbook.resolver';
import { HealthCheckResolver } from '../healthchecks/healthcheck.resolver';
import { MaintenanceResolver } from '../maintenance/maintenance.resolver';
import { ActionItemResolver } from '../postmortems/action-item.resolver';
import { PostmortemResolver } from '../postmortems/postmortem.resolver';
import { MetricsResolver } from '../metrics/metrics.resolver';
import { HistoryResolver } from '../history/history.resolver';
import { HeartbeatResolver } from '../heartbeats/heartbeat.resolver';
import { IncidentRolesResolver } from '../incident-roles/incident-role.resolver';
import {
  ApiTokenTeamResolver,
  EscalationPolicyTeamResolver,
  ScheduleTeamResolver,
  ServiceTeamResolver,
  TeamOwnershipResolver,
  UserTeamsResolver,
} from '../teams/teams.resolver';

const resolvers = [
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
  ResyncResolver,
] as const;

/**
 * Builds the executable schema; rules are checked in services, so class-validator is off. Every root field is
 * authorised (authorize.ts); nested fields run bare.
 */
export async function buildVigilSchema(pubSub: VigilPubSub): Promise<GraphQLSchema> {
  return authorizeRootFields(
    await buildSchema({
      resolvers,
      pubSub,
      validate: false,
      scalarsMap: [{ type: Date, scalar: GraphQLDateTimeISO }],
    }),
  );
}
