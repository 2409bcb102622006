import { GraphQLError } from 'graphql';
import { Actor, Clock, SeverityOptions } from '@vigil/shared';
import { AuditService } from '../auth/audit.service';
import { AuthService, Credential } from '../auth/auth.service';
import { RollbackAnnouncer } from '../deployments/rollback-announcer';
import { UsersService } from '../users/users.service';
import { ContactVerification } from '../users/contact-verification.service';
import { NotificationRulesService } from '../users/notification-rules.service';
import { PhoneReplies } from '../phones/phone.service';
import { PushSubscriptions } from '../push/push.service';
import { CatalogService } from '../catalog/catalog.service';
import { ChecklistService } from '../checklists/checklist.service';
import { StatusPageService } from '../statuspage/statuspage.service';
import { PublicationService } from '../statuspage/publication.service';
import { Database } from '../db/data-source';
import { IncidentService } from '../incidents/incident.service';
import { AlertService } from '../alerts/alert.service';
import { IntegrationService } from '../integrations/integration.service';
import { Notifier } from '../notify/notify.port';
import { OnCallService } from '../oncall/oncall.service';
import { CalendarFeedService } from '../oncall/calendar-feed.service';
import { EscalationEngine } from '../escalation/escalation.engine';
import { EscalationService } from '../escalation/escalation.service';
import { NotificationService } from '../notify/notify.service';
import { DeploymentService } from '../deployments/deployment.service';
import { RunbookService } from '../runbooks/runbook.service';
import { HealthCheckService } from '../healthchecks/healthcheck.service';
import { MaintenanceService } from '../maintenance/maintenance.service';
import { ActionItemService } from '../postmortems/action-item.service';
import { PostmortemService } from '../postmortems/postmortem.service';
import { MetricsService } from '../metrics/metrics.service';
import { HistoryImportService } from '../history/history.service';
import { SlackService } from '../slack/slack.service';
import { EmailActionService } from '../email-actions/email-action.service';
import { ChannelActions } from '../email-actions/channel-actions';
import { HeartbeatService } from '../heartbeats/heartbeat.service';
import { IncidentRoleService } from '../incident-roles/incident-role.service';
import { TeamService } from '../teams/team.service';
import { TeamScope, WallScope } from '../teams/wall-scope';

/** The long-lived services, built once per process. */
export interface AppServices {
  db: Database;
  clock: Clock;
  severityOptions: SeverityOptions;
  incidents: IncidentService;
  catalog: CatalogService;
  checklists: ChecklistService;
  statusPage: StatusPageService;
  publication: PublicationService;
  /** Writes notifications to the outbox inside a transaction. */
  notifier: Notifier;
  /** The outbox's sender loop, status-update reminders and delivery records. */
  notifications: NotificationService;
  /** Where links in notifications point. */
  publicUrl: string;
  auth: AuthService;
  rollbackAnnouncer: RollbackAnnouncer;
  audit: AuditService;
  users: UsersService;
  /** Verification codes, test pages (issue 18). */
  contactVerification: ContactVerification;
  /** Each person's notification rules per urgency. */
  notificationRules: NotificationRulesService;
  /** Inbound SMS replies and call keypresses from Twilio. */
  phoneReplies: PhoneReplies;
  /** Web Push: the VAPID public key and browsers' subscriptions. */
  push: PushSubscriptions;
  /** Alert integrations and their keys; `resolveKey` serves other features that accept integration keys. */
  integrations: IntegrationService;
  /** Alert ingestion (dedup, incidents from alerts). */
  alerts: AlertService;
  /** Deployments per service, recent deployments and rollback advice on incidents. */
  deployments: DeploymentService;
  /** Runbook actions from VIGIL_RUNBOOKS_FILE, run against an incident's service. */
  runbooks: RunbookService;
  healthChecks: HealthCheckService;
  /** Maintenance windows; `activeFor` says which services must not page. */
  maintenance: MaintenanceService;
  oncall: OnCallService;
  /** Secret calendar feed URLs of people's and schedules' shifts. */
  calendarFeeds: CalendarFeedService;
  escalation: EscalationService;
  /** The durable escalation loop; `runOnce()` fires due levels. */
  escalationEngine: EscalationEngine;
  /** Post-mortems (opened on P0/P1 resolution) and their action items. */
  postmortems: PostmortemService;
  actionItems: ActionItemService;
  /** MTTA/MTTR series computed in SQL, and the debounced metricsChanged. */
  metrics: MetricsService;
  /** PagerDuty CSV / JSON history import. */
  history: HistoryImportService;
  /** Acknowledge/escalate/declare from Slack and email as the linked person, with the channel on the timeline. */
  channelActions: ChannelActions;
  /** Slack interactivity and the /vigil slash command (signature-verified). */
  slack: SlackService;
  /** Signed one-time acknowledge/escalate links in emails. */
  emailActions: EmailActionService;
  /** Heartbeat monitors; `runOnce()` opens incidents for missed deadlines. */
  heartbeats: HeartbeatService;
  /** Commander, scribe and communications liaison per incident. */
  incidentRoles: IncidentRoleService;
  /** Team ownership of services, schedules and policies; team-scoped roles. */
  teams: TeamService;
  /** Which incidents a team's wall token may see. */
  wallScope: WallScope;
}

/** What only an HTTP request can do. */
interface HttpControls {
  /** Sets (or, with null, clears) the session cookie. */
  setSessionCookie(secret: string | null): void;
}

/** What every resolver sees, over HTTP and WebSocket alike. */
export interface Context {
  app: AppServices;
  actor: Actor;
  /** The token or session that signed the caller in; null when anonymous. */
  credential: Credential | null;
  /** A team's wall token: the teams whose incidents it may see; null for everyone else. */
  teamScope: TeamScope;
  ip: string | null;
  transport: 'HTTP' | 'WEBSOCKET';
  http?: HttpControls;
}

export interface RequestCredentials {
  /** `Bearer <token>` from the Authorization header or the graphql-ws connection_init payload. */
  authorization: unknown;
  cookie: unknown;
  ip: string | null;
  transport: Context['transport'];
  http?: HttpControls;
}

/**
 * One context factory for both transports: a presented token that is not valid is refused outright (401), rather
 * than quietly treated as anonymous. A session cookie that no longer signs in (revoked, expired) is cleared in the
 * answer and the request goes on as anonymous: signing in again (and signing out) work at once, and anything that
 * needs a signed-in caller is still refused (UNAUTHENTICATED) by authorize.ts. Over WebSocket, anonymous is refused.
 */
export async function buildContext(app: AppServices, req: RequestCredentials): Promise<Context> {
  const auth = await app.auth.authenticate(req.authorization, req.cookie);
  if (!auth) {
    throw new GraphQLError('The token is not valid (unknown, revoked or expired).', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  if (auth.staleSession) req.http?.setSessionCookie(null);
  return {
    app,
    actor: auth.actor,
    credential: auth.credential,
    teamScope: teamScopeOf(auth.credential),
    ip: req.ip,
    transport: req.transport,
    http: req.http,
  };
}

/** A team's wall token is limited to its team; every other credential reads what its role allows. */
function teamScopeOf(credential: Credential | null): TeamScope {
  return credential?.kind === 'WALL_TOKEN' && credential.teamId !== null ? [credential.teamId] : null;
}
