import { DomainError, ErrorCode, validationError } from './errors';

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

/** Callable without signing in (the login form, the public status page). */
export const PUBLIC = 'PUBLIC' as const;
export type Access = Role | typeof PUBLIC;

/**
 * Every GraphQL mutation and the least role that may call it: the one matrix, enforced in one place (the
 * server's authorization middleware) and checked by a test to name every mutation in the schema. A mutation
 * missing here is refused to everyone.
 */
export const MUTATION_ROLES: Readonly<Record<string, Access>> = {
  // incidents
  declareIncident: 'RESPONDER',
  acknowledgeIncident: 'RESPONDER',
  transitionIncident: 'RESPONDER',
  changeSeverity: 'RESPONDER',
  addTimelineNote: 'RESPONDER',
  resolveIncident: 'RESPONDER',
  reopenIncident: 'RESPONDER',
  postStatusUpdate: 'RESPONDER',
  publishIncident: 'RESPONDER',
  unpublishIncident: 'RESPONDER',
  // status page subscribers (issue 20): personal data, so admins only; subscribing itself is the public form
  addStatusWebhook: 'ADMIN',
  deleteStatusSubscriber: 'ADMIN',
  exportStatusSubscribers: 'ADMIN',
  checkChecklistItem: 'RESPONDER',
  // post-incident: post-mortems, action items, history import
  requestPostmortem: 'RESPONDER',
  updatePostmortem: 'RESPONDER',
  transitionPostmortem: 'RESPONDER',
  assignPostmortem: 'RESPONDER',
  addActionItem: 'RESPONDER',
  updateActionItem: 'RESPONDER',
  transitionActionItem: 'RESPONDER',
  // action items as tickets (issue 21): anyone who edits items may ask for a sync again; the tracker is an admin's
  retryTicketSync: 'RESPONDER',
  setTeamTicketTracker: 'ADMIN',
  importIncidentHistory: 'LEAD',
  // catalog
  createService: 'LEAD',
  // alert ingestion
  createIntegration: 'LEAD',
  rotateIntegrationKey: 'LEAD',
  setIntegrationSeverityMapping: 'LEAD',
  // change awareness and mitigation (issue 9); runRunbookAction also needs LEAD unless the incident is P0 (runbook.ts)
  recordDeployment: 'RESPONDER',
  setRollbackFlags: 'RESPONDER',
  runRunbookAction: 'RESPONDER',
  probeHealthCheck: 'RESPONDER',
  createMaintenanceWindow: 'LEAD',
  updateMaintenanceWindow: 'LEAD',
  endMaintenanceWindow: 'LEAD',
  deleteMaintenanceWindow: 'LEAD',
  // access control: your own session and tokens
  login: PUBLIC,
  // Signing out with a cookie that no longer signs in must still work (it clears the cookie): a no-op otherwise.
  logout: PUBLIC,
  changePassword: 'VIEWER',
  createPersonalToken: 'VIEWER',
  revokeApiToken: 'VIEWER',
  revokeSession: 'VIEWER',
  addContactMethod: 'VIEWER',
  removeContactMethod: 'VIEWER',
  // your own paging (issue 18): only the person acts on their methods and rules, whatever their role
  verifyContactMethod: 'VIEWER',
  resendVerificationCode: 'VIEWER',
  sendTestPage: 'VIEWER',
  setNotificationRules: 'VIEWER',
  subscribePush: 'VIEWER',
  // access control: walls, teams, people
  createWallToken: 'LEAD',
  createTeam: 'LEAD',
  setTeamMember: 'LEAD',
  createUser: 'ADMIN',
  updateUser: 'ADMIN',
  // on-call schedules (issue 4)
  createSchedule: 'LEAD',
  updateSchedule: 'LEAD',
  deleteSchedule: 'LEAD',
  addRotation: 'LEAD',
  updateRotation: 'LEAD',
  removeRotation: 'LEAD',
  addScheduleOverride: 'LEAD',
  removeScheduleOverride: 'LEAD',
  // secret calendar feeds (issue 13): your own shifts, or a schedule's (LEAD, or a lead of the schedule's team)
  createMyCalendarFeed: 'VIEWER',
  revokeMyCalendarFeed: 'VIEWER',
  createScheduleCalendarFeed: 'LEAD',
  revokeScheduleCalendarFeed: 'LEAD',
  // escalation (issue 4)
  createEscalationPolicy: 'LEAD',
  createProcedureEscalationPolicy: 'LEAD',
  updateEscalationPolicy: 'LEAD',
  deleteEscalationPolicy: 'LEAD',
  escalateIncident: 'RESPONDER',
  reassignIncident: 'RESPONDER',
  // "I've got it" (issue 16): the person paged, or any responder, answers a page
  acceptPage: 'RESPONDER',
  // routing per service (issue 16): which policy pages for a service, or for a team's services
  setServiceEscalationPolicy: 'LEAD',
  setTeamEscalationPolicy: 'LEAD',
  // incident roles and heartbeat monitors (issue 7)
  assignIncidentRole: 'RESPONDER',
  handOverIncidentRole: 'RESPONDER',
  stepDownIncidentRole: 'RESPONDER',
  createHeartbeatMonitor: 'LEAD',
  updateHeartbeatMonitor: 'LEAD',
  deleteHeartbeatMonitor: 'LEAD',
  // teams (issue 7): ownership and team-scoped roles
  setServiceTeam: 'LEAD',
  setScheduleTeam: 'LEAD',
  setEscalationPolicyTeam: 'LEAD',
  setTeamMemberRole: 'LEAD',
  // Microsoft Teams (issue 18): the channel a team's incidents are announced to (a lead, or the team's lead)
  setTeamTeamsWebhook: 'LEAD',
};

