import { Arg, Ctx, ID, Query, Resolver, Root, Subscription } from 'type-graphql';
import { MetricBucket, Severity } from '@vigil/shared';
import { Context } from '../graphql/context';
import { narrowTeams } from '../access/credential';
import { parseId } from '../graphql/ids';
import { JsonPayload, Topic } from '../pubsub/pubsub';
import { MetricsChange, MetricsRange, MetricsReport } from './metrics.types';
import { MetricsService } from './metrics.service';

/** The services MetricsResolver uses. */
interface MetricsResolverDeps {
  readonly metrics: MetricsService;
}

/** Thin: the metrics service computes everything in the database. */
@Resolver()
export class MetricsResolver {
  constructor(private readonly app: MetricsResolverDeps) {}

  @Query(() => MetricsReport, {
    description:
      'MTTA/MTTM/MTTR (count, mean, median, p90), SLA compliance, incidents by severity, post-mortems on time and ' +
      'action-item completion per calendar bucket in `timezone` (IANA, default UTC). Incidents count in the bucket of ' +
      'their detection. At most 400 buckets.',
  })
  metrics(
    @Arg('range', () => MetricsRange) range: MetricsRange,
    @Arg('bucket', () => MetricBucket) bucket: MetricBucket,
    @Ctx() ctx: Context,
    @Arg('severity', () => Severity, { nullable: true }) severity?: Severity | null,
    @Arg('service', () => String, { nullable: true, description: 'A service name from the catalog.' })
    service?: string | null,
    @Arg('timezone', () => String, { nullable: true, defaultValue: 'UTC' }) timezone?: string | null,
    @Arg('teamIds', () => [ID], {
      nullable: true,
      description: 'Only incidents with a service owned by one of these teams (a team wall).',
    })
    teamIds?: string[] | null,
  ): Promise<MetricsReport> {
    const teams = narrowTeams(
      teamIds ? [...new Set(teamIds.map((id) => parseId(id, 'teamIds')))] : null,
      ctx.teamScope,
    );
    return this.app.metrics.metrics({
      from: range.from,
      to: range.to,
      bucket,
      severity,
      service,
      teamIds: teams,
      timezone,
    });
  }

  @Subscription(() => MetricsChange, {
    topics: Topic.METRICS_CHANGED,
    description:
      'Metrics may have changed (an incident was declared, acknowledged, resolved…); debounced. Re-query metrics.',
  })
  metricsChanged(@Root() payload: JsonPayload): MetricsChange {
    return { at: new Date(String(payload.at)) };
  }
}
