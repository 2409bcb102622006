import { Field, Float, Int, ObjectType } from 'type-graphql';
import {
  FactAcknowledgement,
  FactOverride,
  FactPage,
  FactReopening,
  FactRunbookRun,
  FactStatusUpdate,
  FactSuspectDeployment,
  PostmortemFacts,
} from '@vigil/shared';

/** The GraphQL shapes of a post-mortem's facts (shared/src/domain/postmortem-facts.ts), kept as JSON on the row. */
@ObjectType('PostmortemFactPage')
class FactPageView implements FactPage {
  @Field()
  at: string;

  @Field(() => Int)
  level: number;

  @Field(() => String, { nullable: true })
  levelName: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => [String])
  paged: string[];
}

@ObjectType('PostmortemFactAcknowledgement')
class FactAcknowledgementView implements FactAcknowledgement {
  @Field()
  at: string;

  @Field()
  by: string;

  @Field()
  how: string;
}

@ObjectType('PostmortemFactReopening')
class FactReopeningView implements FactReopening {
  @Field()
  at: string;

  @Field()
  by: string;

  @Field(() => String, { nullable: true })
  reason: string | null;
}

@ObjectType('PostmortemFactRunbookRun')
class FactRunbookRunView implements FactRunbookRun {
  @Field(() => String, { nullable: true })
  runId: string | null;

  @Field()
  action: string;

  @Field(() => String, { nullable: true })
  service: string | null;

  @Field()
  startedAt: string;

  @Field()
  by: string;

  @Field(() => String, { nullable: true })
  finishedAt: string | null;

  @Field(() => String, { description: 'RUNNING, SUCCEEDED or FAILED.' })
  outcome: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
}

@ObjectType('PostmortemFactStatusUpdate')
class FactStatusUpdateView implements FactStatusUpdate {
  @Field()
  at: string;

  @Field()
  by: string;

  @Field(() => String, { nullable: true })
  publicStatus: string | null;

  @Field()
  text: string;
}

@ObjectType('PostmortemFactSuspectDeployment')
class FactSuspectDeploymentView implements FactSuspectDeployment {
  @Field()
  version: string;

  @Field(() => String, { nullable: true })
  service: string | null;

  @Field(() => String, { nullable: true })
  deployedAt: string | null;

  @Field()
  rollbackRecommended: boolean;
}

@ObjectType('PostmortemFactOverride')
class FactOverrideView implements FactOverride {
  @Field()
  at: string;

  @Field()
  by: string;

  @Field(() => String, { description: 'RESOLVED_UNVERIFIED or ROLLBACK_DISMISSED.' })
  kind: 'RESOLVED_UNVERIFIED' | 'ROLLBACK_DISMISSED';

  @Field()
  reason: string;
}

@ObjectType('PostmortemFacts', {
  description: "Drawn from the incident's timeline on every change until the post-mortem is published. ISO instants.",
})
export class PostmortemFactsView implements PostmortemFacts {
  @Field()
  generatedAt: string;

  @Field(() => String, { nullable: true })
  detectedAt: string | null;

  @Field(() => String, { nullable: true })
  acknowledgedAt: string | null;

  @Field(() => String, { nullable: true })
  acknowledgedBy: string | null;

  @Field(() => String, { nullable: true })
  mitigatedAt: string | null;

  @Field(() => String, { nullable: true })
  firstResolvedAt: string | null;

  @Field(() => String, { nullable: true, description: 'The last resolution; null while open again.' })
  resolvedAt: string | null;

  @Field(() => Float, { nullable: true, description: 'Detection to the last resolution (to now while ongoing), ms.' })
  durationMs: number | null;

  @Field()
  ongoing: boolean;

  @Field(() => Float, { nullable: true })
  timeToAcknowledgeMs: number | null;

  @Field(() => [FactReopeningView])
  reopenings: FactReopening[];

  @Field(() => [FactPageView])
  pages: FactPage[];

  @Field(() => [FactAcknowledgementView])
  acknowledgements: FactAcknowledgement[];

  @Field(() => [FactRunbookRunView])
  runbookRuns: FactRunbookRun[];

  @Field(() => [FactStatusUpdateView])
  statusUpdates: FactStatusUpdate[];

  @Field(() => [FactSuspectDeploymentView])
  suspectDeployments: FactSuspectDeployment[];

  @Field(() => [FactOverrideView])
  overrides: FactOverride[];
}