/**
 * Mutations on a resource a team can own (schedule, rotation, override, escalation policy, service,
 * integration): for these a team role counts too, but only for resources of that team. The role needed is still
 * the one in MUTATION_ROLES; the server checks the resource's owning team (server/src/teams/team-scope.ts).
 */
export const TEAM_SCOPED: ReadonlySet<string> = new Set([
  'updateSchedule',
  'deleteSchedule',
  'addRotation',
  'updateRotation',
  'removeRotation',
  'addScheduleOverride',
  'removeScheduleOverride',
  'createScheduleCalendarFeed',
  'revokeScheduleCalendarFeed',
  'updateEscalationPolicy',
  'deleteEscalationPolicy',
  'createIntegration',
  'rotateIntegrationKey',
  'setIntegrationSeverityMapping',
  'createWallToken',
  'setTeamTeamsWebhook',
]);

/** The stronger of two roles; null (no role) is weaker than any. */
export function strongerRole(a: Role | null, b: Role | null): Role | null {
  if (a === null) return b;
  if (b === null) return a;
  return roleAtLeast(a, b) ? a : b;
}

/**
 * The middleware's decision for a mutation given the caller's global role and their team roles (one per team):
 * 'GLOBAL' when the global role suffices, 'TEAM' when only a team role does (the resource's team must then be
 * checked), otherwise throws as assertMayCall does (FORBIDDEN carries `needed`).
 */
export function authorizeMutation(role: Role | null, teamRoles: readonly Role[], mutation: string): 'GLOBAL' | 'TEAM' {
  const needed = roleForMutation(mutation);
  if (
    needed !== null &&
    needed !== PUBLIC &&
    role !== null &&
    !roleAtLeast(role, needed) &&
    TEAM_SCOPED.has(mutation) &&
    teamRoles.some((r) => roleAtLeast(r, needed))
  )
    return 'TEAM';
  assertMayCall(role, mutation);
  return 'GLOBAL';
}

/** Throws FORBIDDEN (with `needed`) unless the global role or the role in the resource's owning team suffices. */
export function assertTeamRole(role: Role, teamRole: Role | null, needed: Role, what: string): void {
  const effective = strongerRole(role, teamRole) ?? role;
  if (roleAtLeast(effective, needed)) return;
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    `${what} needs the ${needed} role for the team that owns it; you are ${effective} there.`,
    undefined,
    { needed, role: effective },
  );
}

