import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isInMaintenance } from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Context } from '../graphql/context';
import { parseId } from '../incidents/incident.service';
import { MaintenanceWindow } from '../model/maintenance.entity';
import { CreateMaintenanceWindowInput, UpdateMaintenanceWindowInput } from './maintenance.inputs';

@Resolver(() => MaintenanceWindow)
export class MaintenanceResolver {
  @Query(() => [MaintenanceWindow], {
    description: 'Maintenance windows, newest start first, optionally for one service.',
  })
  maintenanceWindows(
    @Ctx() ctx: Context,
    @Arg('serviceId', () => ID, { nullable: true }) serviceId?: string | null,
  ): Promise<MaintenanceWindow[]> {
    return ctx.app.maintenance.list(serviceId ? parseId(serviceId, 'serviceId') : null);
  }

  @Mutation(() => MaintenanceWindow, {
    description: 'Schedules maintenance, or starts it now when startsAt is omitted.',
  })
  createMaintenanceWindow(
    @Arg('input', () => CreateMaintenanceWindowInput) input: CreateMaintenanceWindowInput,
    @Ctx() ctx: Context,
  ): Promise<MaintenanceWindow> {
    return ctx.app.maintenance.create({ ...input, serviceId: parseId(input.serviceId, 'serviceId') }, ctx.actor);
  }

  @Mutation(() => MaintenanceWindow)
  updateMaintenanceWindow(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateMaintenanceWindowInput) input: UpdateMaintenanceWindowInput,
    @Ctx() ctx: Context,
  ): Promise<MaintenanceWindow> {
    return ctx.app.maintenance.update(parseId(id), input);
  }

  @Mutation(() => MaintenanceWindow, { description: 'Ends a running window now.' })
  endMaintenanceWindow(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<MaintenanceWindow> {
    return ctx.app.maintenance.end(parseId(id));
  }

  @Mutation(() => Boolean)
  deleteMaintenanceWindow(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.app.maintenance.remove(parseId(id));
  }

  @FieldResolver(() => Boolean, { description: 'Active at the time of the query.' })
  active(@Root() window: MaintenanceWindow, @Ctx() ctx: Context): boolean {
    return isInMaintenance([window], ctx.app.clock.now());
  }

  @FieldResolver(() => ServiceEntity, { nullable: true })
  service(@Root() window: MaintenanceWindow, @Ctx() ctx: Context): Promise<ServiceEntity | null> {
    return ctx.app.db.dataSource.getRepository(ServiceEntity).findOne({ where: { id: window.serviceId } });
  }
}
