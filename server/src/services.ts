import { Clock, DEFAULT_ACTION_ITEM_DUE } from '@vigil/shared';
import { AuditService } from './auth/audit.service';
import { AuthService } from './auth/auth.service';
import { RateLimiter } from './access/rate-limiter';
import { OutboundGuard } from './outbound/outbound-guard';
import { CatalogService } from './catalog/catalog.service';
import { ChecklistService } from './checklists/checklist.service';
import { Config } from './config';
import { Database } from './db/data-source';
import { Units } from './db/unit-of-work';
import { RollbackAnnouncer } from './deployments/rollback-announcer';
import { DeploymentService } from './deployments/deployment.service';
import { TimelineWriter } from './deployments/timeline-writer';
import { ChannelActions } from './email-actions/channel-actions';
import { EmailActionService } from './email-actions/email-action.service';
import { EscalationEngine } from './escalation/escalation.engine';
import { EscalationService } from './escalation/escalation.service';
import { SlaBreachAnnouncer } from './escalation/sla-breaches';
import { PubSubHandle } from './pubsub/pubsub';
import { HealthCheckService } from './healthchecks/healthcheck.service';
import { HeartbeatService } from './heartbeats/heartbeat.service';
import { HistoryImportService } from './history/history.service';
import { IncidentRoleService } from './incident-roles/incident-role.service';
import { IncidentService } from './incidents/incident.service';
import { IntegrationService } from './integrations/integration.service';
import { AlertService } from './alerts/alert.service';
import { Job } from './jobs/job-runner';
import { quietDuringMaintenance } from './maintenance/maintenance.hook';
import { MaintenanceService } from './maintenance/maintenance.service';
import { MetricsService } from './metrics/metrics.service';
import { realTimer } from './metrics/metrics.debounce';
import { NotificationService } from './notify/notify.service';
import { CalendarFeedService } from './oncall/calendar-feed.service';
import { ShiftAnnouncer } from './oncall/oncall.handoffs';
import { OnCallService } from './oncall/oncall.service';
import { ActionItemService } from './postmortems/action-item.service';
import { PostmortemService } from './postmortems/postmortem.service';
import { incidentReactions } from './reactions';
import { RunbookService } from './runbooks/runbook.service';
import { onCallForService } from './runbooks/runbook.oncall';
import { SlackService } from './slack/slack.service';
import { SlackBot } from './notify/slack.bot';
import { IncidentChannelMirror } from './notify/incident-channels';
import { StatusPageService } from './statuspage/statuspage.service';
import { PublicationService } from './statuspage/publication.service';
import { TeamService } from './teams/team.service';
import { WallScope } from './teams/wall-scope';
import { UsersService } from './users/users.service';
import { ContactVerification } from './users/contact-verification.service';
import { NotificationRulesService } from './users/notification-rules.service';
import { PhoneReplies } from './phones/phone.service';
import { PushSubscriptions } from './push/push.service';
import { VapidKeyStore } from './push/vapid-keys';
import { WebPushSender } from './push/web-push.sender';
import { VigilMetrics } from './observability/metrics';
import { SeverityOptions } from '@vigil/shared';
import { Notifier } from './notify/notify.port';
import { createSubscribersModule } from './subscribers/subscribers.module';
import { SubscriberService } from './subscribers/subscribers.service';
import { DeliveryGuard, TicketService, createTicketsModule } from './tickets';
import { Router } from 'express';

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
  /** Status page subscribers (email and webhook), and their public HTTP routes. */
  subscribers: SubscriberService;
  subscriberRoutes: Router;
  /** Action items as tickets in a team's tracker (GitHub), and GitHub's issues webhook. */
  tickets: TicketService;
  ticketRoutes: (guard: DeliveryGuard) => Router;
}

export interface Composed {
  app: AppServices;
  /** The timers, as jobs for the one runner. */
  jobs: Job[];
  /** Stops what the services run themselves, in order (after the job runner stopped). */
  stop(): Promise<void>;
  /** Closes what requests still used until the very end (the rate limiter's Redis, the audit log's buffer). */
  closeLast(): Promise<void>;
}

/**
 * Builds every service in dependency order (each is given what it needs, built before it: no late binding) and
 * declares the incident reactions once. `wakeNotifications` asks the job runner for a sender pass soon.
 */