/**
 * Queries and subscriptions need a signed-in caller (any role) unless listed here: PUBLIC ones need nobody,
 * others need at least the role named.
 */
export const QUERY_ACCESS: Readonly<Record<string, Access>> = {
  severityPolicies: PUBLIC,
  publicStatus: PUBLIC,
  publicStatusChanged: PUBLIC,
  auditLog: 'ADMIN',
  statusSubscribers: 'ADMIN',
  users: 'VIEWER',
};

/** Who may read a root query or subscription field; VIEWER (any signed-in caller) unless QUERY_ACCESS says otherwise. */
export function accessForQuery(name: string): Access {
  return Object.prototype.hasOwnProperty.call(QUERY_ACCESS, name) ? QUERY_ACCESS[name] : 'VIEWER';
}

/** Checks a caller against an access level: null role means not signed in. Throws UNAUTHENTICATED or FORBIDDEN. */
export function assertAccess(role: Role | null, access: Access, what: string): void {
  if (access === PUBLIC) return;
  if (role === null) throw new DomainError(ErrorCode.UNAUTHENTICATED, `Sign in to use ${what}.`);
  if (!roleAtLeast(role, access)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `${what} needs the ${access} role; you are ${role}.`, undefined, {
      needed: access,
      role,
    });
  }
}

/** The least role for a mutation, or null when the matrix does not name it (deny). */
export function roleForMutation(name: string): Access | null {
  return Object.prototype.hasOwnProperty.call(MUTATION_ROLES, name) ? MUTATION_ROLES[name] : null;
}

/** Throws unless a caller with `role` (null: not signed in) may call `mutation`. */
export function assertMayCall(role: Role | null, mutation: string): void {
  const needed = roleForMutation(mutation);
  if (needed === null)
    throw new DomainError(ErrorCode.FORBIDDEN, `${mutation} is not allowed for anyone (not in the permission matrix).`);
  assertAccess(role, needed, mutation);
}

/** Every way of answering a page goes through these mutations (Slack's and email's Acknowledge included). */
export const PAGE_ANSWERS = ['acknowledgeIncident', 'acceptPage'] as const;

/** Whether a person with this role can answer a page: every one of PAGE_ANSWERS lets them. */
export function mayAnswerPage(role: Role): boolean {
  return PAGE_ANSWERS.every((mutation) => {
    const needed = roleForMutation(mutation);
    return needed === PUBLIC || (needed !== null && roleAtLeast(role, needed));
  });
}

/** The least role that can answer a page (RESPONDER with today's matrix). */
export function pageAnswerRole(): Role {
  return ROLES.find(mayAnswerPage) ?? 'ADMIN';
}

/**
 * A page must go to someone who can act on it: refuses, as VALIDATION on `field`, naming who and the rule, a
 * target (policy level, rotation, override) that would page people whose role cannot answer.
 */
export function assertMayBePaged(
  field: string,
  what: string,
  people: ReadonlyArray<{ name: string; role: Role }>,
): void {
  const cannot = people.filter((p) => !mayAnswerPage(p.role));
  if (!cannot.length) return;
  throw validationError(
    field,
    `${what} would page ${cannot.map((p) => `${p.name} (${p.role})`).join(', ')}, who cannot answer a page: a page ` +
      `must go to someone who can act on it, and answering (acknowledgeIncident, acceptPage, Acknowledge in Slack ` +
      `or email) needs the ${pageAnswerRole()} role.`,
  );
}

/** Splits the people a level resolves to into those paged and those skipped because their role cannot answer. */
export function splitPageable<T extends { role: Role }>(people: readonly T[]): { page: T[]; skip: T[] } {
  return { page: people.filter((p) => mayAnswerPage(p.role)), skip: people.filter((p) => !mayAnswerPage(p.role)) };
}
