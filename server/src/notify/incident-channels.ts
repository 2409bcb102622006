import { EntityManager, In } from 'typeorm';
import { Clock, Severity, backoffDelay, incidentChannelName, slackEscape, wantsIncidentChannel } from '@vigil/shared';
import { Database } from '../db/data-source';
import { UnitOfWork } from '../db/unit-of-work';
import { Incident } from '../model/incident.entity';
import { TimelineEvent } from '../model/timeline-event.entity';
import { Notification } from '../model/notification.entity';
import { slackMessage } from './notify.channels';
import { DeliveryOutcome, NotificationRequest, Notifier } from './notify.port';
import { ContactMethod, User } from '../model/user.entity';
import { SlackIncidentChannel } from '../model/slack-channel.entity';
import { SlackBot, SlackCallError } from './slack.bot';

/** The outbox kinds of an incident channel's rows: the channel with the incident's card, a timeline line, an invite. */
const CHANNEL_KINDS = { OPEN: 'CHANNEL_OPEN', POST: 'CHANNEL_POST', INVITE: 'CHANNEL_INVITE' } as const;

/** A person's Slack member id: their verified SLACK contact method, else the one an admin set on their account. */
async function slackMemberOf(m: EntityManager, user: User): Promise<string | null> {
  const method = await m
    .getRepository(ContactMethod)
    .createQueryBuilder('c')
    .where('c.userId = :id AND c.kind = :kind AND c.verifiedAt IS NOT NULL AND c.codeSentAt IS NOT NULL', {
      id: user.id,
      kind: 'SLACK',
    })
    .orderBy('c.id', 'ASC')
    .getOne();
  return method?.address ?? user.slackUserId ?? null;
}

/** The people a timeline line names: who acted, who was paged, who was given a role or the incident. */
function peopleIn(events: readonly TimelineEvent[]): number[] {
  const ids = new Set<number>();
  for (const e of events) {
    if (e.actorKind === 'USER' && e.actorId !== null) ids.add(e.actorId);
    const data = (e.data ?? {}) as { userId?: unknown; paged?: unknown };
    if (typeof data.userId === 'number') ids.add(data.userId);
    if (Array.isArray(data.paged))
      for (const p of data.paged as Array<{ userId?: unknown }>) if (typeof p?.userId === 'number') ids.add(p.userId);
  }
  return [...ids];
}

/**
 * Each P0/P1 gets its own private Slack channel (VIGIL_SLACK_INCIDENT_CHANNELS): the timeline is mirrored there and
 * the responders are invited. Everything goes through the outbox, in the transaction that wrote the timeline line,
 * so a line is never lost to a crash; its row's key (the event id) keeps it from being queued twice.
 */
export class IncidentChannelMirror {
  constructor(
    private readonly clock: Clock,
    private readonly threshold: Severity,
    private readonly notifier: Notifier,
    private readonly publicUrl: string,
    private readonly wake: () => void,
  ) {}

  /** The timeline mirror (IncidentService.useTimelineMirror): queues the channel, the lines and the invites. */
  readonly mirror = async (uow: UnitOfWork, incidentId: number, events: TimelineEvent[]): Promise<void> => {
    const m = uow.manager;
    const incident = await m.findOneBy(Incident, { id: incidentId });
    if (!incident) return;
    let claim = await m.findOneBy(SlackIncidentChannel, { incidentId });
    // A channel, once there, stays: an incident lowered to P2 keeps its channel and its mirror.
    if (!claim && !wantsIncidentChannel(incident.severity, incident.status, this.threshold)) return;
    const requests: NotificationRequest[] = [];
    const url = `${this.publicUrl.replace(/\/$/, '')}/incidents/${incident.id}`;
    const message = (body: string) => ({
      title: incident.title,
      body,
      severity: incident.severity,
      status: incident.status,
      url,
    });
    if (!claim) {
      // The name is claimed here, once: every later row, retry and replica creates (or finds) this same name.
      await m
        .createQueryBuilder()
        .insert()
        .into(SlackIncidentChannel)
        .values({
          incidentId,
          name: incidentChannelName(incident.id, incident.title),
          channelId: null,
          createdAt: this.clock.now(),
        })
        .orIgnore()
        .execute();
      claim = await m.findOneByOrFail(SlackIncidentChannel, { incidentId });
      requests.push({
        incidentId,
        kind: CHANNEL_KINDS.OPEN,
        level: 0,
        target: { userId: null, name: `#${claim.name}` },
        channel: 'SLACK',
        idempotencyKey: `slack-channel:${incidentId}:open`,
        message: message(
          `${incident.severity} incident ${incident.id}: ${incident.title}. This channel mirrors its timeline.`,
        ),
      });
    }
    for (const e of events) {
      const time = e.at.toISOString().slice(11, 19);
      requests.push({
        incidentId,
        kind: CHANNEL_KINDS.POST,
        level: 0,
        target: { userId: null, name: `#${claim.name}` },
        channel: 'SLACK',
        idempotencyKey: `slack-channel:${incidentId}:event:${e.id}`,
        message: message(`${time} UTC · ${e.actorName}: ${e.message}`.slice(0, 3000)),
      });
    }
    const ids = peopleIn(events);
    const people = ids.length ? await m.find(User, { where: { id: In(ids) } }) : [];
    for (const person of people) {
      const member = await slackMemberOf(m, person);
      // Someone without a Slack identity is not invited, and nothing is recorded for them: there is nobody to invite.
      if (!member) continue;
      requests.push({
        incidentId,
        kind: CHANNEL_KINDS.INVITE,
        level: 0,
        target: { userId: person.id, name: person.name },
        channel: 'SLACK',
        idempotencyKey: `slack-channel:${incidentId}:invite:${member}`,
        message: message(`Invited to #${claim.name}`),
      });
    }
    await this.notifier.enqueueIn(m, requests);
    uow.afterCommit(() => this.wake());
  };
}

