import { Field, ID, InputType, Int } from 'type-graphql';
import { OverrideKind, ShiftUnit } from '@vigil/shared';

@InputType()
export class ScheduleInput {
  @Field()
  name: string;

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
