import { DomainError, ErrorCode, validationError } from './errors';
import { roleAtLeast, Role } from './permissions';
import { Severity } from './severity';

/** The procedure's roles on an incident: who leads, who documents, who tells stakeholders. */
export const IncidentRole = { COMMANDER: 'COMMANDER', SCRIBE: 'SCRIBE', COMMUNICATIONS: 'COMMUNICATIONS' } as const;
export type IncidentRole = (typeof IncidentRole)[keyof typeof IncidentRole];
export const INCIDENT_ROLES: readonly IncidentRole[] = ['COMMANDER', 'SCRIBE', 'COMMUNICATIONS'];

export const INCIDENT_ROLE_NAMES: Record<IncidentRole, string> = {
  COMMANDER: 'incident commander',
  SCRIBE: 'scribe',
  COMMUNICATIONS: 'communications liaison',
};

export type RoleChangeKind = 'ASSIGN' | 'HAND_OVER' | 'STEP_DOWN';

export interface RoleChangeRequest {
  kind: RoleChangeKind;
  role: IncidentRole;
  /** Who holds the role now (null: vacant). */
  holderId: number | null;
  /** The person asking and their access role; null userId for tokens and machines. */
  actorUserId: number | null;
  actorRole: Role;
  /** The new holder (ASSIGN, HAND_OVER). */
  targetUserId: number | null;
  incident: { severity: Severity; open: boolean };
}

/** The holder after the change: null when a step-down leaves the role vacant. */
export interface RoleChangePlan {
  holderId: number | null;
  previousHolderId: number | null;
}

/**
 * The rules of roles: assign only a vacant role (an occupied one is handed over); only the holder or a lead may hand
 * over or step down; the commander of an open P0/P1 may not leave the role vacant (hand it over instead), since a
 * critical incident must always have someone leading it and receiving the status-update reminders.
 */
export function planRoleChange(r: RoleChangeRequest): RoleChangePlan {
  const name = INCIDENT_ROLE_NAMES[r.role];
  const isHolderOrLead = (r.actorUserId !== null && r.actorUserId === r.holderId) || roleAtLeast(r.actorRole, 'LEAD');
  if (r.kind === 'ASSIGN') {
    if (r.targetUserId === null) throw validationError('userId', 'Name the person to assign.');
    if (r.holderId !== null) {
      throw new DomainError(
        ErrorCode.INVALID_TRANSITION,
        `The ${name} role is already held; hand it over instead.`,
        'role',
      );
    }
    return { holderId: r.targetUserId, previousHolderId: null };
  }
  if (r.holderId === null)
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `Nobody holds the ${name} role.`, 'role');
  if (!isHolderOrLead)
    throw new DomainError(ErrorCode.FORBIDDEN, `Only the current ${name} or a lead may do that.`, 'role');
  if (r.kind === 'HAND_OVER') {
    if (r.targetUserId === null) throw validationError('userId', 'Name the person to hand over to.');
    if (r.targetUserId === r.holderId) throw validationError('userId', `That person already is the ${name}.`);
    return { holderId: r.targetUserId, previousHolderId: r.holderId };
  }
  if (r.role === 'COMMANDER' && r.incident.open && (r.incident.severity === 'P0' || r.incident.severity === 'P1')) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `A ${r.incident.severity} incident must keep a commander: hand the role over instead of stepping down.`,
      'role',
    );
  }
  return { holderId: null, previousHolderId: r.holderId };
}
