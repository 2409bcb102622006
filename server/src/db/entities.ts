import { Deployment, IncidentRollbackFlags } from '../deployments/deployment.entity';
import { MaintenanceWindow } from '../maintenance/maintenance.entity';
import { ApiToken, AuditEntry, Session } from '../auth/auth.entity';
import { Alert } from '../alerts/alert.entity';
import { ServiceEntity } from '../catalog/service.entity';
import { Incident } from '../incidents/incident.entity';
import { TimelineEvent } from '../incidents/timeline-event.entity';
import { Integration } from '../integrations/integration.entity';
import { ContactMethod, Team, TeamMember, User } from '../users/user.entity';
import { Notification, NotificationAttempt } from '../notify/notification.entity';
import { NotificationRule } from '../users/notification-rule.entity';
import { Rotation, Schedule, ScheduleOverride } from '../oncall/oncall.entity';
import { CalendarFeed } from '../oncall/calendar-feed.entity';
import { EscalationPolicy, IncidentEscalation } from '../escalation/escalation.entity';
import { ImportedIncident } from '../history/imported-incident.entity';
import { ActionItem } from '../postmortems/action-item.entity';
import { Postmortem } from '../postmortems/postmortem.entity';
import { SlackRequestSeen } from '../slack/slack.entity';
import { SlackIncidentChannel } from '../slack/slack-channel.entity';
import { IncidentPublication } from '../statuspage/publication.entity';
import { ServerSecret, UsedActionLink } from '../email-actions/action-link.entity';
import { HeartbeatMonitor } from '../heartbeats/heartbeat.entity';
import { IncidentRoleHolder } from '../incident-roles/incident-role.entity';

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
];
