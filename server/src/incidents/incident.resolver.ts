import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import {
  HISTORY_PAGES,
  IncidentStatus,
  PublicStatus,
  allowedTransitions,
  historyPage,
  shownPublicStatus,
  severityPolicies,
  severityPolicy,
  slaStatus,
  statusUpdateCadence,
  Clock,
  SeverityOptions,
} from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { narrowTeams } from '../access/credential';
import { Context } from '../graphql/context';
import { JsonPayload, Topic } from '../pubsub/pubsub';
import { Incident } from '../model/incident.entity';
import {
  ChangeSeverityInput,
  DeclareIncidentInput,
  IncidentFilter,
  PageInput,
  ReopenIncidentInput,
  ResolveIncidentInput,
  StatusUpdateInput,
  TimelineNoteInput,
  TransitionIncidentInput,
} from './incident.inputs';
import { parseId } from '../graphql/ids';
import { hydrateIncident, hydrateTimelineEvent } from './incident.payloads';
import { IncidentConnection, IncidentSla, SeverityPolicyView, StatusUpdateCadence } from './incident.types';
import { TimelineEvent } from '../model/timeline-event.entity';
import { IncidentService } from './incident.service';

/** The services IncidentResolver uses. */
interface IncidentResolverDeps {
  readonly clock: Clock;
  readonly incidents: IncidentService;
  readonly severityOptions: SeverityOptions;
}

/** Thin: parse ids, call the service, return what it returns. */
@Resolver(() => Incident)
export class IncidentResolver {
  constructor(private readonly app: IncidentResolverDeps) {}

  @Query(() => IncidentConnection, { description: 'Incidents, newest detection first, cursor-paginated.' })
  async incidents(
    @Ctx() ctx: Context,
    @Arg('filter', () => IncidentFilter, { nullable: true }) filter?: IncidentFilter,
    @Arg('page', () => PageInput, { nullable: true }) page?: PageInput,
  ): Promise<IncidentConnection> {
    // A team's wall token sees its team's incidents only, whatever filter it sends.
    const scoped =
      ctx.teamScope === null
        ? filter
        : {
            ...filter,
            teamIds: narrowTeams(
              filter?.teamIds?.map((id) => parseId(id, 'teamIds')),
              ctx.teamScope,
            )!.map(String),
          };
    const result = await this.app.incidents.list(scoped, page ?? { first: 50 }, ctx.actor);
    return { nodes: result.nodes, pageInfo: { endCursor: result.endCursor, hasNextPage: result.hasNextPage } };
  }

  @Query(() => Incident)
  incident(@Arg('id', () => ID) id: string): Promise<Incident> {
    return this.app.incidents.load(parseId(id));
  }

  @Query(() => [SeverityPolicyView], { description: 'The P0–P3 policy table as configured.' })
  severityPolicies(): SeverityPolicyView[] {
    return severityPolicies(this.app.severityOptions);
  }

  @Mutation(() => Incident)
  declareIncident(
    @Arg('input', () => DeclareIncidentInput) input: DeclareIncidentInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.incidents.declare(input, ctx.actor);
  }

  @Mutation(() => Incident)
  acknowledgeIncident(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Incident> {
    return this.app.incidents.acknowledge(parseId(id), ctx.actor);
  }

  @Mutation(() => Incident)
  transitionIncident(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => TransitionIncidentInput) input: TransitionIncidentInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.incidents.transition(parseId(id), input.to, input.note, ctx.actor, input.overrideReason);
  }

