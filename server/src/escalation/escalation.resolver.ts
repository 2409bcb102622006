import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { ServiceEntity } from '../model/service.entity';
import { Context } from '../graphql/context';
import { JsonPayload, Topic } from '../pubsub/pubsub';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { parseId } from '../graphql/ids';
import { EscalationPolicy } from '../model/escalation.entity';
import {
  EscalateIncidentInput,
  EscalationPolicyInput,
  EscalationPolicyPatch,
  ProcedurePolicyInput,
  ReassignIncidentInput,
} from './escalation.inputs';
import { levelViews, EscalationService } from './escalation.service';
import { Team } from '../model/user.entity';
import { EscalationLevelView, IncidentEscalationView } from './escalation.types';

/** The services EscalationPolicyResolver uses. */
interface EscalationPolicyResolverDeps {
  readonly escalation: EscalationService;
}

/** Thin: escalation policies, manual escalation and reassignment. */
@Resolver(() => EscalationPolicy)
export class EscalationPolicyResolver {
  constructor(private readonly app: EscalationPolicyResolverDeps) {}

  @Query(() => [EscalationPolicy])
  escalationPolicies(): Promise<EscalationPolicy[]> {
    return this.app.escalation.listPolicies();
  }

  @Query(() => EscalationPolicy)
  escalationPolicy(@Arg('id', () => ID) id: string): Promise<EscalationPolicy> {
    return this.app.escalation.getPolicy(parseId(id));
  }

  @Mutation(() => EscalationPolicy)
  createEscalationPolicy(
    @Arg('input', () => EscalationPolicyInput) input: EscalationPolicyInput,
    @Ctx() ctx: Context,
  ): Promise<EscalationPolicy> {
    return this.app.escalation.createPolicy(input, ctx.actor);
  }

  @Mutation(() => EscalationPolicy, {
    description:
      "Creates the procedure's path (on-call → team lead → engineering manager → CTO) from who fills each rung.",
  })
  createProcedureEscalationPolicy(
    @Arg('input', () => ProcedurePolicyInput) input: ProcedurePolicyInput,
    @Ctx() ctx: Context,
  ): Promise<EscalationPolicy> {
    return this.app.escalation.createProcedurePolicy(input, ctx.actor);
  }

  @Mutation(() => EscalationPolicy, {
    description:
      'Changes the fields the input names, nothing else; incidents already escalating keep the levels they started with.',
  })
  updateEscalationPolicy(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => EscalationPolicyPatch) input: EscalationPolicyPatch,
    @Ctx() ctx: Context,
  ): Promise<EscalationPolicy> {
    return this.app.escalation.updatePolicy(parseId(id), input, ctx.actor);
  }

  @Mutation(() => Boolean)
  deleteEscalationPolicy(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return this.app.escalation.deletePolicy(parseId(id), ctx.actor);
  }

  @FieldResolver(() => [EscalationLevelView])
  levels(@Root() policy: EscalationPolicy): EscalationLevelView[] {
    return levelViews({ levels: policy.levels, repeat: policy.repeatCount });
  }
}

/** The services IncidentEscalationResolver uses. */
interface IncidentEscalationResolverDeps {
  readonly escalation: EscalationService;
  readonly incidents: IncidentService;
}

/** Adds the live ladder to Incident, and the manual paths. */
@Resolver(() => Incident)
export class IncidentEscalationResolver {
  constructor(private readonly app: IncidentEscalationResolverDeps) {}

  @FieldResolver(() => IncidentEscalationView, {
    nullable: true,
    description: 'The live escalation ladder; null when no policy applied.',
  })
  escalation(@Root() incident: Incident): Promise<IncidentEscalationView | null> {
    return this.app.escalation.view(incident.id);
  }

  @Mutation(() => Incident, { description: '"Unable to resolve": pages the next escalation level now.' })
  escalateIncident(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => EscalateIncidentInput) input: EscalateIncidentInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.escalation.escalate(parseId(id), input.reason, ctx.actor);
  }

  @Mutation(() => Incident, {
    description:
      '"I\'ve got it": answers the waiting page as its owner (on the timeline, shown as the assignee); that climb stops. On a new incident it also acknowledges.',
  })
  acceptPage(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Incident> {
    return this.app.incidents.acceptPage(parseId(id), ctx.actor);
  }

  @Mutation(() => Incident, { description: 'Hands the incident to someone: they are paged and shown as the assignee.' })
  reassignIncident(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ReassignIncidentInput) input: ReassignIncidentInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.escalation.reassign(parseId(id), input.userId, input.note, ctx.actor);
  }

  @Subscription(() => IncidentEscalationView, {
    nullable: true,
    topics: Topic.ESCALATION_CHANGED,
    filter: ({ payload, args }: { payload: JsonPayload; args: { incidentId?: string | null } }) =>
      !args.incidentId || String(payload.incidentId) === String(args.incidentId),
    description:
      "An incident's ladder moved: a level fired, paging stopped or restarted, someone was reassigned. Sent after commit.",
  })
  async escalationChanged(
    @Root() payload: JsonPayload,
    @Arg('incidentId', () => ID, { nullable: true }) _incidentId?: string,
  ): Promise<IncidentEscalationView | null> {
    return this.app.escalation.view(Number(payload.incidentId));
  }
}

const policyArg = (policyId: string | null | undefined): number | null =>
  policyId === null || policyId === undefined ? null : parseId(policyId, 'policyId');

/** The services ServiceRoutingResolver uses. */
interface ServiceRoutingResolverDeps {
  readonly escalation: EscalationService;
}

/** Routing per service: which policy a service's (or a team's services') incidents follow. */
@Resolver(() => ServiceEntity)
export class ServiceRoutingResolver {
  constructor(private readonly app: ServiceRoutingResolverDeps) {}

  @Mutation(() => ServiceEntity, {
    description:
      "Routes a service's incidents along an escalation policy; policyId null: its team's policy, else the default.",
  })
  setServiceEscalationPolicy(
    @Arg('id', () => ID) id: string,
    @Arg('policyId', () => ID, { nullable: true }) policyId: string | null,
  ): Promise<ServiceEntity> {
    return this.app.escalation.setServicePolicy(parseId(id), policyArg(policyId));
  }

  @FieldResolver(() => EscalationPolicy, {
    nullable: true,
    description:
      "The policy this service's incidents follow when it is their primary service; null: its team's, else the default.",
  })
  escalationPolicy(@Root() service: ServiceEntity): Promise<EscalationPolicy | null> {
    return service.escalationPolicyId
      ? this.app.escalation.getPolicy(service.escalationPolicyId)
      : Promise.resolve(null);
  }
}

/** The services TeamRoutingResolver uses. */
interface TeamRoutingResolverDeps {
  readonly escalation: EscalationService;
}

@Resolver(() => Team)
export class TeamRoutingResolver {
  constructor(private readonly app: TeamRoutingResolverDeps) {}

  @Mutation(() => Team, {
    description:
      "Routes the incidents of a team's services along a policy, unless a service names its own; policyId null: the default.",
  })
  setTeamEscalationPolicy(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('policyId', () => ID, { nullable: true }) policyId: string | null,
  ): Promise<Team> {
    return this.app.escalation.setTeamPolicy(parseId(teamId, 'teamId'), policyArg(policyId));
  }

  @FieldResolver(() => EscalationPolicy, {
    nullable: true,
    description: "The policy the team's services follow unless they name their own.",
  })
  escalationPolicy(@Root() team: Team): Promise<EscalationPolicy | null> {
    return team.escalationPolicyId ? this.app.escalation.getPolicy(team.escalationPolicyId) : Promise.resolve(null);
  }
}
