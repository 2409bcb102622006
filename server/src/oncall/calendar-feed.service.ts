import ical from 'ical-generator';
import { EntityManager } from 'typeorm';
import {
  Clock,
  DAY,
  DomainError,
  ErrorCode,
  OnCallStretch,
  onCallStretches,
  stretchFloor,
  stretchUid,
} from '@vigil/shared';
import { hashSecret, newSecret } from '../auth';
import { Database } from '../db/data-source';
import { User } from '../model/user.entity';
import { CalendarFeed } from '../model/calendar-feed.entity';
import { Schedule } from '../model/oncall.entity';
import { OnCallService } from './oncall.service';

/** Whose feed: one person's shifts across every schedule, or one schedule's shifts. */
export type FeedOwner = { userId: number } | { scheduleId: number };

/** The path a feed is served on: the secret is the whole credential. */
export const FEED_PATH = '/api/calendar/';
const SECRET_SHAPE = /^vgl_cal_[A-Za-z0-9_-]{43}$/;
const LAST_USED_WRITE_EVERY_MS = 60_000;

const ownerWhere = (owner: FeedOwner) =>
  'userId' in owner ? { userId: owner.userId } : { scheduleId: owner.scheduleId };

/**
 * Secret, revocable calendar feed URLs (issue 13: the feeds were public, by sequential id, with people's names).
 * A secret is random, shown once, stored as a SHA-256 hash like API tokens; making a new one replaces the old.
 */
export class CalendarFeedService {
  /** Event ids end in the public host name (no port): the same on every replica and after a restart. */
  private readonly domain: string;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly oncall: OnCallService,
    private readonly publicUrl: string,
  ) {
    this.domain = new URL(publicUrl).hostname || 'vigil';
  }

  /** The feed of an owner, without its secret; null when there is none. */
  feedOf(owner: FeedOwner): Promise<CalendarFeed | null> {
    return this.db.dataSource.getRepository(CalendarFeed).findOneBy(ownerWhere(owner));
  }

  /** Makes a new secret URL for the owner's feed; an earlier URL stops working in the same statement. */
  async create(owner: FeedOwner): Promise<{ url: string; feed: CalendarFeed }> {
    const secret = newSecret('cal');
    const now = this.clock.now();
    const feed = await this.db.transaction(async (m) => {
      await this.requireOwner(m, owner);
      // One row per owner (unique index): an upsert replaces the hash atomically, even for two calls at once.
      await m.upsert(
        CalendarFeed,
        {
          userId: null,
          scheduleId: null,
          ...ownerWhere(owner),
          tokenHash: hashSecret(secret),
          prefix: secret.slice(0, 12),
          createdAt: now,
          lastUsedAt: null,
        },
        ['userId' in owner ? 'userId' : 'scheduleId'],
      );
      return m.findOneByOrFail(CalendarFeed, ownerWhere(owner));
    });
    return { url: `${this.publicUrl.replace(/\/$/, '')}${FEED_PATH}${secret}.ics`, feed };
  }

  /** Revokes the owner's feed URL; false when there was none. */
  async revoke(owner: FeedOwner): Promise<boolean> {
    return this.db.transaction(async (m) => {
      await this.requireOwner(m, owner);
      const result = await m.delete(CalendarFeed, ownerWhere(owner));
      return (result.affected ?? 0) > 0;
    });
  }

  /**
   * The iCalendar text for a secret and the next `weeks`, or null when the secret is unknown or revoked (or its
   * person no longer active): the caller answers 404 and learns nothing else.
   */
  async render(secret: string, weeks: number): Promise<string | null> {
    if (!SECRET_SHAPE.test(secret)) return null;
    const feed = await this.db.dataSource.getRepository(CalendarFeed).findOneBy({ tokenHash: hashSecret(secret) });
    if (!feed) return null;
    const now = this.clock.now();
    const to = new Date(now.getTime() + weeks * 7 * DAY);
    let calendar;
    if (feed.userId !== null) {
      const user = await this.db.dataSource.getRepository(User).findOneBy({ id: feed.userId });
      if (!user?.active) return null;
      calendar = ical({
        name: `On call: ${user.name}`,
        prodId: { company: 'Vigil', product: 'On-call', language: 'EN' },
      });
      for (const schedule of await this.oncall.list()) {
        for (const s of (await this.stretches(schedule, now, to)).filter((x) => x.userId === user.id)) {
          calendar.createEvent({
            id: stretchUid(schedule.id, s, this.domain),
            start: s.start,
            end: s.end,
            stamp: now,
            summary: `On call: ${schedule.name}`,
          });
        }
      }
    } else {
      const schedule = await this.oncall.get(feed.scheduleId!);
      calendar = ical({
        name: `On call: ${schedule.name}`,
        prodId: { company: 'Vigil', product: 'On-call', language: 'EN' },
      });
      const stretches = await this.stretches(schedule, now, to);
      const users = new Map((await this.oncall.users(stretches.map((s) => s.userId))).map((u) => [u.id, u.name]));
      for (const s of stretches) {
        const name = users.get(s.userId) ?? `user ${s.userId}`;
        calendar.createEvent({
          id: stretchUid(schedule.id, s, this.domain),
          start: s.start,
          end: s.end,
          stamp: now,
          summary: `On call: ${name} (${schedule.name})`,
        });
      }
    }
    await this.touch(feed, now);
    return calendar.toString();
  }

  /** Each person's stretches in a schedule that overlap [now, to), each with its real start (stable event ids). */
  private async stretches(schedule: Schedule, now: Date, to: Date): Promise<OnCallStretch[]> {
    const floor = stretchFloor(now);
    return onCallStretches(await this.oncall.spec(schedule.id, floor), floor, now, to);
  }

  private async touch(feed: CalendarFeed, now: Date): Promise<void> {
    if (feed.lastUsedAt && now.getTime() - feed.lastUsedAt.getTime() < LAST_USED_WRITE_EVERY_MS) return;
    await this.db.dataSource.getRepository(CalendarFeed).update({ id: feed.id }, { lastUsedAt: now });
  }

  private async requireOwner(m: EntityManager, owner: FeedOwner): Promise<void> {
    if ('scheduleId' in owner && !(await m.existsBy(Schedule, { id: owner.scheduleId }))) {
      throw new DomainError(ErrorCode.NOT_FOUND, `No schedule with id ${owner.scheduleId}.`, 'scheduleId');
    }
    if ('userId' in owner && !(await m.existsBy(User, { id: owner.userId }))) {
      throw new DomainError(ErrorCode.NOT_FOUND, `No user with id ${owner.userId}.`, 'userId');
    }
  }
}
