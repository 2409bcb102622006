import { Arg, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import {
  PostmortemStatus,
  Severity,
  allowedPostmortemTransitions,
  postmortemOnTime,
  postmortemOverdue,
  timelineDurationMs,
  Clock,
} from '@vigil/shared';
import { Context } from '../graphql/context';
import { JsonPayload, Topic } from '../pubsub/pubsub';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { parseId } from '../graphql/ids';
import { ActionItem } from '../model/action-item.entity';
import { Postmortem } from '../model/postmortem.entity';
import { AssignPostmortemInput, PostmortemFilter, UpdatePostmortemInput } from './postmortem.inputs';
import { User } from '../model/user.entity';
import { hydratePostmortem, PostmortemService } from './postmortem.service';
import { MarkdownSources, renderPostmortemMarkdown } from './postmortem.markdown';
import { ActionItemService } from './action-item.service';
import { WallScope } from '../teams';

/** The services PostmortemResolver uses. */
interface PostmortemResolverDeps extends MarkdownSources {
  readonly actionItems: ActionItemService;
  readonly clock: Clock;
  readonly incidents: IncidentService;
  readonly postmortems: PostmortemService;
  readonly wallScope: WallScope;
}

/** Thin: parse ids, call the post-mortem service, return. */
@Resolver(() => Postmortem)
export class PostmortemResolver {
  constructor(private readonly app: PostmortemResolverDeps) {}

  @Query(() => Postmortem)
  postmortem(@Arg('id', () => ID) id: string): Promise<Postmortem> {
    return this.app.postmortems.get(parseId(id));
  }

  @Query(() => Postmortem, { nullable: true, description: "The incident's post-mortem, if it has one." })
  postmortemForIncident(@Arg('incidentId', () => ID) incidentId: string): Promise<Postmortem | null> {
    return this.app.postmortems.byIncident(parseId(incidentId, 'incidentId'));
  }

  @Query(() => [Postmortem], { description: 'Post-mortems, latest due first (at most 500).' })
  async postmortems(
    @Ctx() ctx: Context,
    @Arg('filter', () => PostmortemFilter, { nullable: true }) filter?: PostmortemFilter,
  ): Promise<Postmortem[]> {
    const all = await this.app.postmortems.list(filter);
    return ctx.teamScope === null ? all : this.app.wallScope.filterByIncident(all, (p) => p.incidentId, ctx.teamScope);
  }

  @Mutation(() => Postmortem, {
    description:
      'Opens a post-mortem for a resolved incident (P0/P1 get one automatically on resolution, unless monitoring resolved them before anyone acknowledged); due 48 h after the request.',
  })
  requestPostmortem(@Arg('incidentId', () => ID) incidentId: string, @Ctx() ctx: Context): Promise<Postmortem> {
    return this.app.postmortems.request(parseId(incidentId, 'incidentId'), ctx.actor);
  }

  @Mutation(() => Postmortem, { description: 'Edits the template sections of an unpublished post-mortem.' })
  updatePostmortem(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdatePostmortemInput) input: UpdatePostmortemInput,
    @Ctx() ctx: Context,
  ): Promise<Postmortem> {
    return this.app.postmortems.update(parseId(id), input, ctx.actor);
  }

  @Mutation(() => Postmortem, {
    description: 'DRAFT → IN_REVIEW → PUBLISHED, or IN_REVIEW → DRAFT. Publishing needs what and why it happened.',
  })
  transitionPostmortem(
    @Arg('id', () => ID) id: string,
    @Arg('to', () => PostmortemStatus) to: PostmortemStatus,
    @Ctx() ctx: Context,
  ): Promise<Postmortem> {
    return this.app.postmortems.transition(parseId(id), to, ctx.actor);
  }

  @Mutation(() => Postmortem, {
    description:
      'Sets the owner (notified; reminded when it is overdue) and reviewers of an unpublished post-mortem. Fields left out are unchanged.',
  })
  assignPostmortem(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => AssignPostmortemInput) input: AssignPostmortemInput,
    @Ctx() ctx: Context,
  ): Promise<Postmortem> {
    return this.app.postmortems.assign(
      parseId(id),
      {
        ownerId:
          input.ownerId === undefined ? undefined : input.ownerId === null ? null : parseId(input.ownerId, 'ownerId'),
        reviewerIds: input.reviewerIds?.map((r) => parseId(r, 'reviewerIds')) ?? null,
      },
      ctx.actor,
    );
  }

  @Subscription(() => Postmortem, {
    topics: Topic.POSTMORTEM_CHANGED,
    filter: ({ payload, args }: { payload: JsonPayload; args: { id?: string | null } }) =>
      !args.id || String(payload.id) === String(args.id),
    description: 'A post-mortem was opened, edited, moved, or has just become overdue. After commit.',
  })
  postmortemChanged(@Root() payload: JsonPayload, @Arg('id', () => ID, { nullable: true }) _id?: string): Postmortem {
    return hydratePostmortem(payload);
  }

  @FieldResolver(() => Incident)
  incident(@Root() pm: Postmortem): Promise<Incident> {
    return this.app.incidents.get(pm.incidentId);
  }

  @FieldResolver(() => Severity, { description: "The incident's current severity." })
  async severity(@Root() pm: Postmortem): Promise<Severity> {
    return (await this.app.incidents.get(pm.incidentId)).severity;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Summary duration: detection to the last resolution, in ms (the facts; else the edited timeline).',
  })
  durationMs(@Root() pm: Postmortem): number | null {
    return pm.facts ? pm.facts.durationMs : timelineDurationMs(pm.timeline);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who writes it.' })
  async owner(@Root() pm: Postmortem): Promise<User | null> {
    return pm.ownerId === null ? null : ((await this.app.postmortems.users([pm.ownerId]))[0] ?? null);
  }

  @FieldResolver(() => [User], { description: 'Who reviews it before it is published.' })
  reviewers(@Root() pm: Postmortem): Promise<User[]> {
    return this.app.postmortems.users(pm.reviewerIds ?? []);
  }

  @FieldResolver(() => Boolean, { description: 'Not published and past the due time, at query time.' })
  overdue(@Root() pm: Postmortem): boolean {
    return postmortemOverdue(pm, this.app.clock.now());
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Published by the due time; null until published.' })
  onTime(@Root() pm: Postmortem): boolean | null {
    return postmortemOnTime(pm);
  }

  @FieldResolver(() => [PostmortemStatus])
  allowedTransitions(@Root() pm: Postmortem): readonly PostmortemStatus[] {
    return allowedPostmortemTransitions(pm.status);
  }

  @FieldResolver(() => [ActionItem])
  actionItems(@Root() pm: Postmortem): Promise<ActionItem[]> {
    return this.app.actionItems.forPostmortem(pm.id);
  }

  @FieldResolver(() => String, {
    description: 'The post-mortem as Markdown in the template’s sections; also GET /api/postmortems/:id/markdown.',
  })
  markdown(@Root() pm: Postmortem): Promise<string> {
    return renderPostmortemMarkdown(this.app, pm);
  }
}
