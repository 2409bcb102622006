import { Router } from 'express';
import { Clock } from '@vigil/shared';
import { RateLimiter } from '../access/rate-limiter';
import { Database } from '../db/data-source';
import { Units } from '../db/unit-of-work';
import { IncidentReaction } from '../incidents';
import { MaintenanceListener } from '../maintenance';
import { DeliveryOutcome, Notifier } from '../notify';
import { Notification } from '../model/notification.entity';
import { OutboundGuard } from '../outbound/outbound-guard';
import { PublicationListener } from '../statuspage';
import { SUBSCRIBER_KIND, SubscriberAnnouncer } from './subscribers.announce';
import { SubscribersConfig } from './subscribers.config';
import { SubscriberDelivery, SubscriberMailConfig } from './subscribers.delivery';
import { SubscribersResolver } from './subscribers.resolver';
import { subscriberRoutes } from './subscribers.routes';
import { SubscriberService } from './subscribers.service';
import { Mac, SubscriberTokens } from './subscribers.tokens';

/** The resolver classes (static: the printed schema needs them without services). */
export const SUBSCRIBERS_RESOLVERS = [SubscribersResolver] as const;

/** What the feature needs. */
export interface SubscribersDeps {
  db: Database;
  units: Units;
  clock: Clock;
  publicUrl: string;
  config: SubscribersConfig;
  mail: SubscriberMailConfig;
  limiter: RateLimiter;
  outbound: OutboundGuard;
  /** The server secret's HMAC (email-actions): links and webhook secrets are derived from it. */
  mac: Mac;
  /** The outbox, and the notification sender: it hands this feature the rows of kind SUBSCRIBER_… to deliver. */
  notifications: {
    notifier: Notifier;
    wakeSender(): void;
    deliverKind(prefix: string, deliver: (n: Notification) => Promise<DeliveryOutcome>): void;
  };
}

/**
 * Status page subscribers (issue 20), wired in one place: what the feature gives (its service, resolvers, HTTP
 * routes) and where it hooks in (the incident reaction, publication and maintenance listeners).
 */
export function createSubscribersModule(deps: SubscribersDeps): {
  services: { subscribers: SubscriberService };
  resolvers: typeof SUBSCRIBERS_RESOLVERS;
  routes: Router;
  reaction: IncidentReaction;
  onPublished: PublicationListener;
  onMaintenance: MaintenanceListener;
  stop(): void;
} {
  const tokens = new SubscriberTokens(deps.mac, deps.publicUrl);
  const wake = () => deps.notifications.wakeSender();
  const announcer = new SubscriberAnnouncer(deps.notifications.notifier, deps.publicUrl, wake);
  const delivery = new SubscriberDelivery(deps.db, deps.clock, deps.mail, deps.outbound, tokens, deps.publicUrl);
  deps.notifications.deliverKind(SUBSCRIBER_KIND, (n) => delivery.deliver(n));
  const subscribers = new SubscriberService(
    deps.db,
    deps.units,
    deps.clock,
    deps.notifications.notifier,
    deps.limiter,
    deps.config,
    deps.outbound.allowList,
    tokens,
    wake,
  );
  return {
    services: { subscribers },
    resolvers: SUBSCRIBERS_RESOLVERS,
    routes: subscriberRoutes(subscribers),
    reaction: announcer.notifyOnChange,
    onPublished: (uow, incident) => announcer.published(uow, incident),
    onMaintenance: {
      scheduled: (m, window, now) => announcer.maintenanceScheduled(m, window, now),
      committed: () => announcer.committed(),
    },
    stop: () => delivery.close(),
  };
}
