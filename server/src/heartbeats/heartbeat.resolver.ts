import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Context } from '../graphql/context';
import { parseId } from '../incidents/incident.service';
import { HeartbeatMonitor } from '../model/heartbeat.entity';
import { HeartbeatMonitorInput, HeartbeatMonitorWithKey, UpdateHeartbeatMonitorInput } from './heartbeat.inputs';

/** Thin: parse ids, call the service, return. */
@Resolver(() => HeartbeatMonitor)
export class HeartbeatResolver {
  @Query(() => [HeartbeatMonitor], { description: 'Heartbeat monitors, of one service or all.' })
  heartbeatMonitors(
    @Ctx() ctx: Context,
    @Arg('serviceId', () => ID, { nullable: true }) serviceId?: string | null,
  ): Promise<HeartbeatMonitor[]> {
    return ctx.app.heartbeats.list(serviceId ? parseId(serviceId, 'serviceId') : null);
  }

  @Mutation(() => HeartbeatMonitorWithKey, {
    description: 'Adds a heartbeat monitor; the ping key in the answer is shown only this once.',
  })
  createHeartbeatMonitor(
    @Arg('input', () => HeartbeatMonitorInput) input: HeartbeatMonitorInput,
    @Ctx() ctx: Context,
  ): Promise<HeartbeatMonitorWithKey> {
    return ctx.app.heartbeats.create(input, parseId(input.serviceId, 'serviceId'));
  }

  @Mutation(() => HeartbeatMonitor)
  updateHeartbeatMonitor(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateHeartbeatMonitorInput) input: UpdateHeartbeatMonitorInput,
    @Ctx() ctx: Context,
  ): Promise<HeartbeatMonitor> {
    return ctx.app.heartbeats.update(parseId(id), input);
  }

  @Mutation(() => Boolean)
  deleteHeartbeatMonitor(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.app.heartbeats.remove(parseId(id));
  }
}
