import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { DomainError, ErrorCode, validationError } from '@vigil/shared';
import { Context } from '../graphql/context';
import { parseId } from '../graphql/ids';
import { User } from '../model/user.entity';
import { ApiToken, AuditEntry } from '../model/auth.entity';
import { AuditService } from './audit.service';
import { AuthService } from './auth.service';

@ObjectType({ description: 'A new token. The secret is shown this once and never again.' })
export class CreatedToken {
  @Field(() => ApiToken)
  token: ApiToken;

  @Field()
  secret: string;
}

@InputType()
export class AuditFilterInput {
  @Field(() => ID, { nullable: true })
  actorId?: string | null;
  @Field(() => String, { nullable: true })
  action?: string | null;
  @Field(() => Date, { nullable: true })
  since?: Date | null;
}

function signedIn(ctx: Context): number {
  if (ctx.actor.userId === null) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
  return ctx.actor.userId;
}

/** The services AuthResolver uses. */
interface AuthResolverDeps {
  readonly audit: AuditService;
  readonly auth: AuthService;
  /** People by id (users/users.service.ts). */
  readonly users: { get(id: number): Promise<User> };
}

/** Sign-in, sign-out, tokens, the audit log. Permissions: shared/src/domain/permissions.ts. */
@Resolver()
export class AuthResolver {
  constructor(private readonly app: AuthResolverDeps) {}

  @Query(() => User, { nullable: true, description: 'The signed-in person, or null.' })
  me(@Ctx() ctx: Context): Promise<User> | null {
    return ctx.actor.userId === null ? null : this.app.users.get(ctx.actor.userId);
  }

  @Mutation(() => User, { description: 'Signs in and sets the session cookie (HTTP only).' })
  async login(@Arg('email') email: string, @Arg('password') password: string, @Ctx() ctx: Context): Promise<User> {
    if (!ctx.http) throw validationError('email', 'Sign in over HTTP; WebSocket connections take a token.');
    const { user, secret } = await this.app.auth.login(email, password, ctx.ip);
    ctx.http.setSessionCookie(secret);
    return user;
  }

  @Mutation(() => Boolean)
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    await this.app.auth.logout(ctx.credential);
    ctx.http?.setSessionCookie(null);
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      'Needs the current password; the new one must be 12–200 characters, hard to guess and not contain your email. Ends your other sessions.',
  })
  async changePassword(
    @Arg('currentPassword') current: string,
    @Arg('newPassword') next: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    await this.app.auth.changePassword(signedIn(ctx), current, next, ctx.credential);
    return true;
  }

  @Query(() => [ApiToken], { description: 'Your tokens that are not revoked.' })
  apiTokens(@Ctx() ctx: Context): Promise<ApiToken[]> {
    return this.app.auth.listTokens(signedIn(ctx));
  }

  @Mutation(() => CreatedToken, { description: 'A token that acts as you, for scripts.' })
  createPersonalToken(
    @Arg('name') name: string,
    @Ctx() ctx: Context,
    @Arg('expiresInDays', () => Int, { nullable: true }) expiresInDays?: number,
  ): Promise<CreatedToken> {
    return this.app.auth.createToken(signedIn(ctx), 'PERSONAL', name, expiresInDays);
  }

  @Mutation(() => CreatedToken, {
    description:
      "A read-only token for a wall screen: queries and subscriptions only. With teamId, the team's wall: it shows that team's incidents (a lead of that team may create it).",
  })
  createWallToken(
    @Arg('name') name: string,
    @Ctx() ctx: Context,
    @Arg('teamId', () => ID, { nullable: true }) teamId?: string | null,
  ): Promise<CreatedToken> {
    return this.app.auth.createToken(signedIn(ctx), 'WALL', name, null, teamId ? parseId(teamId, 'teamId') : null);
  }

  @Query(() => ApiToken, {
    nullable: true,
    description: "The token this request came with (null for a browser session): a team's wall reads its team here.",
  })
  currentToken(@Ctx() ctx: Context): Promise<ApiToken | null> {
    return this.app.auth.currentToken(ctx.credential);
  }

  @Mutation(() => ApiToken)
  revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ApiToken> {
    return this.app.auth.revokeToken(parseId(id), ctx.actor);
  }

  @Query(() => [AuditEntry], { description: 'Admins only. Newest first.' })
  auditLog(
    @Arg('filter', () => AuditFilterInput, { nullable: true }) filter?: AuditFilterInput,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
    @Arg('before', () => ID, { nullable: true }) before?: string,
  ): Promise<AuditEntry[]> {
    return this.app.audit.list(
      {
        actorId: filter?.actorId ? parseId(filter.actorId, 'actorId') : null,
        action: filter?.action,
        since: filter?.since,
      },
      first,
      before ? parseId(before, 'before') : null,
    );
  }
}
