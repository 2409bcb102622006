import { Field, ID, Int, ObjectType } from 'type-graphql';
import { EscalationReason, EscalationTargetKind, Severity } from '@vigil/shared';
import { User } from '../model/user.entity';

@ObjectType()
export class EscalationTargetView {
  @Field(() => EscalationTargetKind)
  kind: EscalationTargetKind;

  @Field(() => ID)
  id: number;
}

@ObjectType()
export class EscalationLevelView {
  @Field(() => Int, { description: '1-based.' })
  level: number;

  @Field()
  name: string;

  @Field(() => [EscalationTargetView])
  targets: EscalationTargetView[];

  @Field(() => Int, { nullable: true, description: 'null: the severity response SLA.' })
  ackTimeoutMinutes: number | null;

  @Field(() => [Severity])
  immediateFor: Severity[];

  @Field(() => [Severity])
  autoFor: Severity[];
}

@ObjectType()
export class PagedPerson {
  @Field(() => ID)
  userId: number;

  @Field()
  name: string;
}

@ObjectType({ description: 'One rung of the ladder that fired.' })
export class EscalationPage {
  @Field(() => Int)
  level: number;

  @Field(() => String, { nullable: true })
  levelName: string | null;

  @Field(() => Int, { description: 'Repeat round, 0 for the first pass.' })
  round: number;

  @Field()
  at: Date;

  @Field(() => EscalationReason)
  reason: EscalationReason;

  @Field(() => [PagedPerson], { description: 'Who was paged; empty when nobody was available at this level.' })
  paged: PagedPerson[];

  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType({ description: "An incident's live escalation ladder." })
export class IncidentEscalationView {
  @Field()
  policyName: string;

  @Field({
    description:
      'True while the ladder still climbs by itself (stops when a page is answered: acknowledge, accept, progress or resolve).',
  })
  active: boolean;

  @Field({
    description:
      'A page was sent and nobody has answered it yet: acknowledgeIncident or acceptPage ("I\'ve got it") answers it.',
  })
  awaitingAnswer: boolean;

  @Field(() => Int, { description: 'The last level that fired; 0 when none has.' })
  currentLevel: number;

  @Field(() => Int)
  round: number;

  @Field(() => [EscalationPage], { description: 'Every level that fired, oldest first.' })
  pages: EscalationPage[];

  @Field(() => Int, { nullable: true })
  nextLevel: number | null;

  @Field(() => String, { nullable: true })
  nextLevelName: string | null;

  @Field(() => Date, { nullable: true, description: 'When the next level fires unless someone acknowledges first.' })
  nextAt: Date | null;

  @Field(() => [EscalationLevelView], { description: 'The policy as it was when paging started.' })
  levels: EscalationLevelView[];

  @Field(() => User, { nullable: true, description: 'Who the incident was last reassigned to.' })
  assignee: User | null;
}
