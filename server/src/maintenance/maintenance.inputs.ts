import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateMaintenanceWindowInput {
  @Field(() => ID)
  serviceId: string;

  @Field(() => Date, { nullable: true, description: 'Omit for immediate maintenance (starts now).' })
  startsAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Exclusive end; omit for open-ended maintenance, ended with endMaintenanceWindow.',
  })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType()
export class UpdateMaintenanceWindowInput {
  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Null leaves the end as it is; use endMaintenanceWindow to end it now.',
  })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}
