import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Role } from '@vigil/shared';
import { Context } from '../graphql/context';
import { parseId } from '../graphql/ids';
import { ContactKind, ContactMethod, Team, User } from '../model/user.entity';
import { UsersService } from './users.service';

@InputType()
export class CreateUserInput {
  @Field() name: string;
  @Field() email: string;
  @Field(() => Role) role: Role;
  @Field(() => String, { nullable: true }) timeZone?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      '12–200 characters, hard to guess (strength 3 of 4 or more) and not containing the email; leave empty for people who are only paged.',
  })
  password?: string | null;
  @Field(() => String, { nullable: true }) slackUserId?: string | null;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => Role, { nullable: true }) role?: Role | null;
  @Field(() => String, { nullable: true }) timeZone?: string | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
}

@ObjectType()
export class TeamMemberView {
  @Field(() => User) user: User;
  @Field() isLead: boolean;
}

/** The services UsersResolver uses. */
interface UsersResolverDeps {
  readonly users: UsersService;
}

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly app: UsersResolverDeps) {}

  @Query(() => [User])
  users(): Promise<User[]> {
    return this.app.users.list();
  }

  @Mutation(() => User)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput): Promise<User> {
    return this.app.users.create(input);
  }

  @Mutation(() => User)
  updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateUserInput) input: UpdateUserInput,
    @Ctx() ctx: Context,
  ): Promise<User> {
    return this.app.users.update(parseId(id), input, ctx.actor);
  }

  @Mutation(() => ContactMethod)
  addContactMethod(
    @Arg('userId', () => ID) userId: string,
    @Arg('kind', () => ContactKind) kind: ContactKind,
    @Arg('address') address: string,
    @Ctx() ctx: Context,
  ): Promise<ContactMethod> {
    return this.app.users.addContactMethod(parseId(userId, 'userId'), kind, address, ctx.actor);
  }

  @Mutation(() => Boolean)
  removeContactMethod(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return this.app.users.removeContactMethod(parseId(id), ctx.actor);
  }

  @FieldResolver(() => [ContactMethod], {
    description:
      "Where the person is paged: their own, or anyone's for an admin; empty for everyone else (webhook URLs are often secrets).",
  })
  async contactMethods(@Root() user: User, @Ctx() ctx: Context): Promise<ContactMethod[]> {
    if (ctx.actor.userId !== user.id && ctx.actor.role !== 'ADMIN') return [];
    return this.app.users.contactMethods(user.id);
  }
}

/** The services TeamsResolver uses. */
interface TeamsResolverDeps {
  readonly users: UsersService;
}

@Resolver(() => Team)
export class TeamsResolver {
  constructor(private readonly app: TeamsResolverDeps) {}

  @Query(() => [Team])
  teams(): Promise<Team[]> {
    return this.app.users.teams();
  }

  @Mutation(() => Team)
  createTeam(@Arg('name') name: string): Promise<Team> {
    return this.app.users.createTeam(name);
  }

  @Mutation(() => Team, {
    description:
      'Adds or updates a member (member: true) or removes one (member: false); isLead left out keeps the flag (new members: false).',
  })
  setTeamMember(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('member', { defaultValue: true }) member: boolean,
    @Arg('isLead', () => Boolean, { nullable: true }) isLead: boolean | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<Team> {
    return this.app.users.setTeamMember(
      parseId(teamId, 'teamId'),
      parseId(userId, 'userId'),
      member,
      isLead,
      ctx.actor,
    );
  }

  @FieldResolver(() => [TeamMemberView])
  members(@Root() team: Team): Promise<TeamMemberView[]> {
    return this.app.users.members(team.id);
  }
}
