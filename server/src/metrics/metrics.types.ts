import { Field, ID, Float, InputType, Int, ObjectType } from 'type-graphql';
import { MetricBucket, Severity } from '@vigil/shared';
import { ActionItemCompletion } from '../postmortems';

@InputType()
export class MetricsRange {
  @Field({ description: 'Inclusive start; the first bucket is the one containing it.' })
  from: Date;

  @Field({ description: 'Exclusive end.' })
  to: Date;
}

@ObjectType('DurationStats', {
  description: 'Durations in milliseconds; median and p90 by nearest rank. Null when count is 0.',
})
export class DurationStatsView {
  @Field(() => Int)
  count: number;
  @Field(() => Float, { nullable: true })
  meanMs: number | null;
  @Field(() => Float, { nullable: true })
  medianMs: number | null;
  @Field(() => Float, { nullable: true })
  p90Ms: number | null;
}

@ObjectType('SlaCompliance', {
  description: 'SLA compliance among clocks already decided (finished, or past the deadline unfinished).',
})
export class SlaComplianceView {
  @Field(() => Int)
  decided: number;
  @Field(() => Int)
  met: number;
  @Field(() => Float, { nullable: true, description: 'met / decided, 0–1.' })
  rate: number | null;
}

@ObjectType()
export class SeverityCount {
  @Field(() => Severity)
  severity: Severity;
  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'Post-mortems of the bucket’s incidents published by their due time.' })
export class PostmortemTimeliness {
  @Field(() => Int)
  total: number;
  @Field(() => Int, { description: 'Published, or unpublished past due.' })
  decided: number;
  @Field(() => Int)
  onTime: number;
  @Field(() => Float, { nullable: true })
  rate: number | null;
}

@ObjectType('MetricsBucketValues', { description: 'Incidents detected in [start, end) in the requested time zone.' })
export class MetricsBucketView {
  @Field()
  start: Date;
  @Field()
  end: Date;
  @Field(() => Int)
  incidents: number;
  @Field(() => Int, { description: 'Open and not acknowledged (yet): counted here, not in timeToAcknowledge.' })
  neverAcknowledged: number;
  @Field(() => Int, {
    description:
      'Resolved by monitoring before anyone acknowledged: counted here, never in timeToAcknowledge; their acknowledge clock stopped at the resolution.',
  })
  autoResolved: number;
  @Field(() => [SeverityCount])
  bySeverity: SeverityCount[];
  @Field(() => DurationStatsView, { description: 'detectedAt → first acknowledgement.' })
  timeToAcknowledge: DurationStatsView;
  @Field(() => DurationStatsView, { description: 'detectedAt → mitigatedAt.' })
  timeToMitigate: DurationStatsView;
  @Field(() => DurationStatsView, { description: 'detectedAt → resolvedAt.' })
  timeToResolve: DurationStatsView;
  @Field(() => SlaComplianceView, { description: 'Acknowledged by acknowledgeBy (the severity’s response SLA).' })
  acknowledgeSla: SlaComplianceView;
  @Field(() => SlaComplianceView, { description: 'Resolved by resolveBy (the severity’s resolution SLA).' })
  resolveSla: SlaComplianceView;
  @Field(() => PostmortemTimeliness)
  postmortems: PostmortemTimeliness;
  @Field(() => ActionItemCompletion, { description: 'Action items of these incidents’ post-mortems.' })
  actionItems: ActionItemCompletion;
}

@ObjectType()
export class MetricsReport {
  @Field()
  from: Date;
  @Field()
  to: Date;
  @Field(() => MetricBucket)
  bucket: MetricBucket;
  @Field()
  timezone: string;
  @Field(() => Severity, { nullable: true })
  severity: Severity | null;
  @Field(() => String, { nullable: true })
  service: string | null;
  @Field(() => [ID], { description: 'The teams filter as given (empty: every team).' })
  teamIds: string[];
  @Field({ description: 'The server time SLA and post-mortem clocks were judged at.' })
  generatedAt: Date;
  @Field(() => [MetricsBucketView])
  buckets: MetricsBucketView[];
}

@ObjectType()
export class MetricsChange {
  @Field({ description: 'When the (debounced) change was announced.' })
  at: Date;
}
