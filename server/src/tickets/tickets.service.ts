import { EntityManager } from 'typeorm';
import {
  Actor,
  Clock,
  DomainError,
  ErrorCode,
  HOUR,
  MINUTE,
  githubRepository,
  isRetryable,
  mayOwnActionItem,
  ticketTextChanged,
  issueStateFor,
  statusFromIssue,
  ticketBody,
  ticketLabels,
  ticketMarker,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { Topic } from '../pubsub/pubsub';
import { ActionItem } from '../model/action-item.entity';
import { Incident } from '../model/incident.entity';
import { Notification } from '../model/notification.entity';
import { Postmortem } from '../model/postmortem.entity';
import { ServiceEntity } from '../model/service.entity';
import { TicketLink, TicketTracker } from '../model/ticket.entity';
import { Team, User } from '../model/user.entity';
import { DeliveryOutcome, Notifier } from '../notify';
import { ActionItemListener, ActionItemService } from '../postmortems';
import { GitHubIssues, TrackerError } from './github.client';
import { TicketsConfig } from './tickets.config';

/** The outbox kinds of ticket syncs; the notification sender hands these rows to TicketService.deliver. */
export const TICKET_KIND = 'TICKET_';

/** How long a create in flight keeps another attempt from creating (it looks for the ticket after that). */
const CREATE_GUARD_MS = MINUTE;
/** A sync still not done after this long gets another outbox row (the outbox gives up after its last attempt). */
const SWEEP_AFTER_MS = HOUR;

const GITHUB_ACTOR: Actor = { kind: 'INTEGRATION', name: 'GitHub', userId: null, role: 'RESPONDER' };

/** What a GitHub `issues` webhook did. */
export type IssueEventResult = 'UPDATED' | 'UNCHANGED' | 'NOT_OURS';

/**
 * Action items as tickets (issue 21). Each item of a team with a tracker (or of the default repository) gets a link
 * row and outbox rows that bring the ticket in line with the item: created once, then closed/reopened as the item
 * moves. The outbox's leases and retries deliver them; a sync that fails is shown as not yet synced with the reason.
 * GitHub's `issues` webhook moves the item the other way.
 */
export class TicketService {
  private readonly github: GitHubIssues | null;

  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly config: TicketsConfig,
    private readonly publicUrl: string,
    private readonly notifier: Notifier,
    private readonly wake: () => void,
    private readonly actionItems: ActionItemService,
  ) {
    this.github = config.github.token ? new GitHubIssues(config.github.apiUrl, config.github.token) : null;
  }

  /**
   * In the item's transaction: a new item gets its ticket queued; a status change queues the ticket's state, and an
   * edit of what the ticket shows (title, owner, due day) queues its title and body too.
   */
  readonly onActionItem: ActionItemListener = async (uow, item, before) => {
    const m = uow.manager;
    if (before === null) {
      const repository = await this.repositoryFor(m, item);
      if (!repository) return;
      await m.insert(TicketLink, this.newLink(item.id, repository, uow.now));
      await this.enqueue(uow, item, `ticket:${item.id}:create`);
      return;
    }
    const text = ticketTextChanged(before, item);
    if (before.status === item.status && !text) return;
    const link = await m.findOne(TicketLink, { where: { actionItemId: item.id } });
    if (!link) return;
    await m.update(TicketLink, { id: link.id }, { state: 'PENDING', updatedAt: uow.now });
    await this.enqueue(uow, item, `ticket:${item.id}:v${item.version}`, text ? 'EDIT' : 'SYNC');
  };

  /** Queues the item's sync again (after the tracker refused, or once a tracker was set); returns the item. */
  retry(actionItemId: number): Promise<ActionItem> {
    return this.units.run(async (uow) => {
      const m = uow.manager;
      const item = await m.findOne(ActionItem, { where: { id: actionItemId } });
      if (!item) throw new DomainError(ErrorCode.NOT_FOUND, `No action item with id ${actionItemId}.`, 'id');
      const link = await m.findOne(TicketLink, { where: { actionItemId } });
      if (link) {
        await m.update(TicketLink, { id: link.id }, { state: 'PENDING', lastError: null, updatedAt: uow.now });
      } else {
        const repository = await this.repositoryFor(m, item);
        if (!repository)
          throw new DomainError(
            ErrorCode.VALIDATION,
            "No tracker for this item: set one for its incident's team, or VIGIL_GITHUB_REPOSITORY.",
            'id',
          );
        await m.insert(TicketLink, this.newLink(item.id, repository, uow.now));
      }
      await this.enqueue(uow, item, `ticket:${item.id}:retry:${uow.now.getTime()}`);
      return item;
    });
  }

  /** Sets (or, with null, removes) the GitHub repository a team's action items go to. */
  async setTeamTracker(teamId: number, repository: string | null): Promise<TicketTracker | null> {
    const repo = this.db.dataSource.getRepository(TicketTracker);
    const team = await this.db.dataSource.getRepository(Team).findOne({ where: { id: teamId } });
    if (!team) throw new DomainError(ErrorCode.NOT_FOUND, `No team with id ${teamId}.`, 'teamId');
    if (repository === null || repository.trim() === '') {
      await repo.delete({ teamId });
      return null;
    }
    const tracker = repo.create({
      teamId,
      kind: 'GITHUB',
      repository: githubRepository('repository', repository),
      updatedAt: this.clock.now(),
    });
    await repo.save(tracker);
    return tracker;
  }

  teamTracker(teamId: number): Promise<TicketTracker | null> {
    return this.db.dataSource.getRepository(TicketTracker).findOne({ where: { teamId } });
  }

  linkOf(actionItemId: number): Promise<TicketLink | null> {
    return this.db.dataSource.getRepository(TicketLink).findOne({ where: { actionItemId } });
  }

  /**
   * Delivers one outbox row: brings the ticket in line with the item as it is now. The issue number is written the
   * moment GitHub answers the create, before anything else; an attempt after a create whose answer was lost looks
   * for the ticket by its marker first. So a retry never creates a second ticket.
   */
  async deliver(n: Notification): Promise<DeliveryOutcome> {
    const id = Number(/^action-item:(\d{1,15})$/.exec(n.address ?? '')?.[1]);
    const links = this.db.dataSource.getRepository(TicketLink);
    const item = id ? await this.db.dataSource.getRepository(ActionItem).findOne({ where: { id } }) : null;
    let link = id ? await links.findOne({ where: { actionItemId: id } }) : null;
    if (!item || !link) return { ok: false, code: null, skipped: 'the action item was deleted' };
    if (!this.github) {
      await links.update({ id: link.id }, { lastError: 'VIGIL_GITHUB_TOKEN is not set', updatedAt: this.clock.now() });
      return { ok: false, code: null, skipped: 'VIGIL_GITHUB_TOKEN is not set' };
    }
    try {
      const created = link.number === null;
      if (created) {
        const created = await this.createOnce(this.github, link, item);
        if (!created) return { ok: false, code: null, error: 'another attempt is creating the ticket' };
        link = created;
      }
      const want = issueStateFor(item.status);
      if (link.remoteState !== want.state) {
        await this.github.setState(link.repository, link.number!, want.state, want.reason);
        await links.update({ id: link.id }, { remoteState: want.state });
      }
      // A ticket created just now already says the item as it is.
      if (n.kind === `${TICKET_KIND}EDIT` && !created) {
        await this.github.edit(link.repository, link.number!, await this.issueText(item));
      }
      const now = this.clock.now();
      await this.record(item, { state: 'SYNCED', lastError: null, syncedAt: now, updatedAt: now });
      return { ok: true, code: 200 };
    } catch (e) {
      if (!(e instanceof TrackerError)) throw e;
      const permanent = e.status !== null && !isRetryable(e.status);
      await this.record(item, {
        state: permanent ? 'FAILED' : 'PENDING',
        lastError: e.message,
        updatedAt: this.clock.now(),
      });
      return { ok: false, code: e.status, retryAfter: e.retryAfter, permanent, error: e.message };
    }
  }

  /** Writes how the sync went, and tells the item's watchers (actionItemChanged carries the ticket). */
  private record(item: ActionItem, patch: Partial<TicketLink>): Promise<void> {
    return this.units.run(async (uow) => {
      await uow.manager.update(TicketLink, { actionItemId: item.id }, patch);
      uow.publish(Topic.ACTION_ITEM_CHANGED, item);
    });
  }

  /** Creates the ticket unless another attempt is at it (null); finds it first when an earlier attempt may have. */
  private async createOnce(github: GitHubIssues, link: TicketLink, item: ActionItem): Promise<TicketLink | null> {
    const links = this.db.dataSource.getRepository(TicketLink);
    const now = this.clock.now();
    const claim = await links
      .createQueryBuilder()
      .update(TicketLink)
      .set({ createTriedAt: now })
      .where('id = :id AND number IS NULL AND (createTriedAt IS NULL OR createTriedAt < :stale)', {
        id: link.id,
        stale: new Date(now.getTime() - CREATE_GUARD_MS),
      })
      .execute();
    if (claim.affected !== 1) {
      const fresh = await links.findOneByOrFail({ id: link.id });
      return fresh.number !== null ? fresh : null;
    }
    const marker = ticketMarker(item.id);
    let issue = link.createTriedAt ? await github.findByMarker(link.repository, marker) : null;
    if (!issue) {
      const ctx = await this.contextOf(item);
      try {
        issue = await github.create(link.repository, {
          ...(await this.issueText(item, ctx)),
          labels: ticketLabels(ctx.severity, item.category),
        });
      } catch (e) {
        // Refused outright, or never reached: nothing was created, so the next attempt need not look first.
        if (e instanceof TrackerError && (e.status === null ? /ECONNREFUSED/.test(e.message) : e.status < 500))
          await links.update({ id: link.id }, { createTriedAt: null });
        throw e;
      }
    }
    // Remembered before anything else: from here on no attempt creates another.
    await links.update({ id: link.id }, { number: issue.number, url: issue.url, remoteState: issue.state });
    return { ...link, number: issue.number, url: issue.url, remoteState: issue.state, createTriedAt: now };
  }

  /**
   * A GitHub `issues` event (signature already checked): closed/reopened moves the item (through the action item
   * rules, on the incident's timeline, as GitHub); assigned moves the owner to the Vigil person whose email's local
   * part is the GitHub login, when exactly one is.
   */
  async fromGitHub(payload: {
    action: string;
    repository: string;
    number: number;
    stateReason: string | null;
    assignee: string | null;
  }): Promise<IssueEventResult> {
    const links = this.db.dataSource.getRepository(TicketLink);
    const link = await links
      .createQueryBuilder('l')
      .where('LOWER(l.repository) = :repo AND l.number = :number', {
        repo: payload.repository.toLowerCase(),
        number: payload.number,
      })
      .getOne();
    if (!link) return 'NOT_OURS';
    const item = await this.db.dataSource.getRepository(ActionItem).findOneByOrFail({ id: link.actionItemId });
    if (payload.action === 'closed' || payload.action === 'reopened') {
      // The ticket already says so: the sync this change queues finds nothing to send back.
      await links.update({ id: link.id }, { remoteState: payload.action === 'closed' ? 'closed' : 'open' });
      const move = statusFromIssue(item.status, payload.action, payload.stateReason);
      if (!move) return 'UNCHANGED';
      await this.actionItems.transition(item.id, move.to, move.reason, GITHUB_ACTOR);
      return 'UPDATED';
    }
    if (payload.action === 'assigned' || payload.action === 'unassigned') {
      const login = payload.action === 'assigned' ? payload.assignee : null;
      await links.update({ id: link.id }, { remoteAssignee: login });
      const owner = login ? await this.userForLogin(login) : null;
      // A GitHub assignee who may not move the item in Vigil (a VIEWER) does not become its owner.
      if (!owner || owner.id === item.ownerId || !mayOwnActionItem(owner)) return 'UNCHANGED';
      await this.actionItems.update(item.id, { ownerId: String(owner.id) }, GITHUB_ACTOR);
      return 'UPDATED';
    }
    return 'UNCHANGED';
  }

  /** Syncs still not done an hour after their last change get another outbox row (one per item per hour). */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const stuck = await this.db.dataSource
      .getRepository(TicketLink)
      .createQueryBuilder('l')
      .where("l.state = 'PENDING' AND l.updatedAt < :before", { before: new Date(now.getTime() - SWEEP_AFTER_MS) })
      .take(100)
      .getMany();
    let queued = 0;
    for (const link of stuck) {
      queued += await this.units.run(async (uow) => {
        const item = await uow.manager.findOne(ActionItem, { where: { id: link.actionItemId } });
        return item ? this.enqueue(uow, item, `ticket:${item.id}:sweep:${Math.floor(now.getTime() / HOUR)}`) : 0;
      });
    }
    return queued;
  }

  /** The login is text, never a pattern: `%` and `_` (LIKE's wildcards) only narrow the query, then it is compared. */
  private async userForLogin(login: string): Promise<User | null> {
    const prefix = `${login.toLowerCase()}@`;
    const users = await this.db.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('LOWER(u.email) LIKE :prefix AND u.active = :active', { prefix: `${prefix}%`, active: true })
      .take(50)
      .getMany();
    const exact = users.filter((u) => u.email.toLowerCase().startsWith(prefix));
    return exact.length === 1 ? exact[0] : null;
  }

  private newLink(actionItemId: number, repository: string, now: Date): Omit<TicketLink, 'id' | 'actionItem'> {
    return {
      actionItemId,
      kind: 'GITHUB',
      repository,
      number: null,
      url: null,
      state: 'PENDING',
      lastError: null,
      createTriedAt: null,
      remoteState: null,
      remoteAssignee: null,
      syncedAt: null,
      updatedAt: now,
    };
  }

  /** The team of the incident's primary service picks the repository; else VIGIL_GITHUB_REPOSITORY; else none. */
  private async repositoryFor(m: EntityManager, item: ActionItem): Promise<string | null> {
    const pm = await m.findOne(Postmortem, { where: { id: item.postmortemId } });
    const incident = pm ? await m.findOne(Incident, { where: { id: pm.incidentId } }) : null;
    const service = incident?.primaryServiceId
      ? await m.findOne(ServiceEntity, { where: { id: incident.primaryServiceId } })
      : null;
    const tracker = service?.teamId ? await m.findOne(TicketTracker, { where: { teamId: service.teamId } }) : null;
    return tracker?.repository ?? this.config.github.defaultRepository;
  }

  private async contextOf(
    item: ActionItem,
  ): Promise<{ severity: string | null; incidentTitle: string; owner: string }> {
    const m = this.db.dataSource.manager;
    const pm = await m.findOne(Postmortem, { where: { id: item.postmortemId } });
    const incident = pm ? await m.findOne(Incident, { where: { id: pm.incidentId } }) : null;
    const owner = await m.findOne(User, { where: { id: item.ownerId } });
    return {
      severity: incident?.severity ?? null,
      incidentTitle: incident?.title ?? 'an incident',
      owner: owner?.name ?? '?',
    };
  }

  /** The issue's title and body for the item as it is now. */
  private async issueText(
    item: ActionItem,
    ctx?: Awaited<ReturnType<TicketService['contextOf']>>,
  ): Promise<{ title: string; body: string }> {
    const { incidentTitle, owner } = ctx ?? (await this.contextOf(item));
    return {
      title: item.title,
      body: ticketBody({
        actionItemId: item.id,
        incidentTitle,
        owner,
        dueAt: item.dueAt,
        postmortemUrl: `${this.publicUrl}/postmortems/${item.postmortemId}`,
      }),
    };
  }

  private async enqueue(
    uow: UnitOfWork,
    item: ActionItem,
    key: string,
    what: 'SYNC' | 'EDIT' = 'SYNC',
  ): Promise<number> {
    const pm = await uow.manager.findOne(Postmortem, { where: { id: item.postmortemId } });
    const queued = await this.notifier.enqueueIn(uow.manager, [
      {
        incidentId: pm?.incidentId ?? null,
        kind: `${TICKET_KIND}${what}`,
        level: 0,
        target: { userId: null, name: 'ticket tracker' },
        channel: 'TICKET',
        address: `action-item:${item.id}`,
        idempotencyKey: key,
        message: {
          title: item.title,
          body: `Ticket for action item ${item.id}: ${item.status}`,
          severity: null,
          status: null,
          url: `${this.publicUrl}/postmortems/${item.postmortemId}`,
        },
      },
    ]);
    uow.afterCommit(this.wake);
    return queued;
  }
}
