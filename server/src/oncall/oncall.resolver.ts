import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OnCallSegment } from '@vigil/shared';
import { Context } from '../graphql/context';
import { parseId } from '../incidents/incident.service';
import { User } from '../model/user.entity';
import { Rotation, Schedule, ScheduleOverride } from '../model/oncall.entity';
import { RotationInput, RotationPatch, ScheduleInput, SchedulePatch, ScheduleOverrideInput } from './oncall.inputs';
import { OnCallShift } from './oncall.types';

async function toShift(ctx: Context, segment: OnCallSegment): Promise<OnCallShift> {
  return { start: segment.start, end: segment.end, users: await ctx.app.oncall.users(segment.userIds) };
}

/** Thin: parse ids, call the on-call service, return. */
@Resolver(() => Schedule)
export class ScheduleResolver {
  @Query(() => [Schedule], { description: 'Every on-call schedule, by name.' })
  async schedules(@Ctx() ctx: Context): Promise<Schedule[]> {
    const all = await ctx.app.oncall.list();
    const scope = ctx.teamScope;
    // A team's wall shows who is on call for its team.
    return scope === null ? all : all.filter((s) => s.teamId !== null && scope.includes(s.teamId));
  }

  @Query(() => Schedule)
  schedule(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Schedule> {
    return ctx.app.oncall.get(parseId(id));
  }

  @Mutation(() => Schedule)
  createSchedule(@Arg('input', () => ScheduleInput) input: ScheduleInput, @Ctx() ctx: Context): Promise<Schedule> {
    return ctx.app.oncall.create(input);
  }

  @Mutation(() => Schedule, { description: 'Changes the fields the input names, nothing else.' })
  updateSchedule(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => SchedulePatch) input: SchedulePatch,
    @Ctx() ctx: Context,
  ): Promise<Schedule> {
    return ctx.app.oncall.update(parseId(id), input);
  }

  @Mutation(() => Boolean, { description: 'Deletes the schedule with its rotations and overrides.' })
  deleteSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.app.oncall.remove(parseId(id));
  }

  @Mutation(() => Rotation)
  addRotation(
    @Arg('scheduleId', () => ID) scheduleId: string,
    @Arg('input', () => RotationInput) input: RotationInput,
    @Ctx() ctx: Context,
  ): Promise<Rotation> {
    return ctx.app.oncall.addRotation(parseId(scheduleId, 'scheduleId'), input);
  }

  @Mutation(() => Rotation, { description: 'Changes the settings the input names and keeps the rest.' })
  updateRotation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => RotationPatch) input: RotationPatch,
    @Ctx() ctx: Context,
  ): Promise<Rotation> {
    return ctx.app.oncall.updateRotation(parseId(id), input);
  }

  @Mutation(() => Boolean)
  removeRotation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.app.oncall.removeRotation(parseId(id));
  }

  @Mutation(() => ScheduleOverride, {
    description: 'Adds, removes or replaces a person on call for [startsAt, endsAt).',
  })
  addScheduleOverride(
    @Arg('scheduleId', () => ID) scheduleId: string,
    @Arg('input', () => ScheduleOverrideInput) input: ScheduleOverrideInput,
    @Ctx() ctx: Context,
  ): Promise<ScheduleOverride> {
    return ctx.app.oncall.addOverride(parseId(scheduleId, 'scheduleId'), input);
  }

  @Mutation(() => Boolean)
  removeScheduleOverride(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.app.oncall.removeOverride(parseId(id));
  }

  @FieldResolver(() => [Rotation])
  rotations(@Root() schedule: Schedule, @Ctx() ctx: Context): Promise<Rotation[]> {
    return ctx.app.oncall.rotations(schedule.id);
  }

  @FieldResolver(() => [ScheduleOverride], { description: 'Overrides that have not ended yet, by start.' })
  overrides(@Root() schedule: Schedule, @Ctx() ctx: Context): Promise<ScheduleOverride[]> {
    return ctx.app.oncall.overrides(schedule.id, ctx.app.clock.now());
  }

  @FieldResolver(() => OnCallShift, { description: 'Who is on call now (or at `at`), since when and until when.' })
  async currentShift(
    @Root() schedule: Schedule,
    @Ctx() ctx: Context,
    @Arg('at', () => Date, { nullable: true }) at?: Date | null,
  ): Promise<OnCallShift> {
    return toShift(ctx, await ctx.app.oncall.currentShift(schedule.id, at ?? ctx.app.clock.now()));
  }

  @FieldResolver(() => OnCallShift, {
    nullable: true,
    description: 'The shift after the next hand-off; null if nothing changes within 90 days.',
  })
  async nextShift(
    @Root() schedule: Schedule,
    @Ctx() ctx: Context,
    @Arg('at', () => Date, { nullable: true }) at?: Date | null,
  ): Promise<OnCallShift | null> {
    const next = await ctx.app.oncall.nextShift(schedule.id, at ?? ctx.app.clock.now());
    return next ? toShift(ctx, next) : null;
  }
}

@Resolver(() => Rotation)
export class RotationResolver {
  @FieldResolver(() => [User], { description: 'Participants in turn order.' })
  participants(@Root() rotation: Rotation, @Ctx() ctx: Context): Promise<User[]> {
    return ctx.app.oncall.users(rotation.participantIds);
  }
}
