import { EntityManager, In } from 'typeorm';
import { DomainError, ErrorCode, MUTATION_ROLES, Role, TEAM_SCOPED, assertTeamMembersOnly } from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { EscalationPolicy } from '../model/escalation.entity';
import { Integration } from '../model/integration.entity';
import { Rotation, Schedule, ScheduleOverride } from '../model/oncall.entity';
import { Team, TeamMember, User } from '../model/user.entity';
import { parseId } from '../graphql/ids';

type Args = Record<string, unknown>;
type TeamOf = (m: EntityManager, args: Args) => Promise<number | null>;

const idArg = (args: Args, name: string): number =>
  parseId(typeof args[name] === 'string' || typeof args[name] === 'number' ? args[name] : '', name);

const scheduleTeam = async (m: EntityManager, id: number): Promise<number | null> =>
  (await m.findOneBy(Schedule, { id }))?.teamId ?? null;
const serviceTeam = async (m: EntityManager, id: number): Promise<number | null> =>
  (await m.findOneBy(ServiceEntity, { id }))?.teamId ?? null;
const policyTeam = async (m: EntityManager, id: number): Promise<number | null> =>
  (await m.findOneBy(EscalationPolicy, { id }))?.teamId ?? null;
const rotationTeam = async (m: EntityManager, id: number): Promise<number | null> => {
  const r = await m.findOneBy(Rotation, { id });
  return r ? scheduleTeam(m, r.scheduleId) : null;
};
const integrationTeam = async (m: EntityManager, id: number): Promise<number | null> => {
  const i = await m.findOneBy(Integration, { id });
  return i ? serviceTeam(m, i.serviceId) : null;
};

/**
 * For every team-scoped mutation, how to find the team that owns the resource it changes (null: no team, or no
 * such resource, so a team role cannot apply). Keys must equal TEAM_SCOPED (checked by a test).
 */
export const RESOURCE_TEAM: Readonly<Record<string, TeamOf>> = {
  updateSchedule: (m, a) => scheduleTeam(m, idArg(a, 'id')),
  deleteSchedule: (m, a) => scheduleTeam(m, idArg(a, 'id')),
  addRotation: (m, a) => scheduleTeam(m, idArg(a, 'scheduleId')),
  addScheduleOverride: (m, a) => scheduleTeam(m, idArg(a, 'scheduleId')),
  updateRotation: (m, a) => rotationTeam(m, idArg(a, 'id')),
  removeRotation: (m, a) => rotationTeam(m, idArg(a, 'id')),
  removeScheduleOverride: async (m, a) => {
    const o = await m.findOneBy(ScheduleOverride, { id: idArg(a, 'id') });
    return o ? scheduleTeam(m, o.scheduleId) : null;
  },
  createScheduleCalendarFeed: (m, a) => scheduleTeam(m, idArg(a, 'scheduleId')),
  revokeScheduleCalendarFeed: (m, a) => scheduleTeam(m, idArg(a, 'scheduleId')),
  updateEscalationPolicy: (m, a) => policyTeam(m, idArg(a, 'id')),
  deleteEscalationPolicy: (m, a) => policyTeam(m, idArg(a, 'id')),
  createIntegration: (m, a) => {
    const input = (a.input ?? {}) as Args;
    return serviceTeam(m, idArg(input, 'serviceId'));
  },
  rotateIntegrationKey: (m, a) => integrationTeam(m, idArg(a, 'id')),
  setIntegrationSeverityMapping: (m, a) => integrationTeam(m, idArg(a, 'id')),
  // A team's Teams webhook: the team itself.
  setTeamTeamsWebhook: async (m, a) => (await m.findOneBy(Team, { id: idArg(a, 'teamId') }))?.id ?? null,
  // A team's wall: the team it is for (a lead of that team may make one). No teamId: no team role applies.
  createWallToken: async (m, a) => {
    if (a.teamId === null || a.teamId === undefined) return null;
    return (await m.findOneBy(Team, { id: idArg(a, 'teamId') }))?.id ?? null;
  },
};

const policyName = (p: EscalationPolicy) => `"${p.name}"`;

/** The default policy routes every team's incidents: a team role never reaches it, whichever team owns it. */
async function notTheDefault(m: EntityManager, id: number, mutation: string): Promise<void> {
  const policy = await m.findOneBy(EscalationPolicy, { id });
  if (policy?.isDefault) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `${mutation}: ${policyName(policy)} is the default policy and routes every team's incidents; it needs the global LEAD role.`,
      'id',
      { needed: 'LEAD' },
    );
  }
}

