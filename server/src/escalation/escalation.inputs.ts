import { Field, ID, InputType, Int } from 'type-graphql';
import { EscalationTargetKind, Severity } from '@vigil/shared';

@InputType()
export class EscalationTargetInput {
  @Field(() => EscalationTargetKind)
  kind: EscalationTargetKind;

  @Field(() => ID, { description: 'A schedule id (SCHEDULE), user id (USER) or team id (TEAM_LEADS).' })
  id: string;
}

@InputType()
export class EscalationLevelInput {
  @Field()
  name: string;

  @Field(() => [EscalationTargetInput])
  targets: EscalationTargetInput[];

  @Field(() => Int, {
    nullable: true,
    description: 'Minutes to acknowledge before the next level; default: the severity response SLA.',
  })
  ackTimeoutMinutes?: number | null;

  @Field(() => [Severity], {
    nullable: true,
    description: 'Severities for which this level fires together with the previous one.',
  })
  immediateFor?: Severity[] | null;

  @Field(() => [Severity], {
    nullable: true,
    description:
      'Severities that climb to this level by themselves; default all. Others reach it only by manual escalation.',
  })
  autoFor?: Severity[] | null;
}

@InputType()
export class EscalationPolicyInput {
  @Field()
  name: string;

  @Field({ nullable: true, description: 'Make this the policy new incidents use: an admin only.' })
  isDefault?: boolean;

  @Field(() => Int, { nullable: true, description: 'Restarts of the whole path after the last level; default 0.' })
  repeat?: number | null;

  @Field(() => [EscalationLevelInput])
  levels: EscalationLevelInput[];
}

@InputType({ description: 'Changes only the fields it names; a field left out (or null) keeps its value.' })
export class EscalationPolicyPatch {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Make this the default policy (true) or stop it being one (false): an admin only.',
  })
  isDefault?: boolean | null;

  @Field(() => Int, { nullable: true })
  repeat?: number | null;

  @Field(() => [EscalationLevelInput], { nullable: true, description: 'The whole new list of levels.' })
  levels?: EscalationLevelInput[] | null;
}

@InputType({ description: "The procedure's path: on-call engineer → team lead → engineering manager → CTO." })
export class ProcedurePolicyInput {
  @Field()
  name: string;

  @Field({ nullable: true })
  isDefault?: boolean;

  @Field(() => Int, { nullable: true })
  repeat?: number | null;

  @Field(() => [ID])
  onCallScheduleIds: string[];

  @Field(() => [ID], { description: 'Teams whose leads form level 2.' })
  teamIds: string[];

  @Field(() => [ID])
  engineeringManagerUserIds: string[];

  @Field(() => [ID])
  ctoUserIds: string[];
}

@InputType()
export class EscalateIncidentInput {
  @Field({ description: 'Why: e.g. "unable to resolve".' })
  reason: string;
}

@InputType()
export class ReassignIncidentInput {
  @Field(() => ID)
  userId: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
