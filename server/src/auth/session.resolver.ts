import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DomainError, ErrorCode } from '@vigil/shared';
import { Context } from '../graphql/context';
import { parseId } from '../graphql/ids';
import { Session } from '../model/auth.entity';
import { AuthService } from './auth.service';

function isCurrent(ctx: Context, id: number): boolean {
  return ctx.credential?.type === 'session' && ctx.credential.id === id;
}

/** The services SessionResolver uses. */
interface SessionResolverDeps {
  readonly auth: AuthService;
}

/** Your signed-in browsers, and ending one of them. Permissions: shared/src/domain/permissions.ts. */
@Resolver(() => Session)
export class SessionResolver {
  constructor(private readonly app: SessionResolverDeps) {}

  @Query(() => [Session], {
    description: 'Your sessions that still sign you in, newest first; `current` marks the one asking.',
  })
  mySessions(@Ctx() ctx: Context): Promise<Session[]> {
    if (ctx.actor.userId === null) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
    // A wall token never gets here: sessions are outside the wall's field set (wall-fields.ts).
    return this.app.auth.sessions.active(ctx.actor.userId);
  }

  @Mutation(() => Boolean, {
    description:
      "Ends one of your sessions (an admin: anyone's); its live connections close at once. Needs a signed-in session.",
  })
  async revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    const sessionId = parseId(id);
    // A token cannot get here: revokeSession is session-only in the permission matrix (credentials.ts).
    await this.app.auth.sessions.end(sessionId, ctx.actor);
    if (isCurrent(ctx, sessionId)) ctx.http?.setSessionCookie(null);
    return true;
  }

  @FieldResolver(() => Boolean, { description: 'Whether this is the session making the request.' })
  current(@Root() session: Session, @Ctx() ctx: Context): boolean {
    return isCurrent(ctx, session.id);
  }
}