export function composeServices(
  config: Config,
  base: {
    db: Database;
    clock: Clock;
    pubsub: PubSubHandle;
    log: (message: string) => void;
    wakeNotifications: () => void;
    metrics: VigilMetrics;
  },
): Composed {
  const { db, clock, pubsub, log } = base;
  const logAs = (what: string) => (e: unknown) =>
    log(`${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const units = new Units(db, pubsub.pubSub, clock);
  const limiter = new RateLimiter({
    redisUrl: config.redisUrl,
    keyPrefix: config.redisChannelPrefix,
    log: logAs('rate limiter'),
  });
  const auth = new AuthService(
    db,
    pubsub.pubSub,
    clock,
    config.auth.session,
    config.auth.rateLimits,
    config.auth.credentialReuseMs,
    limiter,
  );
  // Every request to an address from a user or the runbook file goes through this one guard (issue 17).
  const outbound = new OutboundGuard(config.outbound);
  const incidents = new IncidentService(db, units, clock, config.severity);
  const emailActions = new EmailActionService(db, clock, config.publicUrl, config.actionLinkSecret);
  // Slack's Web API as the app's bot (VIGIL_SLACK_BOT_TOKEN): direct messages, codes, incident channels.
  const slackBot = config.notify.slackBot ? new SlackBot(config.notify.slackBot) : null;
  const vapid = new VapidKeyStore(db, clock, config.notify.webPush?.keys ?? null);
  const webPush = new WebPushSender(
    db,
    clock,
    vapid,
    config.notify.webPush?.subject ?? 'mailto:vigil@localhost',
    outbound,
    (incidentId, userId) => emailActions.tokensFor(incidentId, userId, 'push'),
  );
  const notifications = new NotificationService(
    db,
    units,
    clock,
    incidents,
    config.notify,
    config.severity,
    config.publicUrl,
    {
      outbound,
      slackBot,
      log,
      wake: base.wakeNotifications,
      actionLinks: (incidentId, userId) => emailActions.linksFor(incidentId, userId),
      push: webPush,
      metrics: base.metrics.delivery,
    },
  );
  const notifier = notifications.notifier;
  const subscribers = createSubscribersModule({
    db,
    units,
    clock,
    publicUrl: config.publicUrl,
    config: config.subscribers,
    mail: config.notify,
    limiter,
    outbound,
    mac: (purpose, text) => emailActions.mac(purpose, text),
    notifications,
  });
  const maintenance = new MaintenanceService(db, clock, subscribers.onMaintenance);
  const oncall = new OnCallService(db, clock);
  const escalationEngine = new EscalationEngine({
    db,
    units,
    clock,
    incidents,
    oncall,
    notifier,
    severityOptions: config.severity,
    publicUrl: config.publicUrl,
    log,
    metrics: base.metrics.escalation,
  });
  escalationEngine.attach();
  const escalation = new EscalationService(db, units, clock, incidents, escalationEngine, notifier, config.publicUrl);
  const channelActions = new ChannelActions(incidents, escalation);
  const contactVerification = new ContactVerification(
    db,
    clock,
    {
      sendCode: (kind, address, code) => notifications.sendCode(kind, address, code),
      mac: (purpose, text) => emailActions.mac(purpose, text),
      verifiesByCode: (kind) => notifications.verifiesByCode(kind),
      slackMemberByEmail: (email) => notifications.slackMemberByEmail(email),
    },
    notifier,
    config.publicUrl,
    limiter,
    config.auth.rateLimits,
    notifications.wakeSender,
  );
  const timelineWriter = new TimelineWriter(db, units, incidents, clock);
  const deployments = new DeploymentService(db, clock, config.changes, timelineWriter);
  const rollbackAnnouncer = new RollbackAnnouncer(
    units,
    deployments,
    incidents,
    notifier,
    config.publicUrl,
    logAs('rollback'),
  );
  const alerts = new AlertService(db, units, clock, incidents);
  const statusPage = new StatusPageService(db, clock, pubsub.pubSub, config.statusPage);
  const publication = new PublicationService(
    db,
    units,
    clock,
    incidents,
    config.statusPage.autoPublishUpTo,
    () => statusPage.changed(),
    subscribers.onPublished,
  );
  const postmortems = new PostmortemService(db, units, clock, incidents, {
    notifier,
    publicUrl: config.publicUrl,
    wakeSender: notifications.wakeSender,
    deploymentWindow: { lookbackMs: config.changes.deployLookbackMs, suspectMs: config.changes.deploySuspectMs },
  });
  const metrics = new MetricsService(db, pubsub.pubSub, clock, realTimer, config.metricsDebounceMs);
  incidents.useReactions(
    incidentReactions({
      maintenanceSilence: quietDuringMaintenance(maintenance, incidents),
      notify: notifications.notifyOnChange,
      cancelAnsweredPages: notifications.cancelAnswered,
      escalation: escalationEngine.startOrStop,
      rollback: rollbackAnnouncer.evaluateOnChange,
      alertsClose: alerts.closeAlertsOnResolve,
      publication: publication.decideOnChange,
      statusPage: statusPage.announceOnChange,
      subscribers: subscribers.reaction,
      postmortems: postmortems.onIncidentChange,
      metrics: metrics.recountOnChange,
    }),
  );
  // Each P0/P1 (VIGIL_SLACK_INCIDENT_CHANNELS) gets its own Slack channel mirroring its timeline.
  const channelsFrom = config.notify.slackBot?.incidentChannels ?? null;
  if (slackBot && channelsFrom)
    incidents.useTimelineMirror(
      new IncidentChannelMirror(clock, channelsFrom, notifier, config.publicUrl, notifications.wakeSender).mirror,
    );
  // Timers that run in the notification job, before each send pass.
  const breaches = new SlaBreachAnnouncer(
    db,
    units,
    clock,
    incidents,
    escalationEngine,
    notifier,
    config.severity,
    config.publicUrl,
  );
  notifications.addTimer('slaBreaches', () => breaches.checkOnce());
  const handoffs = new ShiftAnnouncer(db, clock, oncall, notifier, config.publicUrl);
  notifications.addTimer('shiftHandoffs', () => handoffs.checkOnce());
  const runbooks = new RunbookService(config.changes.runbooks, timelineWriter, {
    log: logAs('runbook'),
    onCall: (incidentId, service, userId) => onCallForService(db, oncall, incidentId, service, userId, clock.now()),
    outbound,
  });
  const heartbeats = new HeartbeatService(db, units, clock, incidents, config.publicUrl);
  // Short-term items are due by the end of the next sprint, as configured for P3 resolution.
  const actionItems = new ActionItemService(db, units, clock, incidents, {
    ...DEFAULT_ACTION_ITEM_DUE,
    SHORT_TERM: config.severity.nextSprintMs,
  });
  const tickets = createTicketsModule({
    db,
    units,
    clock,
    publicUrl: config.publicUrl,
    config: config.tickets,
    actionItems,
    notifications,
  });

  const app: AppServices = {
    db,
    clock,
    severityOptions: config.severity,
    incidents,
    catalog: new CatalogService(db, clock),
    checklists: new ChecklistService(db, units, clock, incidents),
    statusPage,
    publication,
    notifier,
    notifications,
    publicUrl: config.publicUrl,
    auth,
    rollbackAnnouncer,
    audit: new AuditService(db, clock),
    users: new UsersService(db, clock, auth, outbound.allowList, contactVerification),
    contactVerification,
    notificationRules: new NotificationRulesService(db),
    push: new PushSubscriptions(db, clock, vapid, outbound.allowList),
    phoneReplies: new PhoneReplies(
      db,
      () => notifications.twilioClient(),
      channelActions,
      logAs('twilio'),
      limiter,
      config.auth.rateLimits.wrongRepliesPerNumber,
    ),
    integrations: new IntegrationService(db, clock),
    alerts,
    deployments,
    runbooks,
    healthChecks: new HealthCheckService(config.changes.runbooks, timelineWriter, clock, outbound),
    maintenance,
    oncall,
    calendarFeeds: new CalendarFeedService(db, clock, oncall, config.publicUrl),
    escalation,
    escalationEngine,
    postmortems,
    actionItems,
    metrics,
    history: new HistoryImportService(db, clock, config.severity, () => metrics.changed()),
    channelActions,
    slack: new SlackService(
      db,
      clock,
      config.slackSigningSecret,
      channelActions,
      incidents,
      oncall,
      config.publicUrl,
      logAs('slack'),
      outbound,
      slackBot !== null,
    ),
    emailActions,
    heartbeats,
    incidentRoles: new IncidentRoleService(db, units, clock, incidents),
    teams: new TeamService(db, outbound.allowList),
    wallScope: new WallScope(db),
    ...subscribers.services,
    subscriberRoutes: subscribers.routes,
    ...tickets.services,
    ticketRoutes: tickets.routes,
  };
  return {
    app,
    jobs: [notifications.job(), escalationEngine.job(), heartbeats.job(), postmortems.job(), tickets.job].filter(
      (j): j is Job => !!j,
    ),
    async stop() {
      metrics.stop();
      await escalationEngine.stop();
      await heartbeats.stop();
      await notifications.stop();
      subscribers.stop();
      await runbooks.stop();
    },
    async closeLast() {
      await limiter.close();
      await app.audit.flush().catch(() => undefined);
    },
  };
}
