import { Arg, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { HISTORY_PAGES, historyPage } from '@vigil/shared';
import { Incident } from '../model/incident.entity';
import { Alert } from '../model/alert.entity';
import { AlertService } from './alert.service';

/** The services IncidentAlertsResolver uses. */
interface IncidentAlertsResolverDeps {
  readonly alerts: AlertService;
}

/** Adds the alerts behind an incident to the Incident type. */
@Resolver(() => Incident)
export class IncidentAlertsResolver {
  constructor(private readonly app: IncidentAlertsResolverDeps) {}

  @FieldResolver(() => [Alert], {
    description: `The monitoring alerts that opened or joined this incident: the newest \`last\` (default ${HISTORY_PAGES.alerts.byDefault}, at most ${HISTORY_PAGES.alerts.max}), oldest first.`,
  })
  alerts(
    @Root() incident: Incident,
    @Arg('last', () => Int, { nullable: true, defaultValue: HISTORY_PAGES.alerts.byDefault }) last?: number | null,
  ): Promise<Alert[]> {
    return this.app.alerts.forIncident(incident.id, historyPage('alerts', last));
  }
}