  @Mutation(() => Incident)
  changeSeverity(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ChangeSeverityInput) input: ChangeSeverityInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.incidents.changeSeverity(parseId(id), input.severity, input.reason, ctx.actor);
  }

  @Mutation(() => Incident)
  addTimelineNote(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => TimelineNoteInput) input: TimelineNoteInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.incidents.addNote(parseId(id), input.message, ctx.actor);
  }

  @Mutation(() => Incident, {
    description:
      'Resolves: needs the resolution-verification checklist complete (see checklists), or input.overrideReason; else VALIDATION on overrideReason with extensions.missing (item keys).',
  })
  resolveIncident(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Arg('input', () => ResolveIncidentInput, { nullable: true }) input?: ResolveIncidentInput,
  ): Promise<Incident> {
    return this.app.incidents.resolve(parseId(id), input?.note, ctx.actor, input?.overrideReason, input?.publicMessage);
  }

  @Mutation(() => Incident)
  reopenIncident(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ReopenIncidentInput) input: ReopenIncidentInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.incidents.reopen(parseId(id), input.reason, ctx.actor);
  }

  @Mutation(() => Incident, { description: 'Post a status update: internal text, public text, or both.' })
  postStatusUpdate(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => StatusUpdateInput) input: StatusUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.incidents.postStatusUpdate(parseId(id), input, ctx.actor);
  }

  @Subscription(() => Incident, {
    topics: Topic.INCIDENT_CHANGED,
    filter: ({ payload, args }: { payload: JsonPayload; args: { id?: string | null } }) =>
      !args.id || String(payload.id) === String(args.id),
    description: 'Every change to any incident, or to one when id is given. Sent after the change is committed.',
  })
  incidentChanged(@Root() payload: JsonPayload, @Arg('id', () => ID, { nullable: true }) _id?: string): Incident {
    return hydrateIncident(payload);
  }

  @Subscription(() => TimelineEvent, {
    topics: Topic.TIMELINE_EVENT_ADDED,
    filter: ({ payload, args }: { payload: JsonPayload; args: { incidentId?: string | null } }) =>
      !args.incidentId || String(payload.incidentId) === String(args.incidentId),
  })
  timelineEventAdded(
    @Root() payload: JsonPayload,
    @Arg('incidentId', () => ID, { nullable: true }) _incidentId?: string,
  ): TimelineEvent {
    return hydrateTimelineEvent(payload);
  }

  @FieldResolver(() => [ServiceEntity])
  services(@Root() incident: Incident): Promise<ServiceEntity[]> {
    return this.app.incidents.servicesOf(incident);
  }

  @FieldResolver(() => ServiceEntity, {
    nullable: true,
    description: "The first service named (an alert: its integration's): its escalation policy pages.",
  })
  async primaryService(@Root() incident: Incident): Promise<ServiceEntity | null> {
    if (incident.primaryServiceId === null || incident.primaryServiceId === undefined) return null;
    return (await this.app.incidents.servicesOf(incident)).find((s) => s.id === incident.primaryServiceId) ?? null;
  }

  @FieldResolver(() => [TimelineEvent], {
    description: `The newest \`last\` events (default ${HISTORY_PAGES.timeline.byDefault}, at most ${HISTORY_PAGES.timeline.max}), oldest first.`,
  })
  timeline(
    @Root() incident: Incident,
    @Arg('last', () => Int, { nullable: true, defaultValue: HISTORY_PAGES.timeline.byDefault }) last?: number | null,
  ): Promise<TimelineEvent[]> {
    return this.app.incidents.timeline(incident.id, historyPage('timeline', last));
  }

  @FieldResolver(() => IncidentSla, { description: 'Acknowledge-by and resolve-by clocks at the time of the query.' })
  sla(@Root() incident: Incident): IncidentSla {
    return slaStatus(incident, this.app.clock.now(), this.app.severityOptions);
  }

  @FieldResolver(() => StatusUpdateCadence)
  statusUpdate(@Root() incident: Incident): StatusUpdateCadence {
    return statusUpdateCadence(incident, this.app.clock.now(), this.app.severityOptions);
  }

  @FieldResolver(() => PublicStatus, {
    description:
      "The status page word: the one last published with a public update while the lifecycle allows it, else the lifecycle's.",
  })
  publicStatus(@Root() incident: Incident): PublicStatus {
    return shownPublicStatus(incident.status, incident.publishedStatus);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether the viewer may say "I\'ve got it" (acceptPage) now: a page waits for an answer on this open incident and ' +
      'reached the viewer (paged on the current ladder, or handed the incident), or nobody was paged.',
  })
  mayAcceptPage(@Root() incident: Incident, @Ctx() ctx: Context): Promise<boolean> {
    return this.app.incidents.mayAcceptPage(incident, ctx.actor);
  }

  @FieldResolver(() => [IncidentStatus], { description: 'Where this incident may move next.' })
  allowedTransitions(@Root() incident: Incident): readonly IncidentStatus[] {
    return allowedTransitions(incident.status);
  }

  @FieldResolver(() => SeverityPolicyView)
  policy(@Root() incident: Incident): SeverityPolicyView {
    return severityPolicy(incident.severity, this.app.severityOptions);
  }
}
