import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { IncidentRole } from '@vigil/shared';
import { Context } from '../graphql/context';
import { Incident } from '../model/incident.entity';
import { parseId } from '../graphql/ids';
import { IncidentRoleHolder } from '../model/incident-role.entity';
import { IncidentRoleService } from './incident-role.service';

/** The services IncidentRolesResolver uses. */
interface IncidentRolesResolverDeps {
  readonly incidentRoles: IncidentRoleService;
}

/** Thin: parse ids, call the service, return. */
@Resolver(() => Incident)
export class IncidentRolesResolver {
  constructor(private readonly app: IncidentRolesResolverDeps) {}

  @FieldResolver(() => [IncidentRoleHolder], {
    description:
      'Who holds each incident role now (commander, scribe, communications liaison); vacant roles are absent.',
  })
  roles(@Root() incident: Incident): Promise<IncidentRoleHolder[]> {
    return this.app.incidentRoles.holders(incident.id);
  }

  @Mutation(() => Incident, {
    description: 'Gives a vacant role to someone (an occupied role is handed over instead).',
  })
  assignIncidentRole(
    @Arg('incidentId', () => ID) incidentId: string,
    @Arg('role', () => IncidentRole) role: IncidentRole,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.incidentRoles.change(
      'ASSIGN',
      parseId(incidentId, 'incidentId'),
      role,
      parseId(userId, 'userId'),
      ctx.actor,
    );
  }

  @Mutation(() => Incident, { description: 'The holder (or a lead) hands a role to someone else.' })
  handOverIncidentRole(
    @Arg('incidentId', () => ID) incidentId: string,
    @Arg('role', () => IncidentRole) role: IncidentRole,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.incidentRoles.change(
      'HAND_OVER',
      parseId(incidentId, 'incidentId'),
      role,
      parseId(userId, 'userId'),
      ctx.actor,
    );
  }

  @Mutation(() => Incident, {
    description: 'The holder (or a lead) leaves a role vacant; an open P0/P1 must keep its commander.',
  })
  stepDownIncidentRole(
    @Arg('incidentId', () => ID) incidentId: string,
    @Arg('role', () => IncidentRole) role: IncidentRole,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.incidentRoles.change('STEP_DOWN', parseId(incidentId, 'incidentId'), role, null, ctx.actor);
  }
}
