import { Field, Float, InputType, Int, ObjectType, ID } from 'type-graphql';
import { RollbackRule } from '@vigil/shared';
import { Deployment } from '../model/deployment.entity';

@InputType()
export class RecordDeploymentInput {
  @Field(() => ID)
  serviceId: string;

  @Field()
  version: string;

  @Field(() => String, { nullable: true, description: 'Defaults to the version of the previous recorded deployment.' })
  previousVersion?: string | null;

  @Field(() => String, { nullable: true, description: 'Defaults to the caller.' })
  deployedBy?: string | null;

  @Field(() => Date, { nullable: true, description: 'Defaults to now.' })
  deployedAt?: Date | null;

  @Field(() => String, { nullable: true })
  link?: string | null;

  @Field(() => String, { nullable: true })
  environment?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;
}

@InputType()
export class RollbackFlagsInput {
  @Field(() => Boolean, { nullable: true, description: 'Left out: as it was.' })
  serviceDown?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Left out: as it was.' })
  dataCorruptionRisk?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Left out: as it was.' })
  securityBreach?: boolean | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Observed error rate in percent (0–100); above 10 triggers a rollback. Supersedes the error_rate of alerts that fired before it. Left out: as it was; null: not measured.',
  })
  errorRate?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Dismiss the standing rollback recommendation, saying why (1–2000 characters; on the timeline). It comes back for a new suspect deployment or a rule it did not cover.',
  })
  dismissReason?: string | null;
}

@ObjectType({ description: 'A deployment shortly before an incident was detected.' })
export class RecentDeployment {
  @Field(() => Deployment)
  deployment: Deployment;

  @Field({
    description: 'Landed shortly before detection (VIGIL_DEPLOY_SUSPECT_MINUTES, default 30): a prime suspect.',
  })
  suspect: boolean;

  @Field(() => Int, { description: 'How long before detection it landed, in seconds.' })
  beforeDetectionSeconds: number;
}

@ObjectType()
export class RollbackReason {
  @Field(() => RollbackRule)
  rule: RollbackRule;

  @Field()
  message: string;
}

@ObjectType('RollbackDismissal', { description: 'Why a responder set a rollback recommendation aside.' })
export class RollbackDismissalView {
  @Field()
  reason: string;

  @Field({ description: 'Who dismissed it.' })
  by: string;

  @Field()
  at: Date;

  @Field(() => [RollbackRule], { description: 'The rules it covered.' })
  rules: RollbackRule[];
}

@ObjectType('ErrorRateReading')
export class ErrorRateReadingView {
  @Field(() => Float, { description: 'Percent.' })
  percent: number;

  @Field({ description: "RESPONDER (setRollbackFlags) or ALERT (an alert's error_rate label)." })
  source: string;

  @Field(() => Date, { nullable: true, description: 'When it was measured or the alert fired.' })
  at: Date | null;
}

@ObjectType({ description: 'What responders flagged about this incident, for the rollback rules.' })
export class RollbackFlagsView {
  @Field()
  serviceDown: boolean;

  @Field()
  dataCorruptionRisk: boolean;

  @Field()
  securityBreach: boolean;

  @Field(() => Float, { nullable: true, description: 'Percent.' })
  errorRate: number | null;
}

@ObjectType({ description: "The procedure's rollback rules applied to this incident." })
export class RollbackAssessment {
  @Field({ description: 'A rule matches and a suspect deployment exists to roll back.' })
  recommended: boolean;

  @Field(() => [RollbackReason], {
    description: 'Every rule that matches, whether or not a suspect deployment exists.',
  })
  reasons: RollbackReason[];

  @Field(() => Deployment, { nullable: true })
  suspectDeployment: Deployment | null;

  @Field(() => RollbackDismissalView, {
    nullable: true,
    description: 'A dismissal that still holds (then recommended is false).',
  })
  dismissal: RollbackDismissalView | null;

  @Field(() => ErrorRateReadingView, {
    nullable: true,
    description:
      "The error rate the rules go by: the newest of the responder's measurement and the alerts' error_rate labels.",
  })
  errorRate: ErrorRateReadingView | null;
}
