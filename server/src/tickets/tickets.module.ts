import { Router } from 'express';
import { Clock } from '@vigil/shared';
import { Database } from '../db/data-source';
import { Units } from '../db/unit-of-work';
import { Job } from '../jobs/job-runner';
import { Notification } from '../model/notification.entity';
import { DeliveryOutcome, Notifier } from '../notify';
import { ActionItemService } from '../postmortems';
import { TicketsConfig } from './tickets.config';
import { ActionItemTicketResolver, TeamTicketTrackerResolver } from './tickets.resolver';
import { DeliveryGuard, ticketRoutes } from './tickets.routes';
import { TICKET_KIND, TicketService } from './tickets.service';

/** The resolver classes (static: the printed schema needs them without services). */
export const TICKETS_RESOLVERS = [ActionItemTicketResolver, TeamTicketTrackerResolver] as const;

/** What the feature needs. */
export interface TicketsDeps {
  db: Database;
  units: Units;
  clock: Clock;
  publicUrl: string;
  config: TicketsConfig;
  actionItems: ActionItemService;
  /** The outbox, and the notification sender: it hands this feature the rows of kind TICKET_… to deliver. */
  notifications: {
    notifier: Notifier;
    wakeSender(): void;
    deliverKind(prefix: string, deliver: (n: Notification) => Promise<DeliveryOutcome>): void;
  };
}

/**
 * Action items as tickets (issue 21), wired in one place: the service, its resolvers and webhook route, the outbox
 * rows it delivers, the action-item listener, and the sweep that requeues syncs stuck for an hour.
 */
export function createTicketsModule(deps: TicketsDeps): {
  services: { tickets: TicketService };
  resolvers: typeof TICKETS_RESOLVERS;
  /** The webhook route, given the server's replay guard (built with the HTTP server, after the services). */
  routes: (guard: DeliveryGuard) => Router;
  job: Job;
} {
  const tickets = new TicketService(
    deps.db,
    deps.units,
    deps.clock,
    deps.config,
    deps.publicUrl,
    deps.notifications.notifier,
    () => deps.notifications.wakeSender(),
    deps.actionItems,
  );
  deps.notifications.deliverKind(TICKET_KIND, (n) => tickets.deliver(n));
  deps.actionItems.useListener(tickets.onActionItem);
  return {
    services: { tickets },
    resolvers: TICKETS_RESOLVERS,
    routes: (guard) => ticketRoutes(tickets, deps.config.github.webhookSecret, guard),
    job: { name: 'ticketSweep', everyMs: 10 * 60_000, run: () => tickets.sweep() },
  };
}