/**
 * A schedule that another team's policy (or any default or team-less one) pages is part of that routing: a team
 * role may run its own on-call in it, but not delete it from under the other policy.
 */
async function pagedOnlyByOwnTeam(m: EntityManager, id: number, mutation: string): Promise<void> {
  const teamId = await scheduleTeam(m, id);
  const policies = await m.find(EscalationPolicy, { order: { name: 'ASC' } });
  const others = policies.filter(
    (p) =>
      (p.isDefault || p.teamId !== teamId) &&
      p.levels.some((l) => l.targets.some((t) => t.kind === 'SCHEDULE' && t.id === id)),
  );
  if (others.length) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `${mutation}: the schedule is paged by ${others.map(policyName).join(', ')}, which your team does not own (or which is the default); it needs the global LEAD role.`,
      'id',
      { needed: 'LEAD' },
    );
  }
}

/** The ids a mutation would put on call, as sent (validated later by the service); none when it names none. */
const listArg = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Whoever a team role puts on call in its team's schedule is a member of that team (domain assertTeamMembersOnly).
 * Ids that are not ids or not users are left to the service's own validation.
 */
async function membersOnly(m: EntityManager, teamId: number | null, field: string, raw: unknown[]): Promise<void> {
  if (teamId === null || !raw.length) return;
  const ids = raw.map((v) => Number(v)).filter((id) => Number.isSafeInteger(id) && id > 0);
  const [team, members, users] = await Promise.all([
    m.findOneBy(Team, { id: teamId }),
    m.findBy(TeamMember, { teamId }),
    ids.length ? m.findBy(User, { id: In(ids) }) : Promise.resolve([]),
  ]);
  const people = ids.flatMap((id) => users.filter((u) => u.id === id).map((u) => ({ id: u.id, name: u.name })));
  assertTeamMembersOnly(
    field,
    people,
    members.map((x) => x.userId),
    team?.name ?? `#${teamId}`,
  );
}

const inputOf = (args: Args): Args => (args.input ?? {}) as Args;

/**
 * Changes a team role may not make even to its own team's resource, because they reach other teams' routing.
 * Checked only when a team role, not the global role, let the caller through (after RESOURCE_TEAM's team matched).
 */
const CROSS_TEAM: Readonly<Record<string, (m: EntityManager, args: Args, mutation: string) => Promise<void>>> = {
  updateEscalationPolicy: (m, a, mutation) => notTheDefault(m, idArg(a, 'id'), mutation),
  deleteEscalationPolicy: (m, a, mutation) => notTheDefault(m, idArg(a, 'id'), mutation),
  deleteSchedule: (m, a, mutation) => pagedOnlyByOwnTeam(m, idArg(a, 'id'), mutation),
  addRotation: async (m, a) =>
    membersOnly(m, await scheduleTeam(m, idArg(a, 'scheduleId')), 'participantIds', listArg(inputOf(a).participantIds)),
  updateRotation: async (m, a) =>
    membersOnly(m, await rotationTeam(m, idArg(a, 'id')), 'participantIds', listArg(inputOf(a).participantIds)),
  // A REMOVE takes someone off call: anyone on the schedule may be taken off by its team.
  addScheduleOverride: async (m, a) =>
    inputOf(a).kind === 'REMOVE'
      ? undefined
      : membersOnly(m, await scheduleTeam(m, idArg(a, 'scheduleId')), 'userId', [inputOf(a).userId]),
};

/** Throws FORBIDDEN when a team-scoped change would reach beyond the team (see CROSS_TEAM). */
export async function assertWithinTeam(m: EntityManager, mutation: string, args: Args): Promise<void> {
  const check = Object.prototype.hasOwnProperty.call(CROSS_TEAM, mutation) ? CROSS_TEAM[mutation] : undefined;
  await check?.(m, args, mutation);
}

/** The owning team of the resource a team-scoped mutation would change. */
export function resourceTeam(m: EntityManager, mutation: string, args: Args): Promise<number | null> {
  const find = TEAM_SCOPED.has(mutation) ? RESOURCE_TEAM[mutation] : undefined;
  if (!find) throw new DomainError(ErrorCode.FORBIDDEN, `${mutation} is not team-scoped.`);
  return find(m, args);
}

/** The role a team-scoped mutation needs (from the one matrix). */
export function neededFor(mutation: string): Role {
  const needed = MUTATION_ROLES[mutation];
  if (needed === undefined || needed === 'PUBLIC')
    throw new DomainError(ErrorCode.FORBIDDEN, `${mutation} is not team-scoped.`);
  return needed;
}
