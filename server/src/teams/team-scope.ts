import { EntityManager } from 'typeorm';
import { DomainError, ErrorCode, MUTATION_ROLES, Role, TEAM_SCOPED } from '@vigil/shared';
import { ServiceEntity } from '../catalog/service.entity';
import { EscalationPolicy } from '../escalation/escalation.entity';
import { Integration } from '../integrations/integration.entity';
import { Rotation, Schedule, ScheduleOverride } from '../oncall/oncall.entity';
import { Team } from '../users/user.entity';
import { parseId } from '../incidents/incident.service';

type Args = Record<string, unknown>;
type TeamOf = (m: EntityManager, args: Args) => Promise<number | null>;

const idArg = (args: Args, name: string): number => parseId(typeof args[name] === 'string' || typeof args[name] === 'number' ? (args[name] as string | number) : '', name);

const scheduleTeam = async (m: EntityManager, id: number): Promise<number | null> => (await m.findOneBy(Schedule, { id }))?.teamId ?? null;
const serviceTeam = async (m: EntityManager, id: number): Promise<number | null> => (await m.findOneBy(ServiceEntity, { id }))?.teamId ?? null;
const policyTeam = async (m: EntityManager, id: number): Promise<number | null> => (await m.findOneBy(EscalationPolicy, { id }))?.teamId ?? null;
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
  updateEscalationPolicy: (m, a) => policyTeam(m, idArg(a, 'id')),
  deleteEscalationPolicy: (m, a) => policyTeam(m, idArg(a, 'id')),
  createIntegration: (m, a) => {
    const input = (a.input ?? {}) as Args;
    return serviceTeam(m, idArg(input, 'serviceId'));
  },
  rotateIntegrationKey: (m, a) => integrationTeam(m, idArg(a, 'id')),
  setIntegrationSeverityMapping: (m, a) => integrationTeam(m, idArg(a, 'id')),
  // A team's wall: the team it is for (a lead of that team may make one). No teamId: no team role applies.
  createWallToken: async (m, a) => {
    if (a.teamId === null || a.teamId === undefined) return null;
    return (await m.findOneBy(Team, { id: idArg(a, 'teamId') }))?.id ?? null;
  },
};

/** The owning team of the resource a team-scoped mutation would change. */
export function resourceTeam(m: EntityManager, mutation: string, args: Args): Promise<number | null> {
  const find = TEAM_SCOPED.has(mutation) ? RESOURCE_TEAM[mutation] : undefined;
  if (!find) throw new DomainError(ErrorCode.FORBIDDEN, `${mutation} is not team-scoped.`);
  return find(m, args);
}

/** The role a team-scoped mutation needs (from the one matrix). */
export function neededFor(mutation: string): Role {
  const needed = MUTATION_ROLES[mutation];
  if (needed === undefined || needed === 'PUBLIC') throw new DomainError(ErrorCode.FORBIDDEN, `${mutation} is not team-scoped.`);
  return needed;
}
