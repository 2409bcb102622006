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
  RESOLVED: 'RESOLVED',
  REOPENED: 'REOPENED',
} as const;
export type TimelineEventType = (typeof TimelineEventType)[keyof typeof TimelineEventType];

/** How the actor reached Vigil: a person in the UI or API, a machine token, an integration, or Vigil itself. */
export const ActorKind = { USER: 'USER', TOKEN: 'TOKEN', INTEGRATION: 'INTEGRATION', SYSTEM: 'SYSTEM' } as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

export interface Actor {
  kind: ActorKind;
  name: string;
  userId: number | null;
  /** What this actor may do (permissions.ts). Integrations and Vigil itself act as RESPONDER. */
  role: Role;
}
