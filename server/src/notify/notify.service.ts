import {
  Clock,
  PublicStatus,
  SeverityOptions,
  notificationPlan,
  NotifyMoment,
  NotifyRecipient,
  statusUpdateText,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Incident } from '../incidents/incident.entity';
import { Team } from '../users/user.entity';
import { IncidentChange, IncidentReaction, IncidentService } from '../incidents/incident.service';
import { Units } from '../db/unit-of-work';
import { Notification, NotificationAttempt } from './notification.entity';
import { OutboundGuard } from '../outbound/outbound-guard';
import { ActionLinkMaker, ChannelSenders } from './notify.channels';
import { NotifyConfig } from './notify.config';
import { INCIDENTS_CHANNEL, OutboxNotifier } from './notify.outbox';
import { NotificationRequest } from './notify.port';
import { StatusUpdateReminders } from './notify.reminders';
import { NotificationSender, SendReport } from './notify.sender';
import { Job } from '../jobs/job-runner';

const RECIPIENT_NAMES: Record<NotifyRecipient, string> = {
  STAKEHOLDERS: 'stakeholders',
  INCIDENTS_CHANNEL,
  TICKET_SYSTEM: 'ticket system',
  INTEGRATIONS: 'outbound webhook',
};

/**
 * Notifications: the outbox (`notifier`, for any feature's transaction), the incident hook that follows the
 * severity table on declare, status update, resolve and reopen, the status-update reminders and the sender loop.
 */
export class NotificationService {
  readonly notifier: OutboxNotifier;
  readonly sender: NotificationSender;
  readonly reminders: StatusUpdateReminders;
  private readonly channels: ChannelSenders;
  private readonly wake: () => void;
  private readonly logTimer: (message: string) => void;

  constructor(
    private readonly db: Database,
    units: Units,
    clock: Clock,
    incidents: IncidentService,
    private readonly config: NotifyConfig,
    severityOptions: SeverityOptions,
    private readonly publicUrl: string,
    options: {
      log?: (message: string) => void;
      /** Asks the job runner for a sender pass soon: something was just queued (jobs/job-runner.ts). */
      wake?: () => void;
      /** The signed Acknowledge/Escalate links a person's page email carries (email-actions). */
      actionLinks?: ActionLinkMaker;
      /** The outbound request guard every webhook, Slack and ticket request goes through. */
      outbound?: OutboundGuard;
    } = {},
  ) {
    const log = options.log ?? (() => undefined);
    this.wake = options.wake ?? (() => undefined);
    this.logTimer = log;
    this.notifier = new OutboxNotifier(clock);
    this.channels = new ChannelSenders(config, publicUrl, options.actionLinks ?? null, options.outbound);
    this.sender = new NotificationSender(db, clock, this.channels, { leaseMs: config.leaseMs, log });
    this.reminders = new StatusUpdateReminders(db, units, clock, incidents, this.notifier, severityOptions, publicUrl);
  }

  /** The reaction that tells #incidents and email of a declaration, each status update and a resolution. */
  readonly notifyOnChange: IncidentReaction = {
    name: 'notifications.announce',
    react: (change) => this.onIncidentChange(change),
  };

  private readonly timers: Array<{ name: string; run: () => Promise<number> }> = [];

  /**
   * Adds a timer this loop runs before each send pass (SLA breaches, shift hand-offs): a small function that
   * queues what is due and returns how many it queued. It must be safe to run on every replica at once.
   */
  addTimer(name: string, run: () => Promise<number>): void {
    this.timers.push({ name, run });
  }

  /** One cycle: queue overdue status-update reminders and what the timers find due, then deliver everything due. */
  async runOnce(): Promise<SendReport & { reminded: number; timers: Record<string, number> }> {
    const reminded = await this.reminders.checkOnce();
    const timers: Record<string, number> = {};
    for (const timer of this.timers) {
      // One failing timer must not hold up the others or the deliveries.
      timers[timer.name] = await timer.run().catch((e: unknown) => {
        this.logTimer(`${timer.name}: ${e instanceof Error ? e.message : String(e)}`);
        return 0;
      });
    }
    return { ...(await this.sender.runOnce()), reminded, timers };
  }

  /** The sender as a timer job (every VIGIL_NOTIFY_INTERVAL_MS; none when that is 0). */
  job(): Job | null {
    return this.config.senderIntervalMs > 0
      ? { name: 'notifications', everyMs: this.config.senderIntervalMs, run: () => this.runOnce() }
      : null;
  }

  /**
   * After the job runner stopped: let a pass in flight record its outcomes before the database closes, and do not
   * wait on a database that does not answer (the leases hand those rows to another replica).
   */
  async stop(): Promise<void> {
    this.sender.stop();
    await this.sender.idle();
    this.channels.close();
  }

