import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Context } from '../graphql/context';
import { parseId } from '../graphql/ids';
import { HealthCheckService } from './healthcheck.service';

@ObjectType({
  description: 'One probe of a service health-check URL, recorded on the incident timeline as verification evidence.',
})
export class HealthCheckResultView {
  @Field()
  serviceName: string;

  @Field()
  url: string;

  @Field(() => Int, { nullable: true, description: 'Null when no answer came (refused, timed out).' })
  statusCode: number | null;

  @Field(() => Int)
  latencyMs: number;

  @Field({ description: 'A 2xx answer within 10 s.' })
  ok: boolean;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field()
  checkedAt: Date;
}

/** The services HealthCheckResolver uses. */
interface HealthCheckResolverDeps {
  readonly healthChecks: HealthCheckService;
}

@Resolver()
export class HealthCheckResolver {
  constructor(private readonly app: HealthCheckResolverDeps) {}

  @Mutation(() => HealthCheckResultView, {
    description: "Probes the service's configured health-check URL now and records the result on the incident.",
  })
  probeHealthCheck(
    @Arg('incidentId', () => ID) incidentId: string,
    @Ctx() ctx: Context,
    @Arg('serviceId', () => ID, { nullable: true }) serviceId?: string | null,
  ): Promise<HealthCheckResultView> {
    return this.app.healthChecks.probe(
      parseId(incidentId, 'incidentId'),
      serviceId ? parseId(serviceId, 'serviceId') : null,
      ctx.actor,
    );
  }
}
