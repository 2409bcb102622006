import { EntityManager, IsNull, Not } from 'typeorm';
import {
  PublicStatus,
  RESOLVED_PUBLIC_MESSAGE,
  formatPublicTime,
  publicImpact,
  publicIncidentTitle,
  subscriberWants,
} from '@vigil/shared';
import { IncidentChange, IncidentReaction } from '../incidents';
import { MaintenanceWindow } from '../model/maintenance.entity';
import { Incident } from '../model/incident.entity';
import { IncidentPublication } from '../model/publication.entity';
import { ServiceEntity } from '../model/service.entity';
import { StatusSubscriber } from '../model/status-subscriber.entity';
import { UnitOfWork } from '../db/unit-of-work';
import { NotificationRequest, Notifier } from '../notify';

/** Outbox kinds of subscriber notices; the notification sender hands every `SUBSCRIBER_` row to this feature. */
export const SUBSCRIBER_KIND = 'SUBSCRIBER_';
export type SubscriberNotice = 'CONFIRM' | 'PUBLISHED' | 'UPDATE' | 'RESOLVED' | 'MAINTENANCE';

/** What subscribers are told: only what the public page shows (public title, word, text, components). */
interface Notice {
  notice: Exclude<SubscriberNotice, 'CONFIRM'>;
  /** Unique per notice: with the subscriber's id, the outbox's idempotency key. */
  key: string;
  title: string;
  body: string;
  status: PublicStatus | null;
  components: string[];
  anchor: string;
}

/** The outbox row of a notice to one subscriber: it names the subscriber by id, never by address. */
export function subscriberRequest(
  s: Pick<StatusSubscriber, 'id' | 'kind'>,
  notice: SubscriberNotice,
  key: string,
  message: { title: string; body: string; status: string | null; components: string[]; url: string },
): NotificationRequest {
  return {
    incidentId: null,
    kind: `${SUBSCRIBER_KIND}${notice}`,
    level: 0,
    target: { userId: null, name: `status page subscriber #${s.id}` },
    channel: s.kind === 'EMAIL' ? 'EMAIL' : 'WEBHOOK',
    address: `subscriber:${s.id}`,
    idempotencyKey: `subscriber:${s.id}:${key}`,
    message: {
      title: message.title,
      body: message.body,
      severity: null,
      status: null,
      publicStatus: message.status,
      url: message.url,
      services: message.components,
    },
  };
}

/**
 * Tells confirmed subscribers what the public page just started to show, inside the change's own transaction (the
 * outbox), so nothing is sent for a change that rolled back: an incident published (at declaration, by a severity
 * raise or by a responder), each public update, its resolution, and a maintenance window scheduled.
 */
export class SubscriberAnnouncer {
  constructor(
    private readonly notifier: Notifier,
    private readonly publicUrl: string,
    private readonly wake: () => void,
  ) {}

  /** The incident reaction (after the publication decision, which it reads). */
  readonly notifyOnChange: IncidentReaction = {
    name: 'subscribers.announce',
    react: (change) => this.onIncidentChange(change),
  };

  /** A responder published an incident (publication.service.ts). */
  async published(uow: UnitOfWork, incident: Incident): Promise<void> {
    const publication = await uow.manager.findOneBy(IncidentPublication, { incidentId: incident.id });
    if (publication?.state !== 'PUBLISHED') return;
    const latest = await uow.manager
      .createQueryBuilder()
      .select(['e.message AS message', 'e.data AS data'])
      .from('timeline_event', 'e')
      .where('e.incidentId = :id AND e.type = :type AND e.public = :yes', {
        id: incident.id,
        type: 'PUBLIC_UPDATE',
        yes: true,
      })
      .orderBy('e.id', 'DESC')
      .limit(1)
      .getRawOne<{ message: string }>();
    await this.send(uow, [
      this.incidentNotice(
        incident,
        publication,
        'PUBLISHED',
        `published:${uow.now.getTime()}`,
        latest?.message ?? null,
        null,
      ),
    ]);
  }

