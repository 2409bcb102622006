import { Arg, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import {
  ActionItemAging,
  ActionItemStatus,
  actionItemAgeMs,
  actionItemAging,
  actionItemOverdue,
  allowedActionItemTransitions,
  Clock,
} from '@vigil/shared';
import { Context } from '../graphql/context';
import { JsonPayload, Topic } from '../pubsub/pubsub';
import { parseId } from '../graphql/ids';
import { User } from '../model/user.entity';
import { ActionItem } from '../model/action-item.entity';
import { hydrateActionItem, ActionItemService } from './action-item.service';
import { Postmortem } from '../model/postmortem.entity';
import { AddActionItemInput, TransitionActionItemInput, UpdateActionItemInput } from './postmortem.inputs';
import { ActionItemCompletion } from './postmortem.types';
import { Database } from '../db/data-source';
import { PostmortemService } from './postmortem.service';

/** The services ActionItemResolver uses. */
interface ActionItemResolverDeps {
  readonly actionItems: ActionItemService;
  readonly clock: Clock;
  readonly db: Database;
  readonly postmortems: PostmortemService;
}

/** Thin: parse ids, call the action-item service, return. */
@Resolver(() => ActionItem)
export class ActionItemResolver {
  constructor(private readonly app: ActionItemResolverDeps) {}

  @Query(() => [ActionItem], {
    description: 'OPEN and IN_PROGRESS items across all post-mortems, of one owner if given; soonest due first.',
  })
  openActionItems(@Arg('ownerId', () => ID, { nullable: true }) ownerId?: string | null): Promise<ActionItem[]> {
    return this.app.actionItems.open(ownerId ? parseId(ownerId, 'ownerId') : null);
  }

  @Query(() => [ActionItem], { description: 'Items still open past their due date; most overdue first.' })
  overdueActionItems(): Promise<ActionItem[]> {
    return this.app.actionItems.overdue();
  }

  @Query(() => ActionItemCompletion, {
    description: 'Completion across all post-mortems, or of items created in [from, to).',
  })
  actionItemCompletion(
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
  ): Promise<ActionItemCompletion> {
    return this.app.actionItems.completion(from ?? null, to ?? null);
  }

  @Mutation(() => ActionItem)
  addActionItem(
    @Arg('postmortemId', () => ID) postmortemId: string,
    @Arg('input', () => AddActionItemInput) input: AddActionItemInput,
    @Ctx() ctx: Context,
  ): Promise<ActionItem> {
    return this.app.actionItems.add(parseId(postmortemId, 'postmortemId'), input, ctx.actor);
  }

  @Mutation(() => ActionItem)
  updateActionItem(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateActionItemInput) input: UpdateActionItemInput,
    @Ctx() ctx: Context,
  ): Promise<ActionItem> {
    return this.app.actionItems.update(parseId(id), input, ctx.actor);
  }

  @Mutation(() => ActionItem, {
    description: 'OPEN → IN_PROGRESS → DONE, or WONT_DO with a reason; DONE/WONT_DO may reopen to OPEN.',
  })
  transitionActionItem(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => TransitionActionItemInput) input: TransitionActionItemInput,
    @Ctx() ctx: Context,
  ): Promise<ActionItem> {
    return this.app.actionItems.transition(parseId(id), input.to, input.reason, ctx.actor);
  }

  @Subscription(() => ActionItem, {
    topics: Topic.ACTION_ITEM_CHANGED,
    filter: ({ payload, args }: { payload: JsonPayload; args: { ownerId?: string | null } }) =>
      !args.ownerId || String(payload.ownerId) === String(args.ownerId),
    description: 'An action item was added, edited or moved (of one owner if given). After commit.',
  })
  actionItemChanged(
    @Root() payload: JsonPayload,
    @Arg('ownerId', () => ID, { nullable: true }) _ownerId?: string,
  ): ActionItem {
    return hydrateActionItem(payload);
  }

  @FieldResolver(() => User, { nullable: true })
  owner(@Root() item: ActionItem): Promise<User | null> {
    return this.app.db.dataSource.getRepository(User).findOne({ where: { id: item.ownerId } });
  }

  @FieldResolver(() => Postmortem)
  postmortem(@Root() item: ActionItem): Promise<Postmortem> {
    return this.app.postmortems.get(item.postmortemId);
  }

  @FieldResolver(() => Boolean, { description: 'Open past its due date, at query time.' })
  overdue(@Root() item: ActionItem): boolean {
    return actionItemOverdue(item, this.app.clock.now());
  }

  @FieldResolver(() => Float, { description: 'Milliseconds from creation to closing, or to now while open.' })
  ageMs(@Root() item: ActionItem): number {
    return actionItemAgeMs(item, this.app.clock.now());
  }

  @FieldResolver(() => ActionItemAging)
  aging(@Root() item: ActionItem): ActionItemAging {
    return actionItemAging(actionItemAgeMs(item, this.app.clock.now()));
  }

  @FieldResolver(() => [ActionItemStatus])
  allowedTransitions(@Root() item: ActionItem): readonly ActionItemStatus[] {
    return allowedActionItemTransitions(item.status);
  }
}
