import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Context } from '../graphql/context';
import { Incident } from '../incidents/incident.entity';
import { Notification, NotificationAttempt } from './notification.entity';

type WithAttempts = Notification & { attemptLog?: NotificationAttempt[] };

/** An incident's notifications, so responders can see who was told, how, and whether it arrived. */
@Resolver(() => Incident)
export class IncidentNotificationsResolver {
  @FieldResolver(() => [Notification], {
    description: 'Every notification queued for this incident, oldest first, with its delivery attempts.',
  })
  notifications(@Root() incident: Incident, @Ctx() ctx: Context): Promise<Notification[]> {
    return ctx.app.notifications.forIncident(incident.id);
  }
}

@Resolver(() => Notification)
export class NotificationResolver {
  @FieldResolver(() => [NotificationAttempt], {
    description: 'Each delivery attempt: outcome, response code, error, duration.',
  })
  deliveryAttempts(@Root() n: WithAttempts): NotificationAttempt[] {
    return n.attemptLog ?? [];
  }
}
