import type { Role } from './permissions';

/**
 * What can appear on an incident's timeline. Stored as text so later features add kinds without a migration;
 * the procedure's "document all actions taken" means every change writes one of these.
 */
export const TimelineEventType = {
  DECLARED: 'DECLARED',
  ACKNOWLEDGED: 'ACKNOWLEDGED',
  STATUS_CHANGED: 'STATUS_CHANGED',
  SEVERITY_CHANGED: 'SEVERITY_CHANGED',
  NOTE: 'NOTE',
  STATUS_UPDATE: 'STATUS_UPDATE',
  /** The public text of a status update: the only kind the public status page shows. */
  PUBLIC_UPDATE: 'PUBLIC_UPDATE',
  /** The P0/P1 status-update cadence was missed; the commander was reminded (notify-policy.ts). */
  STATUS_UPDATE_OVERDUE: 'STATUS_UPDATE_OVERDUE',
  RESOLVED: 'RESOLVED',
  REOPENED: 'REOPENED',
  /** Post-incident: a post-mortem opened or changed state, an action item added or moved (postmortem.ts). */
  POSTMORTEM_OPENED: 'POSTMORTEM_OPENED',
  POSTMORTEM_STATUS_CHANGED: 'POSTMORTEM_STATUS_CHANGED',
  /** A post-mortem's owner or reviewers were set. */
  POSTMORTEM_ASSIGNED: 'POSTMORTEM_ASSIGNED',
  ACTION_ITEM_ADDED: 'ACTION_ITEM_ADDED',
  ACTION_ITEM_STATUS_CHANGED: 'ACTION_ITEM_STATUS_CHANGED',
  /** A mitigation or resolution-verification checklist item checked or unchecked (checklists.ts). */
  CHECKLIST: 'CHECKLIST',
  /** Alert ingestion: an alert opened or joined the incident, fired again, was acknowledged or resolved by its sender. */
  ALERT_TRIGGERED: 'ALERT_TRIGGERED',
  ALERT_REPEATED: 'ALERT_REPEATED',
  ALERT_ACKNOWLEDGED: 'ALERT_ACKNOWLEDGED',
  ALERT_RESOLVED: 'ALERT_RESOLVED',
  /** Change awareness and mitigation (issue 9): responder rollback flags, runbook runs, health-check probes. */
  ROLLBACK_FLAGS_SET: 'ROLLBACK_FLAGS_SET',
  /** A rollback rule matched and a suspect deployment exists: said once, also in Slack. */
  ROLLBACK_RECOMMENDED: 'ROLLBACK_RECOMMENDED',
  /** A responder set the recommendation aside, saying why; it comes back for a new suspect deployment or rule. */
  ROLLBACK_DISMISSED: 'ROLLBACK_DISMISSED',
  RUNBOOK_STARTED: 'RUNBOOK_STARTED',
  RUNBOOK_OUTPUT: 'RUNBOOK_OUTPUT',
  RUNBOOK_STEP_FINISHED: 'RUNBOOK_STEP_FINISHED',
  RUNBOOK_FINISHED: 'RUNBOOK_FINISHED',
  HEALTH_CHECK: 'HEALTH_CHECK',
  /** Escalation (escalation.ts): a level fired and paged people; the incident was handed to someone else. */
  ESCALATED: 'ESCALATED',
  /** A new incident on a service in maintenance: recorded, nobody paged. */
  MAINTENANCE_QUIET: 'MAINTENANCE_QUIET',
  /** Put on or taken off the public status page, by a responder or by the default for its severity (publication.ts). */
  PUBLICATION_CHANGED: 'PUBLICATION_CHANGED',
  REASSIGNED: 'REASSIGNED',
  /** A P0: everyone on the escalation path not paged at once was told at once (notify-policy.ts pagingPlan). */
  STAKEHOLDERS_NOTIFIED: 'STAKEHOLDERS_NOTIFIED',
  /** An acknowledge or resolve SLA ran out; who was told (notify-policy.ts slaBreaches), once per breach. */
  SLA_BREACHED: 'SLA_BREACHED',
  /** "I've got it": the person paged (or a responder) took the page; that climb stops (issue 16). */
  PAGE_ACCEPTED: 'PAGE_ACCEPTED',
  /** Incident roles (incident-roles.ts): a commander, scribe or communications liaison assigned, handed over, stepped down. */
  ROLE_ASSIGNED: 'ROLE_ASSIGNED',
  ROLE_HANDED_OVER: 'ROLE_HANDED_OVER',
  ROLE_STEPPED_DOWN: 'ROLE_STEPPED_DOWN',
  /** Heartbeats (heartbeat.ts): a monitor stopped pinging, or pinged again. */
  HEARTBEAT_MISSED: 'HEARTBEAT_MISSED',
  HEARTBEAT_RECOVERED: 'HEARTBEAT_RECOVERED',
} as const;
export type TimelineEventType = (typeof TimelineEventType)[keyof typeof TimelineEventType];

/** How the actor reached Vigil: a person in the UI or API, a machine token, an integration, or Vigil itself. */
export const ActorKind = {
  USER: 'USER',
  TOKEN: 'TOKEN',
  INTEGRATION: 'INTEGRATION',
  SYSTEM: 'SYSTEM',
  ANONYMOUS: 'ANONYMOUS',
} as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

/** How a person acted: in the console, through the API, or from outside Vigil (recorded on the timeline). */
export type Via = 'console' | 'api' | 'slack' | 'email' | 'sms' | 'voice' | 'push';

export interface Actor {
  kind: ActorKind;
  name: string;
  userId: number | null;
  /** What this actor may do (permissions.ts). Integrations and Vigil itself act as RESPONDER. */
  role: Role;
  /** Where the command came from; lines written for it outside the console and API carry it as `data.via`. */
  via?: Via;
}
