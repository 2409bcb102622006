import { EntityManager } from 'typeorm';
import {
  ActionItemDueDefaults,
  ActionItemStatus,
  Actor,
  Clock,
  CompletionCounts,
  DEFAULT_ACTION_ITEM_DUE,
  DomainError,
  ErrorCode,
  LIMITS,
  actionItemClosed,
  assertActionItemOwner,
  assertActionItemTransition,
  assertDueDate,
  completionRate,
  defaultActionItemDue,
  optionalText,
  requireText,
  validateTicketUrl,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Topic } from '../pubsub/pubsub';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { EventDraft, IncidentService } from '../incidents';
import { parseId } from '../graphql/ids';
import { User } from '../model/user.entity';
import { ActionItem } from '../model/action-item.entity';
import { Postmortem } from '../model/postmortem.entity';
import { AddActionItemInput, UpdateActionItemInput } from './postmortem.inputs';

const MAX_LIST = 500;

/**
 * Told of every item added (`before` null) or changed (`before` its status until now), inside the change's
 * transaction: the tickets feature queues the ticket's sync there, so it exists exactly when the change committed.
 */
/** Told in the item's transaction of each change: `before` is the item as it was (null when it is new). */
export type ActionItemListener = (
  uow: UnitOfWork,
  item: ActionItem,
  before: Readonly<ActionItem> | null,
) => Promise<void>;

