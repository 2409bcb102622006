import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ServiceEntity } from '../model/service.entity';
import { Context } from '../graphql/context';
import { Incident } from '../model/incident.entity';
import { parseId } from '../incidents/incident.service';
import { Deployment } from '../model/deployment.entity';
import {
  RecentDeployment,
  RecordDeploymentInput,
  RollbackAssessment,
  RollbackFlagsInput,
  RollbackFlagsView,
} from './deployment.types';

@Resolver(() => Deployment)
export class DeploymentResolver {
  @Query(() => [Deployment], { description: 'Recorded deployments, newest first, optionally for one service.' })
  deployments(
    @Ctx() ctx: Context,
    @Arg('serviceId', () => ID, { nullable: true }) serviceId?: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
  ): Promise<Deployment[]> {
    return ctx.app.deployments.list(serviceId ? parseId(serviceId, 'serviceId') : null, first);
  }

  @Mutation(() => Deployment, { description: 'Records a deployment by hand (CI/CD tools use POST /api/deployments).' })
  recordDeployment(
    @Arg('input', () => RecordDeploymentInput) input: RecordDeploymentInput,
    @Ctx() ctx: Context,
  ): Promise<Deployment> {
    return ctx.app.deployments.record(
      {
        ...input,
        serviceId: parseId(input.serviceId, 'serviceId'),
        deployedBy: input.deployedBy ?? ctx.actor.name,
      },
      'API',
    );
  }

  @FieldResolver(() => ServiceEntity, { nullable: true })
  service(@Root() deployment: Deployment, @Ctx() ctx: Context): Promise<ServiceEntity | null> {
    return ctx.app.db.dataSource.getRepository(ServiceEntity).findOne({ where: { id: deployment.serviceId } });
  }
}

/** Issue 9's fields on Incident: what changed before it, and whether to roll back. */
@Resolver(() => Incident)
export class IncidentChangeResolver {
  @Mutation(() => Incident, {
    description: 'Sets the responder flags behind the rollback rules; recorded on the timeline.',
  })
  async setRollbackFlags(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => RollbackFlagsInput) input: RollbackFlagsInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    const incidentId = parseId(id);
    await ctx.app.deployments.setRollbackFlags(incidentId, input, ctx.actor);
    await ctx.app.rollbackAnnouncer.check(incidentId);
    return ctx.app.incidents.get(incidentId);
  }

  @FieldResolver(() => [RecentDeployment], {
    description: 'Deployments of the affected services in the window before detection (default 2 h), newest first.',
  })
  async recentDeployments(@Root() incident: Incident, @Ctx() ctx: Context): Promise<RecentDeployment[]> {
    await ctx.app.incidents.servicesOf(incident);
    const recent = await ctx.app.deployments.recentFor(incident);
    return recent.map((r) => ({
      deployment: r.deployment,
      suspect: r.suspect,
      beforeDetectionSeconds: Math.floor(r.beforeDetectionMs / 1000),
    }));
  }

  @FieldResolver(() => RollbackAssessment)
  async rollback(@Root() incident: Incident, @Ctx() ctx: Context): Promise<RollbackAssessment> {
    await ctx.app.incidents.servicesOf(incident);
    return ctx.app.deployments.rollbackFor(incident);
  }

  @FieldResolver(() => RollbackFlagsView, { nullable: true })
  async rollbackFlags(@Root() incident: Incident, @Ctx() ctx: Context): Promise<RollbackFlagsView | null> {
    const flags = await ctx.app.deployments.flags(incident.id);
    return flags && { ...flags, errorRate: flags.errorRatePercent };
  }
}
