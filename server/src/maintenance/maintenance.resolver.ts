import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isInMaintenance, Clock } from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Context } from '../graphql/context';
import { parseId } from '../graphql/ids';
import { MaintenanceWindow } from '../model/maintenance.entity';
import { CreateMaintenanceWindowInput, UpdateMaintenanceWindowInput } from './maintenance.inputs';
import { Database } from '../db/data-source';
import { MaintenanceService } from './maintenance.service';

/** The services MaintenanceResolver uses. */
interface MaintenanceResolverDeps {
  readonly clock: Clock;
  readonly db: Database;
  readonly maintenance: MaintenanceService;
}

@Resolver(() => MaintenanceWindow)
export class MaintenanceResolver {
  constructor(private readonly app: MaintenanceResolverDeps) {}

  @Query(() => [MaintenanceWindow], {
    description: 'Maintenance windows, newest start first, optionally for one service.',
  })
  maintenanceWindows(
    @Arg('serviceId', () => ID, { nullable: true }) serviceId?: string | null,
  ): Promise<MaintenanceWindow[]> {
    return this.app.maintenance.list(serviceId ? parseId(serviceId, 'serviceId') : null);
  }

  @Mutation(() => MaintenanceWindow, {
    description: 'Schedules maintenance, or starts it now when startsAt is omitted.',
  })
  createMaintenanceWindow(
    @Arg('input', () => CreateMaintenanceWindowInput) input: CreateMaintenanceWindowInput,
    @Ctx() ctx: Context,
  ): Promise<MaintenanceWindow> {
    return this.app.maintenance.create({ ...input, serviceId: parseId(input.serviceId, 'serviceId') }, ctx.actor);
  }

  @Mutation(() => MaintenanceWindow)
  updateMaintenanceWindow(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateMaintenanceWindowInput) input: UpdateMaintenanceWindowInput,
  ): Promise<MaintenanceWindow> {
    return this.app.maintenance.update(parseId(id), input);
  }

  @Mutation(() => MaintenanceWindow, { description: 'Ends a running window now.' })
  endMaintenanceWindow(@Arg('id', () => ID) id: string): Promise<MaintenanceWindow> {
    return this.app.maintenance.end(parseId(id));
  }

  @Mutation(() => Boolean)
  deleteMaintenanceWindow(@Arg('id', () => ID) id: string): Promise<boolean> {
    return this.app.maintenance.remove(parseId(id));
  }

  @FieldResolver(() => Boolean, { description: 'Active at the time of the query.' })
  active(@Root() window: MaintenanceWindow): boolean {
    return isInMaintenance([window], this.app.clock.now());
  }

  @FieldResolver(() => ServiceEntity, { nullable: true })
  service(@Root() window: MaintenanceWindow): Promise<ServiceEntity | null> {
    return this.app.db.dataSource.getRepository(ServiceEntity).findOne({ where: { id: window.serviceId } });
  }
}
