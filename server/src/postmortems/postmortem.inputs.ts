import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { ActionItemCategory, ActionItemStatus, PostmortemStatus, PostmortemTimelineKind } from '@vigil/shared';

// Shapes only: every rule is checked in the services, for HTTP and WebSocket callers alike.

@InputType()
export class PostmortemTimelineEntryInput {
  @Field()
  at: Date;

  @Field(() => PostmortemTimelineKind)
  kind: PostmortemTimelineKind;

  @Field()
  text: string;
}

@InputType({ description: 'Fields left out are unchanged; null clears a text field.' })
export class UpdatePostmortemInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  impactSummary?: string | null;

  @Field(() => [PostmortemTimelineEntryInput], { nullable: true, description: 'Replaces the whole timeline.' })
  timeline?: PostmortemTimelineEntryInput[] | null;

  @Field(() => String, { nullable: true })
  whatHappened?: string | null;

  @Field(() => String, { nullable: true })
  whyItHappened?: string | null;

  @Field(() => String, { nullable: true })
  contributingFactors?: string | null;

  @Field(() => Int, { nullable: true })
  usersAffected?: number | null;

  @Field(() => Float, { nullable: true, description: '0–100.' })
  usersAffectedPercent?: number | null;

  @Field(() => String, { nullable: true })
  revenueImpact?: string | null;

  @Field(() => String, { nullable: true })
  reputationImpact?: string | null;
}

@InputType({ description: 'Fields left out are unchanged; ownerId null removes the owner.' })
export class AssignPostmortemInput {
  @Field(() => ID, { nullable: true, description: 'A user id: who writes it (notified, reminded when overdue).' })
  ownerId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'User ids: who reviews it (at most 10, not the owner).' })
  reviewerIds?: string[] | null;
}

@InputType()
export class PostmortemFilter {
  @Field(() => [PostmortemStatus], { nullable: true })
  status?: PostmortemStatus[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only overdue ones (unpublished past the due time).' })
  overdue?: boolean | null;
}

@InputType()
export class AddActionItemInput {
  @Field(() => ActionItemCategory)
  category: ActionItemCategory;

  @Field()
  title: string;

  @Field(() => ID, { description: 'A user id.' })
  ownerId: string;

  @Field(() => Date, {
    nullable: true,
    description: 'Defaults per category (3 / 14 / 90 days unless configured); not in the past.',
  })
  dueAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'http(s) link to an external ticket.' })
  ticketUrl?: string | null;
}

@InputType({ description: 'Fields left out are unchanged.' })
export class UpdateActionItemInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => ActionItemCategory, { nullable: true })
  category?: ActionItemCategory | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => Date, { nullable: true })
  dueAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Empty string removes the link.' })
  ticketUrl?: string | null;
}

@InputType()
export class TransitionActionItemInput {
  @Field(() => ActionItemStatus)
  to: ActionItemStatus;

  @Field(() => String, { nullable: true, description: 'Required for WONT_DO.' })
  reason?: string | null;
}
