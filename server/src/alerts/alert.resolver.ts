import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Context } from '../graphql/context';
import { Incident } from '../incidents/incident.entity';
import { Alert } from './alert.entity';

/** Adds the alerts behind an incident to the Incident type. */
@Resolver(() => Incident)
export class IncidentAlertsResolver {
  @FieldResolver(() => [Alert], {
    description: 'The monitoring alerts that opened or joined this incident, oldest first.',
  })
  alerts(@Root() incident: Incident, @Ctx() ctx: Context): Promise<Alert[]> {
    return ctx.app.alerts.forIncident(incident.id);
  }
}
