import { EntityManager, In } from 'typeorm';
import {
  Actor,
  DomainError,
  ErrorCode,
  ROLES,
  Role,
  assertMayGrantTeamRole,
  assertTeamRole,
  validationError,
} from '@vigil/shared';
import { ApiToken } from '../model/auth.entity';
import { Credential } from '../access/credential';
import { ServiceEntity } from '../model/service.entity';
import { Database } from '../db/data-source';
import { EscalationPolicy } from '../model/escalation.entity';
import { Schedule } from '../model/oncall.entity';
import { Team, TeamMember, User } from '../model/user.entity';
import { OutboundAllowList } from '../outbound/outbound-guard';
import { assertWithinTeam, neededFor, resourceTeam } from './team-scope';

/** What a team can own. */
export const OWNED = { service: ServiceEntity, schedule: Schedule, escalationPolicy: EscalationPolicy } as const;
export type OwnedKind = keyof typeof OWNED;
type Owned = ServiceEntity | Schedule | EscalationPolicy;

const LABEL: Record<OwnedKind, string> = {
  service: 'service',
  schedule: 'schedule',
  escalationPolicy: 'escalation policy',
};

/** Team ownership of services, schedules and escalation policies, and the team-scoped roles of members. */
export class TeamService {
  constructor(
    private readonly db: Database,
    /** VIGIL_OUTBOUND_ALLOW: a webhook address the outbound guard would always refuse is refused when saved. */
    private readonly outbound: OutboundAllowList = new OutboundAllowList([]),
  ) {}

  /**
   * Sets (or with null, clears) the Microsoft Teams incoming webhook the team's incidents are announced to. An
   * address that can never be requested (not http(s), a literal private or metadata address) is refused here;
   * a host name is checked on every request by the outbound guard.
   */
  async setTeamsWebhook(teamId: number, url: string | null): Promise<Team> {
    const repo = this.db.dataSource.getRepository(Team);
    const team = await repo.findOneBy({ id: teamId });
    if (!team) throw new DomainError(ErrorCode.NOT_FOUND, `No team with id ${teamId}.`, 'teamId');
    const value = url?.trim() || null;
    if (value !== null) {
      if (value.length > 500) throw validationError('url', 'url must be at most 500 characters.');
      const refused = this.outbound.literalRefusal(value);
      if (refused) throw validationError('url', `A Teams webhook url ${refused}`);
    }
    await repo.update({ id: teamId }, { teamsWebhookUrl: value });
    return repo.findOneByOrFail({ id: teamId });
  }

  /**
   * The caller's roles in their teams (teams where they hold one). Only people and personal tokens carry team
   * roles: a wall token reads only, machines act with their own fixed role.
   */
  async teamRoles(
    actor: Actor,
    credential: Credential | null,
    m: EntityManager = this.db.dataSource.manager,
  ): Promise<Array<{ teamId: number; role: Role }>> {
    if (actor.userId === null || (actor.kind !== 'USER' && actor.kind !== 'TOKEN')) return [];
    if (actor.kind === 'TOKEN' && credential?.type === 'token') {
      const token = await m.findOneBy(ApiToken, { id: credential.id });
      if (!token || token.kind === 'WALL') return [];
    }
    const rows = await m.findBy(TeamMember, { userId: actor.userId });
    return rows
      .filter((r): r is TeamMember & { role: Role } => r.role !== null)
      .map((r) => ({ teamId: r.teamId, role: r.role }));
  }

  /**
   * Throws FORBIDDEN (carrying `needed`) unless the caller's global role, or their role in the team that owns
   * the resource (`teamId`; null: no team owns it), is at least `needed`.
   */
  async assertTeamAccess(
    actor: Actor,
    credential: Credential | null,
    teamId: number | null,
    needed: Role,
    what: string,
    m?: EntityManager,
  ): Promise<void> {
    const roles = teamId === null ? [] : await this.teamRoles(actor, credential, m);
    const inTeam = roles.find((r) => r.teamId === teamId)?.role ?? null;
    assertTeamRole(actor.role, inTeam, needed, what);
  }

