import { DomainError, ErrorCode } from './errors';

/**
 * Roles, least to most powerful; each can do everything the ones before it can.
 * viewer: read. responder: act on incidents, post-mortems, action items. lead: schedules, escalation policies,
 * services, integrations. admin: users, roles, settings.
 */
export const Role = { VIEWER: 'VIEWER', RESPONDER: 'RESPONDER', LEAD: 'LEAD', ADMIN: 'ADMIN' } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = ['VIEWER', 'RESPONDER', 'LEAD', 'ADMIN'];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * Every GraphQL mutation and the least role that may call it: the one matrix, enforced in one place (the
 * server's authorization middleware) and checked by a test to name every mutation in the schema. A mutation
 * missing here is refused to everyone.
 */
export const MUTATION_ROLES: Readonly<Record<string, Role>> = {
  // incidents
  declareIncident: 'RESPONDER',
  acknowledgeIncident: 'RESPONDER',
  transitionIncident: 'RESPONDER',
  changeSeverity: 'RESPONDER',
  addTimelineNote: 'RESPONDER',
  resolveIncident: 'RESPONDER',
  reopenIncident: 'RESPONDER',
  postStatusUpdate: 'RESPONDER',
  // catalog
  createService: 'LEAD',
};

/** The least role for a mutation, or null when the matrix does not name it (deny). */
export function roleForMutation(name: string): Role | null {
  return Object.prototype.hasOwnProperty.call(MUTATION_ROLES, name) ? MUTATION_ROLES[name] : null;
}

/** Throws FORBIDDEN unless `role` may call `mutation`. */
export function assertMayCall(role: Role, mutation: string): void {
  const needed = roleForMutation(mutation);
  if (needed === null) throw new DomainError(ErrorCode.FORBIDDEN, `${mutation} is not allowed for anyone (not in the permission matrix).`);
  if (!roleAtLeast(role, needed)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `${mutation} needs the ${needed} role; you are ${role}.`, undefined, { needed, role });
  }
}
