import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Severity } from '@vigil/shared';
import { HeartbeatMonitor } from '../model/heartbeat.entity';

@InputType()
export class HeartbeatMonitorInput {
  @Field(() => ID)
  serviceId: string;

  @Field()
  name: string;

  @Field(() => Int, { description: 'How often the job pings, in seconds (30 s to 7 days).' })
  intervalSeconds: number;

  @Field(() => Int, { description: 'Extra seconds of silence tolerated before the heartbeat counts as missed.' })
  graceSeconds: number;

  @Field(() => Severity, {
    nullable: true,
    description: 'Severity of the incident a missed heartbeat opens (default P2).',
  })
  severity?: Severity | null;
}

@InputType()
export class UpdateHeartbeatMonitorInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Int, { nullable: true })
  intervalSeconds?: number | null;

  @Field(() => Int, { nullable: true })
  graceSeconds?: number | null;

  @Field(() => Severity, { nullable: true })
  severity?: Severity | null;
}

@ObjectType()
export class HeartbeatMonitorWithKey {
  @Field(() => HeartbeatMonitor)
  monitor: HeartbeatMonitor;

  @Field({ description: 'The ping key, shown only this once: GET or POST /api/heartbeats/<key>.' })
  key: string;

  @Field({ description: 'The full ping URL.' })
  pingUrl: string;
}
