import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { HISTORY_PAGES, historyPage, maskAddress, maskContactDetails } from '@vigil/shared';
import { Context } from '../graphql/context';
import { Incident } from '../model/incident.entity';
import { Notification, NotificationAttempt } from '../model/notification.entity';
import { NotificationService } from './notify.service';

/** The services IncidentNotificationsResolver uses. */
interface IncidentNotificationsResolverDeps {
  readonly notifications: NotificationService;
}

/** An incident's notifications, so responders can see who was told, how, and whether it arrived. */
@Resolver(() => Incident)
export class IncidentNotificationsResolver {
  constructor(private readonly app: IncidentNotificationsResolverDeps) {}

  @FieldResolver(() => [Notification], {
    description: `The notifications queued for this incident with their delivery attempts: the newest \`last\` (default ${HISTORY_PAGES.notifications.byDefault}, at most ${HISTORY_PAGES.notifications.max}), oldest first.`,
  })
  notifications(
    @Root() incident: Incident,
    @Arg('last', () => Int, { nullable: true, defaultValue: HISTORY_PAGES.notifications.byDefault })
    last?: number | null,
  ): Promise<Notification[]> {
    return this.app.notifications.forIncident(incident.id, historyPage('notifications', last));
  }
}

/** A person's own address and delivery errors are shown to them and to admins; anyone else sees them masked. */
const seesWhole = (n: Notification, ctx: Context): boolean =>
  n.targetUserId === null || ctx.actor.userId === n.targetUserId || ctx.actor.role === 'ADMIN';

/** The services NotificationResolver uses. */
interface NotificationResolverDeps {
  readonly notifications: NotificationService;
}

@Resolver(() => Notification)
export class NotificationResolver {
  constructor(private readonly app: NotificationResolverDeps) {}

  @FieldResolver(() => [NotificationAttempt], {
    description:
      'Each delivery attempt: outcome, response code, error, duration. Errors of a person’s page show phone numbers, ' +
      'email addresses and URLs whole to that person and to admins; anyone else sees their last four characters.',
  })
  async deliveryAttempts(@Root() n: Notification, @Ctx() ctx: Context): Promise<NotificationAttempt[]> {
    const attempts = await this.app.notifications.attemptsOf(n.id);
    if (seesWhole(n, ctx)) return attempts;
    return attempts.map((a) => ({ ...a, error: a.error === null ? null : maskContactDetails(a.error) }));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Email address, phone number, webhook URL or Slack member; empty means the configured default. A person’s own ' +
      'address is shown to them and to admins; anyone else sees its last four characters.',
  })
  address(@Root() n: Notification, @Ctx() ctx: Context): string | null {
    if (n.address === null || seesWhole(n, ctx)) return n.address;
    return maskAddress(n.address);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Why the last attempt did not deliver (or why the step was skipped or cancelled). For a person’s page, phone ' +
      'numbers, email addresses and URLs in it are shown whole to that person and to admins; anyone else sees ' +
      'their last four characters.',
  })
  lastError(@Root() n: Notification, @Ctx() ctx: Context): string | null {
    if (n.lastError === null || seesWhole(n, ctx)) return n.lastError;
    return maskContactDetails(n.lastError);
  }
}
