import { Field, ID, InputType, Int } from 'type-graphql';
import { OverrideKind, ShiftUnit } from '@vigil/shared';

@InputType()
export class ScheduleInput {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType({
  description: 'Changes only the fields it names; name left out (or null) keeps it, description null clears it.',
})
export class SchedulePatch {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class RotationInput {
  @Field()
  name: string;

  @Field(() => ShiftUnit)
  shiftUnit: ShiftUnit;

  @Field(() => Int, { description: 'Shift length in units, e.g. 12 with HOURLY. Default 1.', nullable: true })
  shiftCount?: number | null;

  @Field({ description: 'Local hand-off time, HH:mm.' })
  handoffTime: string;

  @Field({ description: 'IANA time zone, e.g. Europe/Berlin.' })
  timeZone: string;

  @Field({ description: 'Local date (YYYY-MM-DD) of the first hand-off.' })
  startDate: string;

  @Field(() => [ID], { description: 'Users in turn order.' })
  participantIds: string[];
}

@InputType({
  description:
    'Changes only the fields it names; a field left out (or null) keeps its value. The result is checked as a whole.',
})
export class RotationPatch {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => ShiftUnit, { nullable: true })
  shiftUnit?: ShiftUnit | null;

  @Field(() => Int, { nullable: true })
  shiftCount?: number | null;

  @Field(() => String, { nullable: true, description: 'Local hand-off time, HH:mm.' })
  handoffTime?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. Europe/Berlin.' })
  timeZone?: string | null;

  @Field(() => String, { nullable: true, description: 'Local date (YYYY-MM-DD) of the first hand-off.' })
  startDate?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Users in turn order (the whole new list).' })
  participantIds?: string[] | null;
}

@InputType()
export class ScheduleOverrideInput {
  @Field(() => OverrideKind)
  kind: OverrideKind;

  @Field(() => ID, { description: 'Who comes on call (ADD, REPLACE) or goes off (REMOVE).' })
  userId: string;

  @Field(() => ID, { nullable: true, description: 'REPLACE only: who is replaced.' })
  replacedUserId?: string | null;

  @Field()
  startsAt: Date;

  @Field()
  endsAt: Date;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}
