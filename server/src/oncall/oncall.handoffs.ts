import { Like } from 'typeorm';
import { AnnouncedHandoff, Clock, HOUR, announcedHandoffs, nextHandoff, formatUtc } from '@vigil/shared';
import { Database } from '../db/data-source';
import { Notification } from '../model/notification.entity';
import { NotificationRequest, Notifier } from '../notify';
import { Schedule } from '../model/oncall.entity';
import { OnCallService } from './oncall.service';

/** A hand-off is told when the loop sees it; one older than this (the server was down) is left unsaid. */
const TELL_WITHIN_MS = 1 * HOUR;

/**
 * Hand-offs said out loud: the person going on call is told when their shift starts, the one going off when it
 * ends, through their contact methods; whoever a new rotation puts on call is told at once that they are on call now
 * (and nobody hears of a hand-off from before the rotation existed: domain announcedHandoffs). A small timer for the notification loop; the outbox key (schedule,
 * hand-off time, person) keeps each notice single across replicas and repeated runs.
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
    for (const schedule of await this.oncall.list()) {
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
        if (requests.length) told += await this.db.transaction((m) => this.notifier.enqueueIn(m, requests));
      }
    }
    return told;
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
