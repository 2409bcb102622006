import { Arg, ID, Mutation, Query, Resolver } from 'type-graphql';
import { parseId } from '../graphql/ids';
import { HeartbeatMonitor } from '../model/heartbeat.entity';
import { HeartbeatMonitorInput, HeartbeatMonitorWithKey, UpdateHeartbeatMonitorInput } from './heartbeat.inputs';
import { HeartbeatService } from './heartbeat.service';

/** The services HeartbeatResolver uses. */
interface HeartbeatResolverDeps {
  readonly heartbeats: HeartbeatService;
}

/** Thin: parse ids, call the service, return. */
@Resolver(() => HeartbeatMonitor)
export class HeartbeatResolver {
  constructor(private readonly app: HeartbeatResolverDeps) {}

  @Query(() => [HeartbeatMonitor], { description: 'Heartbeat monitors, of one service or all.' })
  heartbeatMonitors(
    @Arg('serviceId', () => ID, { nullable: true }) serviceId?: string | null,
  ): Promise<HeartbeatMonitor[]> {
    return this.app.heartbeats.list(serviceId ? parseId(serviceId, 'serviceId') : null);
  }

  @Mutation(() => HeartbeatMonitorWithKey, {
    description: 'Adds a heartbeat monitor; the ping key in the answer is shown only this once.',
  })
  createHeartbeatMonitor(
    @Arg('input', () => HeartbeatMonitorInput) input: HeartbeatMonitorInput,
  ): Promise<HeartbeatMonitorWithKey> {
    return this.app.heartbeats.create(input, parseId(input.serviceId, 'serviceId'));
  }

  @Mutation(() => HeartbeatMonitor)
  updateHeartbeatMonitor(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateHeartbeatMonitorInput) input: UpdateHeartbeatMonitorInput,
  ): Promise<HeartbeatMonitor> {
    return this.app.heartbeats.update(parseId(id), input);
  }

  @Mutation(() => Boolean)
  deleteHeartbeatMonitor(@Arg('id', () => ID) id: string): Promise<boolean> {
    return this.app.heartbeats.remove(parseId(id));
  }
}
