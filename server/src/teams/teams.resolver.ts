import { Arg, ClassType, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { Role } from '@vigil/shared';
import { ApiToken } from '../model/auth.entity';
import { ServiceEntity } from '../model/service.entity';
import { EscalationPolicy } from '../model/escalation.entity';
import { Context } from '../graphql/context';
import { parseId } from '../graphql/ids';
import { Schedule } from '../model/oncall.entity';
import { Team, User } from '../model/user.entity';
import { TeamService } from './team.service';
import { UsersService } from '../users';

const teamArg = (teamId: string | null | undefined): number | null =>
  teamId === null || teamId === undefined ? null : parseId(teamId, 'teamId');

@ObjectType({ description: "A member's role for what their team owns, on top of their global role." })
export class TeamMemberRole {
  @Field(() => User) user: User;
  @Field(() => Role, { nullable: true, description: 'null: no role beyond the global one.' }) role: Role | null;
}

/** The services TeamOwnershipResolver uses. */
interface TeamOwnershipResolverDeps {
  readonly teams: TeamService;
  readonly users: UsersService;
}

/** Team ownership and team-scoped roles; what a team owns. */
@Resolver(() => Team)
export class TeamOwnershipResolver {
  constructor(private readonly app: TeamOwnershipResolverDeps) {}

  @Mutation(() => ServiceEntity, { description: 'Sets the team that owns a service; teamId null clears it.' })
  setServiceTeam(
    @Arg('id', () => ID) id: string,
    @Arg('teamId', () => ID, { nullable: true }) teamId: string | null,
  ): Promise<ServiceEntity> {
    return this.app.teams.setOwner('service', parseId(id), teamArg(teamId));
  }

  @Mutation(() => Schedule, { description: 'Sets the team that owns a schedule; teamId null clears it.' })
  setScheduleTeam(
    @Arg('id', () => ID) id: string,
    @Arg('teamId', () => ID, { nullable: true }) teamId: string | null,
  ): Promise<Schedule> {
    return this.app.teams.setOwner('schedule', parseId(id), teamArg(teamId));
  }

  @Mutation(() => EscalationPolicy, {
    description: 'Sets the team that owns an escalation policy; teamId null clears it.',
  })
  setEscalationPolicyTeam(
    @Arg('id', () => ID) id: string,
    @Arg('teamId', () => ID, { nullable: true }) teamId: string | null,
  ): Promise<EscalationPolicy> {
    return this.app.teams.setOwner('escalationPolicy', parseId(id), teamArg(teamId));
  }

  @Mutation(() => Team, {
    description:
      "Gives a team member a role for the schedules, rotations, overrides, escalation policies, services and integrations the team owns (null: none beyond their global role). Up to the caller's own role; team ADMIN only an admin grants or takes away.",
  })
  setTeamMemberRole(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => Role, { nullable: true }) role: Role | null,
    @Ctx() ctx: Context,
  ): Promise<Team> {
    return this.app.teams.setMemberRole(parseId(teamId, 'teamId'), parseId(userId, 'userId'), role ?? null, ctx.actor);
  }

  @Mutation(() => Team, {
    description:
      "Sets the Microsoft Teams incoming webhook this team's incidents are announced to; null clears it (the global VIGIL_TEAMS_WEBHOOK_URL applies). The URL is never shown again.",
  })
  setTeamTeamsWebhook(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('url', () => String, { nullable: true }) url: string | null,
  ): Promise<Team> {
    return this.app.teams.setTeamsWebhook(parseId(teamId, 'teamId'), url ?? null);
  }

  @FieldResolver(() => Boolean, {
    description: 'Whether the team has its own Microsoft Teams webhook (the URL is a credential: never shown).',
  })
  teamsWebhookConfigured(@Root() team: Team): boolean {
    return !!team.teamsWebhookUrl;
  }

  @FieldResolver(() => [ServiceEntity])
  services(@Root() team: Team): Promise<ServiceEntity[]> {
    return this.app.teams.owned('service', team.id);
  }

  @FieldResolver(() => [Schedule])
  schedules(@Root() team: Team): Promise<Schedule[]> {
    return this.app.teams.owned('schedule', team.id);
  }

  @FieldResolver(() => [EscalationPolicy])
  escalationPolicies(@Root() team: Team): Promise<EscalationPolicy[]> {
    return this.app.teams.owned('escalationPolicy', team.id);
  }

  @FieldResolver(() => [TeamMemberRole], { description: "Members' team-scoped roles." })
  async memberRoles(@Root() team: Team): Promise<TeamMemberRole[]> {
    const [members, roles] = await Promise.all([this.app.users.members(team.id), this.app.teams.memberRoles(team.id)]);
    return members.map((mb) => ({ user: mb.user, role: roles.get(mb.user.id) ?? null }));
  }
}

/** The `team` field of a type a team owns: one resolver class per owned type, all from this one definition. */
function ownedTeamResolver<T extends { teamId: number | null }>(owned: ClassType<T>, description: string) {
  @Resolver(() => owned)
  class OwnedTeamResolver {
    constructor(readonly app: { readonly teams: TeamService }) {}

    @FieldResolver(() => Team, { nullable: true, description })
    team(@Root() root: T): Promise<Team | null> {
      return this.app.teams.team(root.teamId);
    }
  }
  return OwnedTeamResolver;
}

export const ServiceTeamResolver = ownedTeamResolver(ServiceEntity, 'The team that owns this service.');
export const ApiTokenTeamResolver = ownedTeamResolver(
  ApiToken,
  "A wall token's team: its wall shows that team's incidents.",
);
export const ScheduleTeamResolver = ownedTeamResolver(Schedule, 'The team that owns this schedule.');
export const EscalationPolicyTeamResolver = ownedTeamResolver(
  EscalationPolicy,
  'The team that owns this escalation policy.',
);

/** The services UserTeamsResolver uses. */
interface UserTeamsResolverDeps {
  readonly teams: TeamService;
}

@Resolver(() => User)
export class UserTeamsResolver {
  constructor(private readonly app: UserTeamsResolverDeps) {}

  @FieldResolver(() => [Team], { description: 'The teams this person belongs to (me { teams } lists yours).' })
  teams(@Root() user: User): Promise<Team[]> {
    return this.app.teams.teamsOf(user.id);
  }
}
