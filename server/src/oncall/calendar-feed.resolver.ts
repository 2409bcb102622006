import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { DomainError, ErrorCode } from '@vigil/shared';
import { Context } from '../graphql/context';
import { parseId } from '../graphql/ids';
import { CalendarFeed } from '../model/calendar-feed.entity';
import { Schedule } from '../model/oncall.entity';
import { AuthService } from '../auth';
import { CalendarFeedService } from './calendar-feed.service';

@ObjectType({ description: 'A new calendar feed URL. It is shown this once; a new one replaces it.' })
export class CreatedCalendarFeed {
  @Field(() => CalendarFeed)
  feed: CalendarFeed;

  @Field({ description: 'The secret URL to subscribe to in a calendar app (…/api/calendar/<secret>.ics).' })
  url: string;
}

/** A person acting, not a wall: a wall token reads the wall and never sees or makes a feed secret. */
async function person(ctx: Context, auth: Pick<AuthService, 'currentToken'>): Promise<number> {
  if (ctx.actor.userId === null) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
  if ((await auth.currentToken(ctx.credential))?.kind === 'WALL') {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      'A wall token reads the wall only; calendar feeds are made by a signed-in person.',
    );
  }
  return ctx.actor.userId;
}

/** The services CalendarFeedResolver uses. */
interface CalendarFeedResolverDeps {
  readonly auth: AuthService;
  readonly calendarFeeds: CalendarFeedService;
}

/** Thin: secret calendar feeds of your own shifts and of schedules (issue 13). */
@Resolver(() => Schedule)
export class CalendarFeedResolver {
  constructor(private readonly app: CalendarFeedResolverDeps) {}

  @Query(() => CalendarFeed, { nullable: true, description: 'Your personal calendar feed (without its URL), or null.' })
  async myCalendarFeed(@Ctx() ctx: Context): Promise<CalendarFeed | null> {
    if (ctx.actor.userId === null || (await this.app.auth.currentToken(ctx.credential))?.kind === 'WALL') return null;
    return this.app.calendarFeeds.feedOf({ userId: ctx.actor.userId });
  }

  @Mutation(() => CreatedCalendarFeed, {
    description: 'A secret URL with your on-call shifts in every schedule; replaces your earlier one.',
  })
  async createMyCalendarFeed(@Ctx() ctx: Context): Promise<CreatedCalendarFeed> {
    return this.app.calendarFeeds.create({ userId: await person(ctx, this.app.auth) });
  }

  @Mutation(() => Boolean, { description: 'Revokes your calendar feed URL; false when you had none.' })
  async revokeMyCalendarFeed(@Ctx() ctx: Context): Promise<boolean> {
    return this.app.calendarFeeds.revoke({ userId: await person(ctx, this.app.auth) });
  }

  @Mutation(() => CreatedCalendarFeed, {
    description: "A secret URL with everyone's shifts in a schedule; replaces the schedule's earlier one.",
  })
  async createScheduleCalendarFeed(
    @Arg('scheduleId', () => ID) scheduleId: string,
    @Ctx() ctx: Context,
  ): Promise<CreatedCalendarFeed> {
    await person(ctx, this.app.auth);
    return this.app.calendarFeeds.create({ scheduleId: parseId(scheduleId, 'scheduleId') });
  }

  @Mutation(() => Boolean, { description: "Revokes a schedule's calendar feed URL; false when it had none." })
  async revokeScheduleCalendarFeed(
    @Arg('scheduleId', () => ID) scheduleId: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    await person(ctx, this.app.auth);
    return this.app.calendarFeeds.revoke({ scheduleId: parseId(scheduleId, 'scheduleId') });
  }

  @FieldResolver(() => CalendarFeed, {
    nullable: true,
    description: "The schedule's calendar feed (without its URL), or null.",
  })
  calendarFeed(@Root() schedule: Schedule): Promise<CalendarFeed | null> {
    return this.app.calendarFeeds.feedOf({ scheduleId: schedule.id });
  }
}
