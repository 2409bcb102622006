import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ServiceEntity } from '../model/service.entity';
import { Context } from '../graphql/context';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { parseId } from '../graphql/ids';
import { Deployment } from '../model/deployment.entity';
import {
  RecentDeployment,
  RecordDeploymentInput,
  RollbackAssessment,
  RollbackFlagsInput,
  RollbackFlagsView,
} from './deployment.types';
import { Database } from '../db/data-source';
import { DeploymentService } from './deployment.service';
import { RollbackAnnouncer } from './rollback-announcer';

/** The services DeploymentResolver uses. */
interface DeploymentResolverDeps {
  readonly db: Database;
  readonly deployments: DeploymentService;
}

@Resolver(() => Deployment)
export class DeploymentResolver {
  constructor(private readonly app: DeploymentResolverDeps) {}

  @Query(() => [Deployment], { description: 'Recorded deployments, newest first, optionally for one service.' })
  deployments(
    @Arg('serviceId', () => ID, { nullable: true }) serviceId?: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
  ): Promise<Deployment[]> {
    return this.app.deployments.list(serviceId ? parseId(serviceId, 'serviceId') : null, first);
  }

  @Mutation(() => Deployment, { description: 'Records a deployment by hand (CI/CD tools use POST /api/deployments).' })
  recordDeployment(
    @Arg('input', () => RecordDeploymentInput) input: RecordDeploymentInput,
    @Ctx() ctx: Context,
  ): Promise<Deployment> {
    return this.app.deployments.record(
      {
        ...input,
        serviceId: parseId(input.serviceId, 'serviceId'),
        deployedBy: input.deployedBy ?? ctx.actor.name,
      },
      'API',
    );
  }

  @FieldResolver(() => ServiceEntity, { nullable: true })
  service(@Root() deployment: Deployment): Promise<ServiceEntity | null> {
    return this.app.db.dataSource.getRepository(ServiceEntity).findOne({ where: { id: deployment.serviceId } });
  }
}

/** The services IncidentChangeResolver uses. */
interface IncidentChangeResolverDeps {
  readonly deployments: DeploymentService;
  readonly incidents: IncidentService;
  readonly rollbackAnnouncer: RollbackAnnouncer;
}

/** Issue 9's fields on Incident: what changed before it, and whether to roll back. */
@Resolver(() => Incident)
export class IncidentChangeResolver {
  constructor(private readonly app: IncidentChangeResolverDeps) {}

  @Mutation(() => Incident, {
    description: 'Sets the responder flags behind the rollback rules; recorded on the timeline.',
  })
  async setRollbackFlags(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => RollbackFlagsInput) input: RollbackFlagsInput,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    const incidentId = parseId(id);
    await this.app.deployments.setRollbackFlags(incidentId, input, ctx.actor);
    await this.app.rollbackAnnouncer.check(incidentId);
    return this.app.incidents.get(incidentId);
  }

  @FieldResolver(() => [RecentDeployment], {
    description: 'Deployments of the affected services in the window before detection (default 2 h), newest first.',
  })
  async recentDeployments(@Root() incident: Incident): Promise<RecentDeployment[]> {
    await this.app.incidents.servicesOf(incident);
    const recent = await this.app.deployments.recentFor(incident);
    return recent.map((r) => ({
      deployment: r.deployment,
      suspect: r.suspect,
      beforeDetectionSeconds: Math.floor(r.beforeDetectionMs / 1000),
    }));
  }

  @FieldResolver(() => RollbackAssessment)
  async rollback(@Root() incident: Incident): Promise<RollbackAssessment> {
    await this.app.incidents.servicesOf(incident);
    return this.app.deployments.rollbackFor(incident);
  }

  @FieldResolver(() => RollbackFlagsView, { nullable: true })
  async rollbackFlags(@Root() incident: Incident): Promise<RollbackFlagsView | null> {
    const flags = await this.app.deployments.flags(incident.id);
    return flags && { ...flags, errorRate: flags.errorRatePercent };
  }
}