/**
 * Delivers an incident channel's outbox rows: the channel is made (or found, after a crash between Slack's answer
 * and recording it: name_taken) before anything is posted to it; posts of one channel leave this process in the
 * order their rows were claimed. When Slack has trouble, every row of the channel (those queued since too) is
 * given the same retry time, so they are claimed again together, in their order (one process's order: two
 * replicas can still interleave).
 */
export class IncidentChannelRows {
  private readonly creating = new Map<number, Promise<string>>();
  private readonly queues = new Map<number, Promise<unknown>>();
  /** Per incident, after Slack's trouble: when its channel's rows are all tried again, and how often it failed. */
  private readonly retrySlots = new Map<number, { at: Date; failures: number }>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly bot: SlackBot,
  ) {}

  deliver(n: Notification): Promise<DeliveryOutcome> {
    const incidentId = n.incidentId;
    if (incidentId === null) return Promise.resolve({ ok: false, code: null, skipped: 'not about an incident' });
    const previous = this.queues.get(incidentId) ?? Promise.resolve();
    const next = previous.then(() => this.deliverNow(incidentId, n));
    const settled = next.catch(() => undefined);
    this.queues.set(incidentId, settled);
    void settled.then(() => {
      if (this.queues.get(incidentId) === settled) this.queues.delete(incidentId);
    });
    return next;
  }

  private async deliverNow(incidentId: number, n: Notification): Promise<DeliveryOutcome> {
    const slot = this.retrySlots.get(incidentId);
    if (slot && slot.at.getTime() > this.clock.now().getTime())
      return this.comeBackAt(slot.at, 'waiting: an earlier row of this channel is tried again first');
    const outcome = await this.attempt(incidentId, n);
    if (outcome.ok || outcome.skipped) {
      this.retrySlots.delete(incidentId);
      return outcome;
    }
    // Slack's trouble: every row of this channel comes back at one time, so they leave again in their order.
    const failures = (slot?.failures ?? 0) + 1;
    const due = this.clock.now().getTime() + backoffDelay(failures, 0.5);
    const at = new Date(Math.ceil(due / 1000) * 1000);
    this.retrySlots.set(incidentId, { at, failures });
    return this.comeBackAt(at, outcome.error ?? 'Slack did not take it');
  }

  /** A retry at exactly `at` (whole seconds: an HTTP date), which the outbox honours as a Retry-After. */
  private comeBackAt(at: Date, error: string): DeliveryOutcome {
    return { ok: false, code: 503, retryAfter: at.toUTCString(), error };
  }

  private async attempt(incidentId: number, n: Notification): Promise<DeliveryOutcome> {
    try {
      const channel = await this.channelOf(incidentId, n.message.title);
      if (n.kind === CHANNEL_KINDS.INVITE) {
        if (!n.address) return { ok: false, code: null, skipped: 'this person has no Slack member id' };
        await this.bot.invite(channel, [n.address]);
        return { ok: true, code: 200 };
      }
      if (n.kind === CHANNEL_KINDS.OPEN) return this.bot.post(channel, slackMessage(n), 'channel message');
      // A responder's text mirrored as written: `<!channel>` or `<https://evil|ack>` must stay text.
      return this.bot.post(channel, { text: slackEscape(n.message.body) }, 'timeline line');
    } catch (e) {
      if (e instanceof SlackCallError) return e.outcome;
      throw e;
    }
  }

  /** The channel id, creating the channel under its claimed name when Slack has not given one yet. */
  private channelOf(incidentId: number, title: string): Promise<string> {
    const inFlight = this.creating.get(incidentId);
    if (inFlight) return inFlight;
    const work = this.ensure(incidentId, title).finally(() => this.creating.delete(incidentId));
    this.creating.set(incidentId, work);
    return work;
  }

  private async ensure(incidentId: number, title: string): Promise<string> {
    const repo = this.db.dataSource.getRepository(SlackIncidentChannel);
    let claim = await repo.findOneBy({ incidentId });
    if (!claim) {
      // Rows queued before a claim existed cannot be, but a restored backup could: claim the name now.
      await repo
        .createQueryBuilder()
        .insert()
        .values({
          incidentId,
          name: incidentChannelName(incidentId, title),
          channelId: null,
          createdAt: this.clock.now(),
        })
        .orIgnore()
        .execute();
      claim = await repo.findOneByOrFail({ incidentId });
    }
    if (claim.channelId) return claim.channelId;
    const id = await this.bot.createChannel(claim.name);
    await repo
      .createQueryBuilder()
      .update()
      .set({ channelId: id })
      .where('incidentId = :incidentId AND channelId IS NULL', { incidentId })
      .execute();
    return (await repo.findOneBy({ incidentId }))?.channelId ?? id;
  }
}
