import { Deployment, IncidentRollbackFlags } from './deployment.entity';
import { MaintenanceWindow } from './maintenance.entity';
import { ApiToken, AuditEntry, Session } from './auth.entity';
import { Alert } from './alert.entity';
import { ServiceEntity } from './service.entity';
import { Incident } from './incident.entity';
import { TimelineEvent } from './timeline-event.entity';
import { Integration } from './integration.entity';
import { ContactMethod, Team, TeamMember, User } from './user.entity';
import { Notification, NotificationAttempt } from './notification.entity';
import { NotificationRule } from './notification-rule.entity';
import { Rotation, Schedule, ScheduleOverride } from './oncall.entity';
import { CalendarFeed } from './calendar-feed.entity';
import { EscalationPolicy, IncidentEscalation } from './escalation.entity';
import { ImportedIncident } from './imported-incident.entity';
import { ActionItem } from './action-item.entity';
import { Postmortem } from './postmortem.entity';
import { SlackRequestSeen } from './slack.entity';
import { SlackIncidentChannel } from './slack-channel.entity';
import { IncidentPublication } from './publication.entity';
import { ServerSecret, UsedActionLink } from './action-link.entity';
import { HeartbeatMonitor } from './heartbeat.entity';
import { IncidentRoleHolder } from './incident-role.entity';
import { StatusSubscriber } from './status-subscriber.entity';
import { TicketLink, TicketTracker } from './ticket.entity';

export const entities = [
  User,
  ContactMethod,
  Team,
  TeamMember,
  ApiToken,
  Session,
  AuditEntry,
  ServiceEntity,
  Incident,
  TimelineEvent,
  Integration,
  Alert,
  Notification,
  NotificationAttempt,
  NotificationRule,
  Deployment,
  IncidentRollbackFlags,
  MaintenanceWindow,
  Schedule,
  Rotation,
  ScheduleOverride,
  CalendarFeed,
  EscalationPolicy,
  IncidentEscalation,
  Postmortem,
  ActionItem,
  ImportedIncident,
  SlackRequestSeen,
  SlackIncidentChannel,
  IncidentPublication,
  ServerSecret,
  UsedActionLink,
  HeartbeatMonitor,
  IncidentRoleHolder,
  TicketTracker,
  TicketLink,
  StatusSubscriber,
];
