import { Field, Float, ObjectType } from 'type-graphql';
import { NotifyAudience, Severity, SlaState } from '@vigil/shared';
import { Incident } from '../model/incident.entity';

@ObjectType()
export class SlaClockView {
  @Field()
  deadline: Date;

  @Field(() => SlaState)
  state: SlaState;

  @Field(() => Float, { description: 'Milliseconds left (negative once breached); for a met clock, the margin.' })
  remainingMs: number;
}

@ObjectType()
export class IncidentSla {
  @Field(() => SlaClockView)
  acknowledge: SlaClockView;

  @Field(() => SlaClockView)
  resolve: SlaClockView;
}

@ObjectType()
export class StatusUpdateCadence {
  @Field(() => Date, { nullable: true })
  nextUpdateDueAt: Date | null;

  @Field()
  overdue: boolean;
}

@ObjectType()
export class SeverityPolicyView {
  @Field(() => Severity)
  severity: Severity;
  @Field()
  name: string;
  @Field()
  impact: string;
  @Field()
  response: string;
  @Field()
  resolution: string;
  @Field(() => Float)
  responseWithinMs: number;
  @Field(() => Float)
  resolutionWithinMs: number;
  @Field(() => [NotifyAudience])
  notify: NotifyAudience[];
  @Field(() => Float, { nullable: true })
  statusUpdateEveryMs: number | null;
  @Field()
  around247: boolean;
}

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor: string | null;

  @Field()
  hasNextPage: boolean;
}

@ObjectType()
export class IncidentConnection {
  @Field(() => [Incident])
  nodes: Incident[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
