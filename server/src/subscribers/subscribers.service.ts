import { EntityManager } from 'typeorm';
import {
  Clock,
  DomainError,
  ErrorCode,
  chosenComponents,
  confirmLinkValid,
  confirmationMaySend,
  optionalText,
  subscriberEmail,
  validationError,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { Units } from '../db/unit-of-work';
import { isDuplicateKey } from '../db/duplicate-key';
import { RateLimiter, limitedAddress } from '../access/rate-limiter';
import { OutboundAllowList } from '../outbound/outbound-guard';
import { ServiceEntity } from '../model/service.entity';
import { StatusSubscriber } from '../model/status-subscriber.entity';
import { Notifier } from '../notify';
import { subscriberRequest } from './subscribers.announce';
import { SubscribersConfig } from './subscribers.config';
import { SubscriberTokens, addressKey, randomToken } from './subscribers.tokens';

/** What a confirmation or unsubscribe link did. */
export type LinkResult = 'DONE' | 'ALREADY' | 'INVALID' | 'EXPIRED';

/**
 * Status page subscribers: anyone may ask to receive emails (double opt-in, rate-limited, at most one confirmation
 * an hour per address); only admins list, export and delete subscribers, and add webhooks.
 */
export class SubscriberService {
  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly limiter: RateLimiter,
    private readonly limits: SubscribersConfig,
    private readonly allow: OutboundAllowList,
    private readonly tokens: SubscriberTokens,
    private readonly wake: () => void,
  ) {}

  /**
   * An anonymous request to subscribe an address: the answer is the same whether the address is new, waiting for
   * its confirmation or confirmed (nobody learns who subscribes). A confirmation is queued when none was sent in
   * the last hour; the address receives nothing else until it is confirmed.
   */
  async subscribe(input: { email: unknown; components: readonly string[] }, ip: string | null): Promise<void> {
    const email = subscriberEmail(input.email);
    const components = chosenComponents(input.components, await this.componentNames());
    await this.limiter.take(
      'statusSubscribeIp',
      limitedAddress(ip),
      this.limits.perAddress,
      'subscription requests from your address',
    );
    await this.limiter.take(
      'statusSubscribeEmail',
      email,
      this.limits.perEmail,
      'subscription requests for this address',
      1,
      'email',
    );
    const key = addressKey('EMAIL', email);
    try {
      await this.units.run(async (uow) => {
        const m = uow.manager;
        const now = uow.now;
        let row = await m.findOneBy(StatusSubscriber, { addressKey: key });
        if (row?.confirmedAt) return;
        if (row && !confirmationMaySend(row.confirmationSentAt, now)) return;
        const nonce = randomToken();
        if (row) {
          await m.update(
            StatusSubscriber,
            { id: row.id },
            { components, confirmNonce: nonce, confirmationSentAt: now },
          );
        } else {
          row = await m.save(
            m.create(StatusSubscriber, {
              kind: 'EMAIL',
              address: email,
              addressKey: key,
              components,
              label: null,
              confirmedAt: null,
              confirmationSentAt: now,
              confirmNonce: nonce,
              salt: randomToken(),
              createdAt: now,
            }),
          );
        }
        await this.notifier.enqueueIn(m, [
          subscriberRequest(row, 'CONFIRM', `confirm:${nonce}`, {
            title: 'Confirm your subscription',
            body: '',
            status: null,
            components: components ?? [],
            url: '',
          }),
        ]);
        uow.afterCommit(() => this.wake());
      });
    } catch (e) {
      // Two requests for a new address at once: the first wrote it and sent its confirmation.
      if (!isDuplicateKey(e)) throw e;
    }
  }

  /** Whether a confirmation link is good (GET shows a button; nothing happens until it is pressed). */
  async checkConfirm(id: number, token: string): Promise<LinkResult> {
    const row = await this.db.dataSource.getRepository(StatusSubscriber).findOneBy({ id });
    if (!row) return 'INVALID';
    if (row.confirmedAt) return 'ALREADY';
    if (!(await this.tokens.confirms(row, token))) return 'INVALID';
    return confirmLinkValid(row.confirmationSentAt, this.clock.now()) ? 'DONE' : 'EXPIRED';
  }

  /** Confirms an address from its link (once: the nonce is cleared); from now on it hears what the page shows. */
  async confirm(id: number, token: string): Promise<LinkResult> {
    return this.db.transaction(async (m) => {
      const row = await m.findOneBy(StatusSubscriber, { id });
      if (!row) return 'INVALID';
      if (row.confirmedAt) return 'ALREADY';
      if (!(await this.tokens.confirms(row, token))) return 'INVALID';
      const now = this.clock.now();
      if (!confirmLinkValid(row.confirmationSentAt, now)) return 'EXPIRED';
      const done = await m.update(
        StatusSubscriber,
        { id, confirmNonce: row.confirmNonce as string },
        { confirmedAt: now, confirmNonce: null },
      );
      return done.affected ? 'DONE' : 'ALREADY';
    });
  }

  /** Whether an unsubscribe link is good. */
  async checkUnsubscribe(id: number, token: string): Promise<LinkResult> {
    const row = await this.db.dataSource.getRepository(StatusSubscriber).findOneBy({ id });
    if (!row) return 'ALREADY';
    return (await this.tokens.unsubscribes(row, token)) ? 'DONE' : 'INVALID';
  }

  /** Unsubscribes (RFC 8058 one click): the row, the address with it, is deleted; queued notices are skipped. */
  async unsubscribe(id: number, token: string): Promise<LinkResult> {
    return this.db.transaction(async (m) => {
      const row = await m.findOneBy(StatusSubscriber, { id });
      if (!row) return 'ALREADY';
      if (!(await this.tokens.unsubscribes(row, token))) return 'INVALID';
      await m.delete(StatusSubscriber, { id });
      return 'DONE';
    });
  }

  /** Every subscriber, oldest first (admins only: QUERY_ACCESS). */
  list(): Promise<StatusSubscriber[]> {
    return this.db.dataSource.getRepository(StatusSubscriber).find({ order: { id: 'ASC' } });
  }

  /** Every subscriber as CSV (RFC 4180), for an admin's export. */
  async csv(): Promise<string> {
    const cell = (v: string) =>
      /[",\r\n]/.test(v) || /^[=+\-@\t]/.test(v) ? `"${v.replace(/"/g, '""').replace(/^([=+\-@\t])/, "'$1")}"` : v;
    const lines = (await this.list()).map((s) =>
      [
        String(s.id),
        s.kind,
        s.address,
        s.label ?? '',
        s.components ? s.components.join(' ') : 'all',
        s.confirmedAt ? s.confirmedAt.toISOString() : '',
        s.createdAt.toISOString(),
      ]
        .map(cell)
        .join(','),
    );
    return ['id,kind,address,label,components,confirmedAt,createdAt', ...lines].join('\r\n') + '\r\n';
  }

  /** Deletes a subscriber (an admin, for a person who asked to be forgotten). */
  async remove(id: number): Promise<boolean> {
    const done = await this.db.transaction((m) => m.delete(StatusSubscriber, { id }));
    if (!done.affected) throw new DomainError(ErrorCode.NOT_FOUND, `No subscriber with id ${id}.`, 'id');
    return true;
  }

  /**
   * An admin adds a webhook: its URL must pass the outbound guard (VALIDATION on `url` otherwise), and its signing
   * secret is returned this once (derived from the server secret, never stored).
   */
  async addWebhook(input: {
    url: string;
    label?: string | null;
    components?: readonly string[] | null;
  }): Promise<{ subscriber: StatusSubscriber; signingSecret: string }> {
    const url = input.url.trim();
    if (!url) throw validationError('url', 'Enter the webhook’s URL.');
    if (url.length > 2000) throw validationError('url', 'A webhook URL has at most 2000 characters.');
    const refused = this.allow.literalRefusal(url);
    if (refused) throw validationError('url', `The URL ${refused}`);
    const label = optionalText('label', input.label ?? null, 200);
    const components = chosenComponents(input.components ?? [], await this.componentNames());
    const now = this.clock.now();
    const subscriber = await this.db
      .transaction((m: EntityManager) =>
        m.save(
          m.create(StatusSubscriber, {
            kind: 'WEBHOOK',
            address: url,
            addressKey: addressKey('WEBHOOK', url),
            components,
            label,
            confirmedAt: now,
            confirmationSentAt: null,
            confirmNonce: null,
            salt: randomToken(),
            createdAt: now,
          }),
        ),
      )
      .catch((e: unknown) => {
        if (isDuplicateKey(e)) throw validationError('url', 'This URL is already a subscriber.');
        throw e;
      });
    return { subscriber, signingSecret: await this.tokens.webhookSecret(subscriber) };
  }

  /** The page's component names: the services. */
  async componentNames(): Promise<string[]> {
    const rows = await this.db.dataSource
      .getRepository(ServiceEntity)
      .find({ select: { name: true }, order: { name: 'ASC' } });
    return rows.map((r) => r.name);
  }
}
