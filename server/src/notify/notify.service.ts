import {
  Clock,
  contactMethodProven,
  HISTORY_PAGES,
  PublicStatus,
  SeverityOptions,
  notificationPlan,
  severityRank,
  NotifyMoment,
  NotifyRecipient,
  statusUpdateText,
} from '@vigil/shared';
import DataLoader from 'dataloader';
import { NewestRows } from '../db/newest';
import { In } from 'typeorm';
import { Database } from '../db/data-source';
import { Incident } from '../model/incident.entity';
import { Team } from '../model/user.entity';
import { IncidentChange, IncidentReaction, IncidentService } from '../incidents';
import { Units } from '../db/unit-of-work';
import { Notification, NotificationAttempt } from '../model/notification.entity';
import { OutboundGuard } from '../outbound/outbound-guard';
import { ActionLinkMaker, ChannelSenders, PushDeliverer } from './notify.channels';
import { NotifyConfig } from './notify.config';
import { INCIDENTS_CHANNEL, OutboxNotifier } from './notify.outbox';
import { DeliveryOutcome, NotificationRequest } from './notify.port';
import { StatusUpdateReminders } from './notify.reminders';
import { NotificationSender, SendReport } from './notify.sender';
import { DeliveryObserver } from '../observability/metrics';
import { Job } from '../jobs/job-runner';
import { SlackBot } from './slack.bot';
import { IncidentChannelRows } from './incident-channels';
import { spentCode, waitingCode } from './reply-codes';
import { IncidentPublication } from '../model/publication.entity';

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

  private readonly newest = new NewestRows(this.db, Notification);

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
      /** Slack's Web API as the app's bot (VIGIL_SLACK_BOT_TOKEN): direct messages, incident channels. */
      slackBot?: SlackBot | null;
      /** Sends PUSH rows (server/src/push). */
      push?: PushDeliverer;
      /** Delivery metrics (observability/metrics.ts). */
      metrics?: DeliveryObserver;
    } = {},
  ) {
    const log = options.log ?? (() => undefined);
    const wakeJob = options.wake ?? (() => undefined);
    // A pass already sending claims the new rows at once; otherwise the job runs one soon.
    this.wake = () => {
      this.sender.hurry();
      wakeJob();
    };
    this.logTimer = log;
    const bot = options.slackBot ?? null;
    this.channels = new ChannelSenders(config, publicUrl, options.actionLinks ?? null, options.outbound, {
      slackBot: bot,
      incidentChannels: bot && config.slackBot?.incidentChannels ? new IncidentChannelRows(db, clock, bot) : null,
      teamsWebhookOf: (address) => this.teamsWebhookOf(address),
      push: options.push ?? null,
    });
    // SMS and voice without Twilio are skipped when planned, so a person's next step is not kept waiting.
    this.notifier = new OutboxNotifier(
      clock,
      (channel) => (channel === 'SMS' || channel === 'VOICE' ? this.channels.unusable(channel) : null),
      (method) => contactMethodProven(method, bot !== null),
    );
    this.sender = new NotificationSender(db, clock, this.channels, {
      leaseMs: config.leaseMs,
      // While a slow delivery keeps a pass open, it claims what fell due meanwhile as often as the job would.
      pollMs: config.senderIntervalMs > 0 ? config.senderIntervalMs : undefined,
      log,
      metrics: options.metrics,
    });
    this.reminders = new StatusUpdateReminders(db, units, clock, incidents, this.notifier, severityOptions, publicUrl);
  }

  /** Something was just queued outside an incident change (a code, a mirrored line): send it now. */
  readonly wakeSender = (): void => this.wake();

  /**
   * Another feature's rows (kind starting with `prefix`): written through `notifier`, claimed, leased and retried
   * by this sender like every row, and delivered by `deliver` (status page subscribers compose their own mail).
   */
  deliverKind(prefix: string, deliver: (n: Notification) => Promise<DeliveryOutcome>): void {
    this.channels.deliverKind(prefix, deliver);
  }

  /** The reaction that tells #incidents and email of a declaration, each status update and a resolution. */
  readonly notifyOnChange: IncidentReaction = {
    name: 'notifications.announce',
    react: (change) => this.onIncidentChange(change),
  };

  /**
   * The reaction that stops a person's remaining steps once the page is answered: acknowledged (on any channel),
   * accepted, or moved on. Steps not yet sent are CANCELLED with who answered; steps already out stay as they are.
   */
  readonly cancelAnswered: IncidentReaction = {
    name: 'notifications.cancelAnswered',
    react: async (change) => {
      const { before, incident } = change;
      if (!before || before.status === 'RESOLVED') return;
      const answered =
        change.events.find((e) => e.type === 'ACKNOWLEDGED' || e.type === 'PAGE_ACCEPTED') ??
        (before.status !== incident.status ? change.events[0] : undefined);
      if (!answered && before.status === incident.status) return;
      const who = change.actor.name;
      const how = change.actor.via ? ` via ${change.actor.via}` : '';
      const what = answered?.type === 'PAGE_ACCEPTED' ? 'page accepted' : `incident ${incident.status.toLowerCase()}`;
      await change.manager
        .createQueryBuilder()
        .update(Notification)
        .set({ status: 'CANCELLED', lastError: `cancelled: ${what} by ${who}${how}`.slice(0, 1000) })
        .where('incidentId = :id AND kind = :page AND status = :pending', {
          id: incident.id,
          page: 'PAGE',
          pending: 'PENDING',
        })
        .execute();
      // The reply codes and call keypresses of the answered pages expire with them: an old code never answers a later
      // page. Kept as spent, so a late reply with one is answered "already answered", not counted as a wrong code.
      const waiting = await change.manager
        .getRepository(Notification)
        .createQueryBuilder('n')
        .select(['n.id', 'n.replyCode'])
        .where('n.incidentId = :id AND n.kind = :page AND n.replyCode IS NOT NULL', { id: incident.id, page: 'PAGE' })
        .getMany();
      for (const row of waiting.filter((w) => waitingCode(w.replyCode) !== null))
        await change.manager.update(Notification, { id: row.id }, { replyCode: spentCode(row.replyCode!) });
    },
  };

  /** Sends a verification code now (see ChannelSenders.sendCode). */
  sendCode(kind: string, address: string, code: string) {
    return this.channels.sendCode(kind, address, code);
  }

  /** Whether a contact method of this kind is verified by a code (see ChannelSenders.verifiesByCode). */
  verifiesByCode(kind: string): boolean {
    return this.channels.verifiesByCode(kind);
  }

  /** A Slack member id for an email, through the bot (users.lookupByEmail); null when none. */
  slackMemberByEmail(email: string): Promise<string | null> {
    return this.channels.slackMemberByEmail(email);
  }

  /** `team:<id>` → that team's Teams webhook URL, read when sending (the URL is a credential: never on the row). */
  private async teamsWebhookOf(address: string): Promise<string | null> {
    const id = /^team:(\d{1,15})$/.exec(address)?.[1];
    if (!id) return null;
    return (await this.db.dataSource.getRepository(Team).findOneBy({ id: Number(id) }))?.teamsWebhookUrl ?? null;
  }

  /** The Twilio client when SMS and voice are configured, for inbound signature checks. */
  twilioClient() {
    return this.channels.twilioClient();
  }

  /** A person's own notifications, newest first: what reached them, what was skipped and why. */
  forUser(userId: number, limit = 50): Promise<Notification[]> {
    return this.db.dataSource
      .getRepository(Notification)
      .find({ where: { targetUserId: userId }, order: { id: 'DESC' }, take: limit });
  }

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
    const { reminded, timers } = await this.runTimers();
    return { ...(await this.sender.runOnce()), reminded, timers };
  }

  /**
   * The job's cycle: the timers, then a send pass waited for at most one interval. A pass kept open by slow or
   * retried deliveries goes on by itself (the next cycle joins it), so reminders, SLA-breach notices and hand-off
   * notices keep their own rhythm however busy the sender is.
   */
  private async jobCycle(everyMs: number): Promise<void> {
    await this.runTimers();
    const pass = this.sender.runOnce();
    let timer: NodeJS.Timeout | undefined;
    const interval = new Promise<'busy'>((resolve) => {
      timer = setTimeout(() => resolve('busy'), everyMs);
      timer.unref();
    });
    try {
      const first = await Promise.race([pass, interval]);
      // Still sending: a failure later is logged, not left unhandled.
      if (first === 'busy')
        pass.catch((e: unknown) => this.logTimer(`send pass: ${e instanceof Error ? e.message : String(e)}`));
    } finally {
      clearTimeout(timer);
    }
  }

  private async runTimers(): Promise<{ reminded: number; timers: Record<string, number> }> {
    const reminded = await this.reminders.checkOnce();
    const timers: Record<string, number> = {};
    for (const timer of this.timers) {
      // One failing timer must not hold up the others or the deliveries.
      timers[timer.name] = await timer.run().catch((e: unknown) => {
        this.logTimer(`${timer.name}: ${e instanceof Error ? e.message : String(e)}`);
        return 0;
      });
    }
    return { reminded, timers };
  }

  /** The sender as a timer job (every VIGIL_NOTIFY_INTERVAL_MS; none when that is 0). */
  job(): Job | null {
    return this.config.senderIntervalMs > 0
      ? {
          name: 'notifications',
          everyMs: this.config.senderIntervalMs,
          run: () => this.jobCycle(this.config.senderIntervalMs),
        }
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

  /** The newest `last` outbox rows of an incident, oldest first (calls in the same tick share one read). */
  forIncident(incidentId: number, last: number = HISTORY_PAGES.notifications.max): Promise<Notification[]> {
    return this.newest.of(incidentId, last);
  }

  /** A notification's delivery attempts, oldest first: the attempts of a page's notifications load in one read. */
  attemptsOf(notificationId: number): Promise<NotificationAttempt[]> {
    return this.attempts.load(notificationId);
  }

  private readonly attempts = new DataLoader<number, NotificationAttempt[]>(
    async (ids) => {
      const rows = await this.db.dataSource
        .getRepository(NotificationAttempt)
        .find({ where: { notificationId: In([...ids]) }, order: { id: 'ASC' } });
      const byNotification = new Map<number, NotificationAttempt[]>(ids.map((id) => [id, []]));
      for (const row of rows) byNotification.get(row.notificationId)?.push(row);
      return ids.map((id) => byNotification.get(id)!);
    },
    // Without its cache (a later read sees later attempts), in reads of at most 5,000 ids.
    { cache: false, maxBatchSize: 5_000 },
  );

  /** The incident's service names (primary first) and the team owning the primary service (its name, and its row). */
  private async servicesAndTeam(
    change: IncidentChange,
  ): Promise<{ services: string[]; team: string | null; teamRow: Team | null }> {
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
    return { services: names, team: team?.name ?? null, teamRow: team };
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
    const updates = change.events.filter((e) => e.type === 'STATUS_UPDATE');
    // Customers read the public text only when the incident is on the status page (no row: imported history).
    const publication = updates.length
      ? await change.manager.findOneBy(IncidentPublication, { incidentId: incident.id })
      : null;
    const published = publication ? publication.state === 'PUBLISHED' : true;
    for (const event of updates) {
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
        data.publicStatus ? statusUpdateText({ ...data, publicStatus: data.publicStatus }, published) : event.message,
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
    const raised = change.events.find((e) => e.type === 'SEVERITY_CHANGED');
    if (
      raised &&
      before !== null &&
      severityRank(incident.severity) < severityRank(before.severity) &&
      incident.status !== 'RESOLVED' &&
      !change.quiet
    ) {
      const why = (raised.data as { reason?: string | null } | null)?.reason ?? null;
      queue(
        'RAISED',
        `:${raised.id}`,
        `Now ${incident.severity}: ${incident.title}`,
        `Raised from ${before.severity} to ${incident.severity}: ${incident.title}${why ? `\nWhy: ${why}` : ''}`,
      );
    }
    if (!requests.length) return;
    // Which services, and whose: a ticket system (or any receiver) files it on the owning team's board.
    const { teamRow, ...where } = await this.servicesAndTeam(change);
    for (const r of requests) Object.assign(r.message, where);
    // Microsoft Teams hears what #incidents hears: in the owning team's channel when it has a webhook, else the
    // global one; nothing at all when neither is set (Teams is not used here, nothing to record).
    const teamsAddress = teamRow?.teamsWebhookUrl
      ? `team:${teamRow.id}`
      : this.config.teamsWebhookUrl
        ? null
        : undefined;
    if (teamsAddress !== undefined)
      for (const r of requests.filter((x) => x.target.name === INCIDENTS_CHANNEL && x.channel === 'SLACK'))
        requests.push({
          ...r,
          channel: 'TEAMS',
          idempotencyKey: `${r.idempotencyKey.replace(/:SLACK$/, '')}:TEAMS`,
          target: { userId: null, name: teamRow?.teamsWebhookUrl ? `Teams (${teamRow.name})` : 'Teams' },
          message: { ...r.message },
          address: teamsAddress,
        });
    await this.notifier.enqueueIn(change.manager, requests);
    change.uow.afterCommit(() => this.wake());
  }
}
