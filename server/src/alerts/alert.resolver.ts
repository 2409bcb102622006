import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { HISTORY_PAGES, historyPage } from '@vigil/shared';
import { Context } from '../graphql/context';
import { Incident } from '../model/incident.entity';
import { Alert } from '../model/alert.entity';

/** Adds the alerts behind an incident to the Incident type. */
@Resolver(() => Incident)
export class IncidentAlertsResolver {
  @FieldResolver(() => [Alert], {
    description: `The monitoring alerts that opened or joined this incident: the newest \`last\` (default ${HISTORY_PAGES.alerts.byDefault}, at most ${HISTORY_PAGES.alerts.max}), oldest first.`,
  })
  alerts(
    @Root() incident: Incident,
    @Ctx() ctx: Context,
    @Arg('last', () => Int, { nullable: true, defaultValue: HISTORY_PAGES.alerts.byDefault }) last?: number | null,
  ): Promise<Alert[]> {
    return ctx.app.alerts.forIncident(incident.id, historyPage('alerts', last));
  }
}
