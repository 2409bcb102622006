import { registerEnumType } from 'type-graphql';
import { AlertStatus, IntegrationKind } from '@vigil/shared';
import {
  ActorKind,
  IncidentSource,
  IncidentStatus,
  NotifyAudience,
  PublicStatus,
  Role,
  Severity,
  SlaState,
  TimelineEventType,
} from '@vigil/shared';
import { ApiTokenKind } from '../model/auth.entity';
import { ContactKind } from '../model/user.entity';
import { ChecklistKind, ComponentState, PublicationDecidedBy, PublicationState } from '@vigil/shared';
import { AttemptOutcome, DeliveryChannel, NotificationStatus } from '../model/notification.entity';
import { EscalationReason, EscalationTargetKind, OverrideKind, ShiftUnit } from '@vigil/shared';
import {
  ActionItemAging,
  ActionItemCategory,
  ActionItemStatus,
  MetricBucket,
  PostmortemStatus,
  PostmortemTimelineKind,
} from '@vigil/shared';
import { DeploymentSource, RollbackRule, RunbookAction } from '@vigil/shared';

import { IncidentRole, TicketSyncState, TicketTrackerKind } from '@vigil/shared';
import { HeartbeatStatus } from '../model/heartbeat.entity';
// The enum objects live in @vigil/shared so server and web spell them the same way.
registerEnumType(Severity, { name: 'Severity', description: 'P0 critical … P3 low, per the procedure.' });
registerEnumType(IncidentStatus, { name: 'IncidentStatus' });
registerEnumType(IncidentSource, { name: 'IncidentSource', description: 'How the incident was detected.' });
registerEnumType(PublicStatus, { name: 'PublicStatus', description: 'The status page word for an incident.' });
registerEnumType(SlaState, { name: 'SlaState' });
registerEnumType(NotifyAudience, { name: 'NotifyAudience' });
registerEnumType(TimelineEventType, { name: 'TimelineEventType' });
registerEnumType(ActorKind, { name: 'ActorKind' });
registerEnumType(Role, { name: 'Role', description: 'VIEWER < RESPONDER < LEAD < ADMIN' });
registerEnumType(ContactKind, { name: 'ContactKind' });
registerEnumType(ApiTokenKind, { name: 'ApiTokenKind' });
registerEnumType(DeliveryChannel, { name: 'DeliveryChannel', description: 'How a notification is delivered.' });
registerEnumType(NotificationStatus, { name: 'NotificationStatus' });
registerEnumType(AttemptOutcome, { name: 'NotificationAttemptOutcome' });
registerEnumType(IntegrationKind, {
  name: 'IntegrationKind',
  description: 'Which monitoring protocol an integration speaks.',
});
registerEnumType(AlertStatus, { name: 'AlertStatus' });
registerEnumType(ChecklistKind, {
  name: 'ChecklistKind',
  description: 'MITIGATION (procedure §4) or RESOLUTION_VERIFICATION (§5).',
});
registerEnumType(ComponentState, { name: 'ComponentState', description: 'A component on the public status page.' });
registerEnumType(PublicationState, {
  name: 'PublicationState',
  description: 'Whether the public status page shows an incident.',
});
registerEnumType(PublicationDecidedBy, {
  name: 'PublicationDecidedBy',
  description: 'DEFAULT: the rule for its severity (VIGIL_STATUS_PUBLISH_UP_TO); RESPONDER: a person decided.',
});
registerEnumType(PostmortemStatus, {
  name: 'PostmortemStatus',
  description: 'DRAFT → IN_REVIEW → PUBLISHED (IN_REVIEW may go back to DRAFT).',
});
registerEnumType(PostmortemTimelineKind, {
  name: 'PostmortemTimelineKind',
  description: "The template's timeline headings.",
});
registerEnumType(ActionItemCategory, {
  name: 'ActionItemCategory',
  description: "The template's immediate / short-term / long-term.",
});
registerEnumType(ActionItemStatus, {
  name: 'ActionItemStatus',
  description: 'OPEN → IN_PROGRESS → DONE, or WONT_DO with a reason.',
});
registerEnumType(ActionItemAging, {
  name: 'ActionItemAging',
  description: 'Age bands: under 7 days, under 30, under 90, older.',
});
registerEnumType(MetricBucket, {
  name: 'MetricBucket',
  description: 'Calendar buckets in the requested time zone; weeks start on Monday.',
});
registerEnumType(DeploymentSource, {
  name: 'DeploymentSource',
  description: 'How a deployment was reported to Vigil.',
});
registerEnumType(RollbackRule, { name: 'RollbackRule', description: "The procedure's When to Rollback rules." });
registerEnumType(RunbookAction, { name: 'RunbookAction', description: "The procedure's immediate mitigations." });
registerEnumType(ShiftUnit, {
  name: 'ShiftUnit',
  description: 'Rotation shift length unit; real hours for HOURLY, local wall-clock days for DAILY/WEEKLY.',
});
registerEnumType(OverrideKind, { name: 'OverrideKind' });
registerEnumType(EscalationTargetKind, { name: 'EscalationTargetKind' });
registerEnumType(EscalationReason, { name: 'EscalationReason', description: 'Why an escalation level fired.' });
registerEnumType(IncidentRole, { name: 'IncidentRole', description: 'Commander, scribe or communications liaison.' });
registerEnumType(HeartbeatStatus, { name: 'HeartbeatStatus' });
registerEnumType(TicketTrackerKind, { name: 'TicketTrackerKind', description: 'Where action items become tickets.' });
registerEnumType(TicketSyncState, {
  name: 'TicketSyncState',
  description: 'SYNCED; PENDING: not yet synced (queued or retrying); FAILED: the tracker refused it.',
});