  /** A maintenance window was scheduled (maintenance.service.ts), inside its transaction. */
  async maintenanceScheduled(m: EntityManager, window: MaintenanceWindow, now: Date): Promise<void> {
    const service = await m.findOneBy(ServiceEntity, { id: window.serviceId });
    const components = service ? [service.name] : [];
    const starts = window.startsAt.getTime() <= now.getTime() ? 'in progress since' : 'scheduled from';
    const until = window.endsAt ? `until ${formatPublicTime(window.endsAt)}` : 'until further notice';
    await this.enqueue(m, {
      notice: 'MAINTENANCE',
      key: `maintenance:${window.id}`,
      title: window.startsAt.getTime() <= now.getTime() ? 'Maintenance in progress' : 'Scheduled maintenance',
      body: `Maintenance${components.length ? ` on ${components.join(', ')}` : ''} ${starts} ${formatPublicTime(window.startsAt)} ${until}.`,
      status: null,
      components,
      anchor: '',
    });
  }

  /** Wakes the sender once the transaction that queued notices has committed. */
  committed(): void {
    this.wake();
  }

  private async onIncidentChange(change: IncidentChange): Promise<void> {
    const { incident, before, events, uow } = change;
    const publication = await uow.manager.findOneBy(IncidentPublication, { incidentId: incident.id });
    if (publication?.state !== 'PUBLISHED') return;
    const updates = events.filter((e) => e.type === 'PUBLIC_UPDATE' && e.public);
    const justPublished =
      !before || events.some((e) => e.type === 'PUBLICATION_CHANGED' && e.data?.state === 'PUBLISHED');
    const notices: Notice[] = [];
    if (justPublished) {
      const first = updates.shift();
      notices.push(
        this.incidentNotice(
          incident,
          publication,
          'PUBLISHED',
          `published:${first?.id ?? change.now.getTime()}`,
          first?.message ?? null,
          null,
        ),
      );
    }
    for (const update of updates) {
      const word = update.data?.publicStatus as PublicStatus | undefined;
      const resolved = word === 'RESOLVED';
      notices.push(
        this.incidentNotice(
          incident,
          publication,
          resolved ? 'RESOLVED' : 'UPDATE',
          `update:${update.id}`,
          update.message,
          word ?? null,
        ),
      );
    }
    const resolvedNow = before && before.status !== 'RESOLVED' && incident.status === 'RESOLVED';
    if (resolvedNow && !notices.some((n) => n.notice === 'RESOLVED'))
      notices.push(
        this.incidentNotice(
          incident,
          publication,
          'RESOLVED',
          `resolved:${change.now.getTime()}`,
          RESOLVED_PUBLIC_MESSAGE,
          'RESOLVED',
        ),
      );
    await this.send(uow, notices);
  }

  private incidentNotice(
    incident: Incident,
    publication: IncidentPublication,
    notice: Notice['notice'],
    key: string,
    message: string | null,
    word: PublicStatus | null,
  ): Notice {
    const components = (incident.services ?? []).map((s) => s.name).sort();
    const impact = publicImpact(publication, incident.severity);
    return {
      notice,
      key: `incident:${incident.id}:${key}`,
      title: publication.title ?? publicIncidentTitle(impact, components),
      body: message ?? 'We are investigating. Updates will follow on the status page.',
      status: word ?? (notice === 'PUBLISHED' ? 'INVESTIGATING' : null),
      components,
      anchor: `#incident-${incident.id}`,
    };
  }

  private async send(uow: UnitOfWork, notices: Notice[]): Promise<void> {
    let queued = 0;
    for (const notice of notices) queued += await this.enqueue(uow.manager, notice);
    if (queued) uow.afterCommit(() => this.wake());
  }

  /** One outbox row per confirmed subscriber who chose an affected component (or every one). */
  private async enqueue(m: EntityManager, notice: Notice): Promise<number> {
    const subscribers = await m.find(StatusSubscriber, {
      select: { id: true, kind: true, components: true },
      where: { confirmedAt: Not(IsNull()) },
      order: { id: 'ASC' },
    });
    const url = `${this.publicUrl.replace(/\/+$/, '')}/status${notice.anchor}`;
    const requests = subscribers
      .filter((s) => subscriberWants(s.components, notice.components))
      .map((s) =>
        subscriberRequest(s, notice.notice, notice.key, {
          title: notice.title,
          body: notice.body,
          status: notice.status,
          components: notice.components,
          url,
        }),
      );
    return requests.length ? this.notifier.enqueueIn(m, requests) : 0;
  }
}