  /** Every outbox row of an incident with its attempts, oldest first. */
  async forIncident(incidentId: number): Promise<Array<Notification & { attemptLog: NotificationAttempt[] }>> {
    const rows = await this.db.dataSource
      .getRepository(Notification)
      .find({ where: { incidentId }, order: { id: 'ASC' } });
    const attempts = rows.length
      ? await this.db.dataSource
          .getRepository(NotificationAttempt)
          .createQueryBuilder('a')
          .where('a.notificationId IN (:...ids)', { ids: rows.map((r) => r.id) })
          .orderBy('a.id', 'ASC')
          .getMany()
      : [];
    return rows.map((r) => Object.assign(r, { attemptLog: attempts.filter((a) => a.notificationId === r.id) }));
  }

  /** The incident's service names (primary first) and the name of the team owning the primary service. */
  private async servicesAndTeam(change: IncidentChange): Promise<{ services: string[]; team: string | null }> {
    const m = change.manager;
    const services =
      change.incident.services ??
      (await m.find(Incident, { where: { id: change.incident.id }, relations: { services: true } }))[0]?.services ??
      [];
    const primary = services.find((s) => s.id === change.incident.primaryServiceId) ?? null;
    const names = [
      ...(primary ? [primary.name] : []),
      ...services
        .filter((s) => s !== primary)
        .map((s) => s.name)
        .sort(),
    ];
    const team = primary?.teamId ? await m.findOne(Team, { where: { id: primary.teamId } }) : null;
    return { services: names, team: team?.name ?? null };
  }

  private async onIncidentChange(change: IncidentChange): Promise<void> {
    const { incident, before } = change;
    const requests: NotificationRequest[] = [];
    const url = `${this.publicUrl}/incidents/${incident.id}`;
    const queue = (moment: NotifyMoment, occurrence: string, title: string, body: string) => {
      for (const p of notificationPlan(moment, incident.severity)) {
        requests.push({
          incidentId: incident.id,
          kind: `INCIDENT_${moment}`,
          level: 0,
          target: { userId: null, name: RECIPIENT_NAMES[p.recipient] },
          channel: p.channel,
          idempotencyKey: `incident:${incident.id}:${moment}${occurrence}:${p.recipient}:${p.channel}`,
          message: { title, body, severity: incident.severity, status: incident.status, url },
        });
      }
    };
    if (before === null && !change.quiet) {
      queue(
        'DECLARED',
        '',
        incident.title,
        `${incident.severity} incident declared: ${incident.title}${incident.summary ? `\n${incident.summary}` : ''}`,
      );
    }
    for (const event of change.events.filter((e) => e.type === 'STATUS_UPDATE')) {
      const data = (event.data ?? {}) as {
        internalMessage?: string | null;
        publicMessage?: string | null;
        publicStatus?: PublicStatus;
      };
      // Both texts: #incidents sees what customers were told, marked as public, beside the internal line.
      queue(
        'STATUS_UPDATE',
        `:${event.id}`,
        `Status update (${data.publicStatus ?? incident.status}): ${incident.title}`,
        data.publicStatus ? statusUpdateText({ ...data, publicStatus: data.publicStatus }) : event.message,
      );
    }
    if (before !== null && before.status !== 'RESOLVED' && incident.status === 'RESOLVED') {
      // A reopened-then-resolved incident is news again: the resolve time makes its keys new.
      queue(
        'RESOLVED',
        `:${(incident.resolvedAt ?? change.now).toISOString()}`,
        `Resolved: ${incident.title}`,
        `${incident.severity} incident resolved: ${incident.title}`,
      );
    }
    if (before?.status === 'RESOLVED' && incident.status !== 'RESOLVED' && !change.quiet) {
      // Whoever was told it was resolved is told it is back, with the reason (the reopening time keys each one).
      const reopened = change.events.find((e) => e.type === 'REOPENED');
      const reason = reopened?.data as { reason?: string | null; note?: string | null } | null | undefined;
      const why = reason?.reason ?? reason?.note ?? null;
      queue(
        'REOPENED',
        `:${change.now.toISOString()}`,
        `Reopened: ${incident.title}`,
        `${incident.severity} incident reopened: ${incident.title}${why ? `\nWhy: ${why}` : ''}`,
      );
    }
    if (!requests.length) return;
    // Which services, and whose: a ticket system (or any receiver) files it on the owning team's board.
    const where = await this.servicesAndTeam(change);
    for (const r of requests) Object.assign(r.message, where);
    await this.notifier.enqueueIn(change.manager, requests);
    change.uow.afterCommit(() => this.wake());
  }
}