/** Action items: added to a post-mortem, owned by a user, moved to DONE or WONT_DO; each move on the incident timeline. */
export class ActionItemService {
  private listener: ActionItemListener | null = null;

  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
    private readonly dueDefaults: ActionItemDueDefaults = DEFAULT_ACTION_ITEM_DUE,
  ) {}

  /** Sets the one listener (composition, once). */
  useListener(listener: ActionItemListener): void {
    this.listener = listener;
  }

  /** Adds an item; the due date defaults by category and may not be in the past. */
  async add(postmortemId: number, input: AddActionItemInput, actor: Actor): Promise<ActionItem> {
    const now = this.clock.now();
    const title = requireText('title', input.title, 1, LIMITS.title);
    const ownerId = parseId(input.ownerId, 'ownerId');
    const ticketUrl = validateTicketUrl(input.ticketUrl);
    const dueAt = input.dueAt
      ? assertDueDate(input.dueAt, now)
      : defaultActionItemDue(input.category, now, this.dueDefaults);
    return this.units.run(async (uow) => {
      const m = uow.manager;
      const pm = await m.findOne(Postmortem, { where: { id: postmortemId } });
      if (!pm) throw new DomainError(ErrorCode.NOT_FOUND, `No post-mortem with id ${postmortemId}.`, 'postmortemId');
      await this.requireOwner(m, ownerId);
      const item = await m.save(
        m.create(ActionItem, {
          postmortemId,
          category: input.category,
          title,
          ownerId,
          dueAt,
          status: 'OPEN',
          wontDoReason: null,
          ticketUrl,
          createdAt: now,
          updatedAt: now,
          closedAt: null,
          version: 1,
        }),
      );
      await this.incidents.appendEvents(uow, pm.incidentId, actor, now, [
        {
          type: 'ACTION_ITEM_ADDED',
          message: `Action item (${input.category}): ${title}`,
          data: { actionItemId: item.id, postmortemId, category: input.category, ownerId, dueAt: dueAt.toISOString() },
        },
      ]);
      await this.listener?.(uow, item, null);
      uow.publish(Topic.ACTION_ITEM_CHANGED, item);
      return item;
    });
  }

  /** Edits title, category, owner, due date or ticket link. */
  update(id: number, input: UpdateActionItemInput, actor: Actor): Promise<ActionItem> {
    const now = this.clock.now();
    const patch: Partial<ActionItem> = {};
    if (input.title !== undefined && input.title !== null)
      patch.title = requireText('title', input.title, 1, LIMITS.title);
    if (input.category) patch.category = input.category;
    if (input.ownerId !== undefined && input.ownerId !== null) patch.ownerId = parseId(input.ownerId, 'ownerId');
    if (input.dueAt) patch.dueAt = assertDueDate(input.dueAt, now);
    if (input.ticketUrl !== undefined) patch.ticketUrl = validateTicketUrl(input.ticketUrl);
    return this.change(id, actor, async (m) => {
      if (patch.ownerId !== undefined) await this.requireOwner(m, patch.ownerId);
      return { patch, events: [] };
    });
  }

  /** OPEN → IN_PROGRESS → DONE, or WONT_DO with a reason; closed items may reopen. */
  transition(id: number, to: ActionItemStatus, reason: string | null | undefined, actor: Actor): Promise<ActionItem> {
    const why = optionalText('reason', reason, LIMITS.reason);
    return this.change(id, actor, async (_m, item, now) => {
      assertActionItemTransition(item.status, to, why);
      return {
        patch: { status: to, wontDoReason: to === 'WONT_DO' ? why : null, closedAt: actionItemClosed(to) ? now : null },
        events: [
          {
            type: 'ACTION_ITEM_STATUS_CHANGED',
            message: `Action item "${item.title}" ${item.status} → ${to}${to === 'WONT_DO' ? `: ${why}` : ''}`,
            data: { actionItemId: item.id, from: item.status, to, reason: to === 'WONT_DO' ? why : null },
          },
        ],
      };
    });
  }

  private async change(
    id: number,
    actor: Actor,
    decide: (
      m: EntityManager,
      item: ActionItem,
      now: Date,
    ) => Promise<{ patch: Partial<ActionItem>; events: EventDraft[] }>,
  ): Promise<ActionItem> {
    return this.units.run(async (uow) => {
      const m = uow.manager;
      const item = await m.findOne(ActionItem, { where: { id } });
      if (!item) throw new DomainError(ErrorCode.NOT_FOUND, `No action item with id ${id}.`, 'id');
      const now = this.clock.now();
      const { patch, events } = await decide(m, item, now);
      const update = await m
        .createQueryBuilder()
        .update(ActionItem)
        .set({ ...patch, updatedAt: now, version: item.version + 1 })
        .where('id = :id AND version = :version', { id, version: item.version })
        .execute();
      if (update.affected !== 1)
        throw new DomainError(
          ErrorCode.CONFLICT,
          'The action item was changed by someone else; reload and try again.',
          'id',
        );
      if (events.length) {
        const pm = await m.findOneOrFail(Postmortem, { where: { id: item.postmortemId } });
        await this.incidents.appendEvents(uow, pm.incidentId, actor, now, events);
      }
      const before: Readonly<ActionItem> = { ...item };
      Object.assign(item, patch, { updatedAt: now, version: item.version + 1 });
      await this.listener?.(uow, item, before);
      uow.publish(Topic.ACTION_ITEM_CHANGED, item);
      return item;
    });
  }

  private async requireOwner(m: EntityManager, ownerId: number): Promise<void> {
    const owner = await m.findOne(User, { where: { id: ownerId } });
    if (!owner) throw new DomainError(ErrorCode.NOT_FOUND, `No user with id ${ownerId}.`, 'ownerId');
    assertActionItemOwner(owner);
  }

  forPostmortem(postmortemId: number): Promise<ActionItem[]> {
    return this.db.dataSource.getRepository(ActionItem).find({ where: { postmortemId }, order: { id: 'ASC' } });
  }

  /** Open or in-progress items, across all post-mortems, optionally of one owner; soonest due first. */
  open(ownerId: number | null): Promise<ActionItem[]> {
    const qb = this.db.dataSource
      .getRepository(ActionItem)
      .createQueryBuilder('a')
      .where("a.status IN ('OPEN', 'IN_PROGRESS')");
    if (ownerId !== null) qb.andWhere('a.ownerId = :ownerId', { ownerId });
    return qb.orderBy('a.dueAt', 'ASC').addOrderBy('a.id', 'ASC').take(MAX_LIST).getMany();
  }

  /** Items still open past their due time at the service clock's now; most overdue first. */
  overdue(): Promise<ActionItem[]> {
    return this.db.dataSource
      .getRepository(ActionItem)
      .createQueryBuilder('a')
      .where("a.status IN ('OPEN', 'IN_PROGRESS') AND a.dueAt < :now", { now: this.clock.now() })
      .orderBy('a.dueAt', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(MAX_LIST)
      .getMany();
  }

  /** Completion across all post-mortems, or of items created in [from, to). Counted in SQL. */
  async completion(from: Date | null, to: Date | null): Promise<CompletionCounts> {
    const qb = this.db.dataSource
      .getRepository(ActionItem)
      .createQueryBuilder('a')
      .select('COUNT(*)', 'total')
      .addSelect("SUM(CASE WHEN a.status = 'DONE' THEN 1 ELSE 0 END)", 'done')
      .addSelect("SUM(CASE WHEN a.status = 'WONT_DO' THEN 1 ELSE 0 END)", 'wontDo');
    if (from) qb.andWhere('a.createdAt >= :from', { from });
    if (to) qb.andWhere('a.createdAt < :to', { to });
    const row = await qb.getRawOne<{ total: unknown; done: unknown; wontDo: unknown }>();
    return completionRate({
      total: Number(row?.total ?? 0),
      done: Number(row?.done ?? 0),
      wontDo: Number(row?.wontDo ?? 0),
    });
  }
}

/** Rebuilds an ActionItem from a pub/sub payload. */
export function hydrateActionItem(json: Record<string, unknown>): ActionItem {
  const item = Object.assign(new ActionItem(), json);
  for (const key of ['dueAt', 'createdAt', 'updatedAt', 'closedAt'] as const) {
    const v = json[key];
    (item as unknown as Record<string, unknown>)[key] = v === null || v === undefined ? null : new Date(v as string);
  }
  return item;
}
