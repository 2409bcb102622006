import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OnCallSegment, Clock } from '@vigil/shared';
import { Context } from '../graphql/context';
import { parseId } from '../graphql/ids';
import { User } from '../model/user.entity';
import { Rotation, Schedule, ScheduleOverride } from '../model/oncall.entity';
import { RotationInput, RotationPatch, ScheduleInput, SchedulePatch, ScheduleOverrideInput } from './oncall.inputs';
import { OnCallShift } from './oncall.types';
import { OnCallService } from './oncall.service';

async function toShift(oncall: OnCallService, segment: OnCallSegment): Promise<OnCallShift> {
  return { start: segment.start, end: segment.end, users: await oncall.users(segment.userIds) };
}

/** The services ScheduleResolver uses. */
interface ScheduleResolverDeps {
  readonly clock: Clock;
  readonly oncall: OnCallService;
}

/** Thin: parse ids, call the on-call service, return. */
@Resolver(() => Schedule)
export class ScheduleResolver {
  constructor(private readonly app: ScheduleResolverDeps) {}

  @Query(() => [Schedule], { description: 'Every on-call schedule, by name.' })
  async schedules(@Ctx() ctx: Context): Promise<Schedule[]> {
    const all = await this.app.oncall.list();
    const scope = ctx.teamScope;
    // A team's wall shows who is on call for its team.
    return scope === null ? all : all.filter((s) => s.teamId !== null && scope.includes(s.teamId));
  }

  @Query(() => Schedule)
  schedule(@Arg('id', () => ID) id: string): Promise<Schedule> {
    return this.app.oncall.get(parseId(id));
  }

  @Mutation(() => Schedule)
  createSchedule(@Arg('input', () => ScheduleInput) input: ScheduleInput): Promise<Schedule> {
    return this.app.oncall.create(input);
  }

  @Mutation(() => Schedule, { description: 'Changes the fields the input names, nothing else.' })
  updateSchedule(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => SchedulePatch) input: SchedulePatch,
  ): Promise<Schedule> {
    return this.app.oncall.update(parseId(id), input);
  }

  @Mutation(() => Boolean, { description: 'Deletes the schedule with its rotations and overrides.' })
  deleteSchedule(@Arg('id', () => ID) id: string): Promise<boolean> {
    return this.app.oncall.remove(parseId(id));
  }

  @Mutation(() => Rotation)
  addRotation(
    @Arg('scheduleId', () => ID) scheduleId: string,
    @Arg('input', () => RotationInput) input: RotationInput,
  ): Promise<Rotation> {
    return this.app.oncall.addRotation(parseId(scheduleId, 'scheduleId'), input);
  }

  @Mutation(() => Rotation, { description: 'Changes the settings the input names and keeps the rest.' })
  updateRotation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => RotationPatch) input: RotationPatch,
  ): Promise<Rotation> {
    return this.app.oncall.updateRotation(parseId(id), input);
  }

  @Mutation(() => Boolean)
  removeRotation(@Arg('id', () => ID) id: string): Promise<boolean> {
    return this.app.oncall.removeRotation(parseId(id));
  }

  @Mutation(() => ScheduleOverride, {
    description: 'Adds, removes or replaces a person on call for [startsAt, endsAt).',
  })
  addScheduleOverride(
    @Arg('scheduleId', () => ID) scheduleId: string,
    @Arg('input', () => ScheduleOverrideInput) input: ScheduleOverrideInput,
  ): Promise<ScheduleOverride> {
    return this.app.oncall.addOverride(parseId(scheduleId, 'scheduleId'), input);
  }

  @Mutation(() => Boolean)
  removeScheduleOverride(@Arg('id', () => ID) id: string): Promise<boolean> {
    return this.app.oncall.removeOverride(parseId(id));
  }

  @FieldResolver(() => [Rotation])
  rotations(@Root() schedule: Schedule): Promise<Rotation[]> {
    return this.app.oncall.rotations(schedule.id);
  }

  @FieldResolver(() => [ScheduleOverride], { description: 'Overrides that have not ended yet, by start.' })
  overrides(@Root() schedule: Schedule): Promise<ScheduleOverride[]> {
    return this.app.oncall.overrides(schedule.id, this.app.clock.now());
  }

  @FieldResolver(() => OnCallShift, { description: 'Who is on call now (or at `at`), since when and until when.' })
  async currentShift(
    @Root() schedule: Schedule,
    @Arg('at', () => Date, { nullable: true }) at?: Date | null,
  ): Promise<OnCallShift> {
    return toShift(this.app.oncall, await this.app.oncall.currentShift(schedule.id, at ?? this.app.clock.now()));
  }

  @FieldResolver(() => OnCallShift, {
    nullable: true,
    description: 'The shift after the next hand-off; null if nothing changes within 90 days.',
  })
  async nextShift(
    @Root() schedule: Schedule,
    @Arg('at', () => Date, { nullable: true }) at?: Date | null,
  ): Promise<OnCallShift | null> {
    const next = await this.app.oncall.nextShift(schedule.id, at ?? this.app.clock.now());
    return next ? toShift(this.app.oncall, next) : null;
  }
}

/** The services RotationResolver uses. */
interface RotationResolverDeps {
  readonly oncall: OnCallService;
}

@Resolver(() => Rotation)
export class RotationResolver {
  constructor(private readonly app: RotationResolverDeps) {}

  @FieldResolver(() => [User], { description: 'Participants in turn order.' })
  participants(@Root() rotation: Rotation): Promise<User[]> {
    return this.app.oncall.users(rotation.participantIds);
  }
}