  /**
   * For a caller the matrix let through on a team role only: the resource the mutation changes must belong to a
   * team where that role suffices, and must not reach other teams' routing (CROSS_TEAM). Refusals are FORBIDDEN
   * with `needed`, like every role refusal.
   */
  async assertScopedMutation(
    actor: Actor,
    credential: Credential | null,
    mutation: string,
    args: Record<string, unknown>,
  ): Promise<void> {
    const teamId = await resourceTeam(this.db.dataSource.manager, mutation, args);
    await this.assertTeamAccess(actor, credential, teamId, neededFor(mutation), mutation);
    await assertWithinTeam(this.db.dataSource.manager, mutation, args);
  }

  /** The ids of the teams a person belongs to. */
  async teamIdsOf(userId: number | null): Promise<number[]> {
    if (userId === null) return [];
    const rows = await this.db.dataSource.getRepository(TeamMember).findBy({ userId });
    return rows.map((r) => r.teamId);
  }

  /** The teams a person belongs to, by name. */
  async teamsOf(userId: number): Promise<Team[]> {
    const ids = await this.teamIdsOf(userId);
    return ids.length
      ? this.db.dataSource.getRepository(Team).find({ where: { id: In(ids) }, order: { name: 'ASC' } })
      : [];
  }

  team(id: number | null | undefined): Promise<Team | null> {
    return id ? this.db.dataSource.getRepository(Team).findOneBy({ id }) : Promise.resolve(null);
  }

  /** What a team owns of one kind, by name. */
  owned<K extends OwnedKind>(kind: K, teamId: number): Promise<InstanceType<(typeof OWNED)[K]>[]> {
    const repo = this.db.dataSource.getRepository<Owned>(OWNED[kind]);
    return repo.find({ where: { teamId }, order: { name: 'ASC' } }) as Promise<InstanceType<(typeof OWNED)[K]>[]>;
  }

  /** Sets (teamId) or clears (null) the owning team of a service, schedule or escalation policy. */
  async setOwner<K extends OwnedKind>(
    kind: K,
    id: number,
    teamId: number | null,
  ): Promise<InstanceType<(typeof OWNED)[K]>> {
    return this.db.transaction(async (m) => {
      const entity = await m.findOneBy<Owned>(OWNED[kind], { id });
      if (!entity) throw new DomainError(ErrorCode.NOT_FOUND, `No ${LABEL[kind]} with id ${id}.`, 'id');
      if (teamId !== null && !(await m.findOneBy(Team, { id: teamId }))) {
        throw new DomainError(ErrorCode.NOT_FOUND, `No team with id ${teamId}.`, 'teamId');
      }
      await m.update<Owned>(OWNED[kind], { id }, { teamId });
      entity.teamId = teamId;
      return entity as InstanceType<(typeof OWNED)[K]>;
    });
  }

  /**
   * Gives a member a role for what their team owns (null: none beyond their global role). The caller grants up
   * to their own role: a lead up to LEAD, team ADMIN only an admin (assertMayGrantTeamRole).
   */
  async setMemberRole(teamId: number, userId: number, role: Role | null, actor: Actor): Promise<Team> {
    if (role !== null && !ROLES.includes(role))
      throw validationError('role', `role must be one of ${ROLES.join(', ')}.`);
    return this.db.transaction(async (m) => {
      const team = await m.findOneBy(Team, { id: teamId });
      if (!team) throw new DomainError(ErrorCode.NOT_FOUND, `No team with id ${teamId}.`, 'teamId');
      if (!(await m.findOneBy(User, { id: userId })))
        throw new DomainError(ErrorCode.NOT_FOUND, `No user with id ${userId}.`, 'userId');
      const member = await m.findOneBy(TeamMember, { teamId, userId });
      if (!member)
        throw validationError('userId', 'Add the person to the team (setTeamMember) before giving them a team role.');
      assertMayGrantTeamRole(actor.role, member.role, role);
      await m.update(TeamMember, { teamId, userId }, { role });
      return team;
    });
  }

  /** Team roles of a team's members, keyed by user id. */
  async memberRoles(teamId: number): Promise<Map<number, Role | null>> {
    const rows = await this.db.dataSource.getRepository(TeamMember).findBy({ teamId });
    return new Map(rows.map((r) => [r.userId, r.role]));
  }
}
