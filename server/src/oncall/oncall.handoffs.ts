import { EntityManager, In, Like, MoreThan } from 'typeorm';
import {
  AnnouncedHandoff,
  Clock,
  HOUR,
  SHIFT_NOTICE_HELD,
  SHIFT_NOTICE_WINDOW_MS,
  announcedHandoffs,
  formatUtc,
  nextHandoff,
  pagedScheduleIds,
  shiftNoticeHold,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { EscalationPolicy } from '../model/escalation.entity';
import { Notification } from '../model/notification.entity';
import { NotificationRequest, Notifier } from '../notify';
import { Schedule } from '../model/oncall.entity';
import { OnCallService } from './oncall.service';

/** A hand-off is told when the loop sees it; one older than this (the server was down) is left unsaid. */
const TELL_WITHIN_MS = 1 * HOUR;

/**
 * Hand-offs said out loud: the person going on call is told when their shift starts, the one going off when it
 * ends, through their contact methods; whoever a new rotation puts on call is told at once that they are on call now
 * (and nobody hears of a hand-off from before the rotation existed: domain announcedHandoffs). A small timer for the
 * notification loop; the outbox key (schedule, hand-off time, person) keeps each notice single across replicas and
 * repeated runs. Only schedules an escalation policy pages are said out loud, and each person hears at most one
 * notice per schedule in a window (domain shiftNoticeHold): a notice over the limit is recorded SKIPPED with why.
 */
export class ShiftAnnouncer {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly oncall: OnCallService,
    private readonly notifier: Notifier,
    private readonly publicUrl: string,
  ) {}

  /** Tells everyone whose shift started or ended in the last hour and was not told yet; returns how many notices. */
  async checkOnce(): Promise<number> {
    const now = this.clock.now();
    const from = new Date(now.getTime() - TELL_WITHIN_MS);
    let told = 0;
    const paged = pagedScheduleIds(await this.db.dataSource.getRepository(EscalationPolicy).find());
    for (const schedule of (await this.oncall.list()).filter((s) => paged.has(s.id))) {
      const spec = await this.oncall.spec(schedule.id, from);
      for (const handoff of announcedHandoffs(spec, from, now)) {
        const prefix = `shift:s${schedule.id}:${handoff.at.toISOString()}:`;
        // Cheap pre-check outside a transaction; the unique keys are what guarantee "once".
        if (
          await this.db.dataSource.getRepository(Notification).exists({ where: { idempotencyKey: Like(`${prefix}%`) } })
        )
          continue;
        const until = nextHandoff(spec, handoff.at)?.start ?? null;
        const requests = await this.notices(schedule, handoff, until, prefix);
        if (!requests.length) continue;
        told += await this.db.transaction(async (m) => {
          for (const r of requests) r.held = await this.hold(m, schedule, r.target.userId, now);
          return this.notifier.enqueueIn(m, requests);
        });
      }
    }
    return told;
  }

  /** Why a notice to this person on this schedule is held now (told within the window), or null. */
  private async hold(m: EntityManager, schedule: Schedule, userId: number | null, now: Date): Promise<string | null> {
    if (userId === null) return null;
    const recent = await m.find(Notification, {
      select: { createdAt: true, status: true, lastError: true },
      where: {
        targetUserId: userId,
        kind: In(['SHIFT_STARTED', 'SHIFT_ENDED']),
        idempotencyKey: Like(`shift:s${schedule.id}:%`),
        createdAt: MoreThan(new Date(now.getTime() - SHIFT_NOTICE_WINDOW_MS)),
      },
    });
    const told = recent.filter((n) => !(n.status === 'SKIPPED' && n.lastError?.startsWith(`${SHIFT_NOTICE_HELD}:`)));
    return shiftNoticeHold(
      told.map((n) => n.createdAt),
      now,
      schedule.name,
    );
  }

  private async notices(
    schedule: Schedule,
    h: AnnouncedHandoff,
    until: Date | null,
    prefix: string,
  ): Promise<NotificationRequest[]> {
    const people = await this.oncall.users([...h.starting, ...h.ending]);
    const name = (id: number) => people.find((u) => u.id === id)?.name ?? `user ${id}`;
    const takers = h.starting.map(name).join(', ') || 'nobody';
    const at = formatUtc(h.at);
    const url = `${this.publicUrl.replace(/\/$/, '')}/oncall`;
    const notice = (userId: number, started: boolean): NotificationRequest => ({
      incidentId: null,
      kind: started ? 'SHIFT_STARTED' : 'SHIFT_ENDED',
      level: 0,
      target: { userId, name: name(userId) },
      idempotencyKey: `${prefix}${started ? 'START' : 'END'}:u${userId}`,
      message: started
        ? {
            title: `On call now: ${schedule.name}`,
            body: `${
              h.rotationAdded
                ? `You are on call now on ${schedule.name}: a rotation putting you on call was added at ${at}`
                : `Your on-call shift on ${schedule.name} started at ${at}`
            }${until ? ` and runs until ${formatUtc(until)}` : ''}. You are paged first for its incidents.`,
            severity: null,
            status: null,
            url,
          }
        : {
            title: `Off call: ${schedule.name}`,
            body: `Your on-call shift on ${schedule.name} ended at ${at}; ${takers} took over.`,
            severity: null,
            status: null,
            url,
          },
    });
    const active = (id: number) => people.some((u) => u.id === id && u.active);
    return [
      ...h.starting.filter(active).map((id) => notice(id, true)),
      ...h.ending.filter(active).map((id) => notice(id, false)),
    ];
  }
}
