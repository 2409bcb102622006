import nodemailer, { Transporter } from 'nodemailer';
import { Clock, webhookSignatureBase } from '@vigil/shared';
import { Database } from '../db/data-source';
import { Notification } from '../model/notification.entity';
import { StatusSubscriber } from '../model/status-subscriber.entity';
import { OutboundGuard } from '../outbound/outbound-guard';
import { PERMANENT_REASONS } from '../outbound/outbound-reason';
import { messageIdFor, DeliveryOutcome } from '../notify';
import { SUBSCRIBER_KIND } from './subscribers.announce';
import { SubscriberTokens, webhookSignature } from './subscribers.tokens';

/** What sending needs from the notification settings (VIGIL_SMTP_URL, VIGIL_EMAIL_FROM). */
export interface SubscriberMailConfig {
  smtpUrl: string | null;
  emailFrom: string;
}

const WORDS: Record<string, string> = {
  INVESTIGATING: 'Investigating',
  IDENTIFIED: 'Identified',
  MONITORING: 'Monitoring',
  RESOLVED: 'Resolved',
};

const EVENTS: Record<string, string> = {
  PUBLISHED: 'incident.published',
  UPDATE: 'incident.updated',
  RESOLVED: 'incident.resolved',
  MAINTENANCE: 'maintenance.scheduled',
};

/**
 * Sends the outbox's `SUBSCRIBER_` rows (the notification sender's leases and retries, this feature's message). The
 * row names the subscriber by id: the address is read now, so a subscriber deleted meanwhile gets nothing, and the
 * outbox never holds a subscriber's address.
 */
export class SubscriberDelivery {
  private mailer: Transporter | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly mail: SubscriberMailConfig,
    private readonly outbound: OutboundGuard,
    private readonly tokens: SubscriberTokens,
    private readonly publicUrl: string,
  ) {}

  async deliver(n: Notification): Promise<DeliveryOutcome> {
    const id = Number(/^subscriber:(\d{1,15})$/.exec(n.address ?? '')?.[1]);
    const s = id ? await this.db.dataSource.getRepository(StatusSubscriber).findOneBy({ id }) : null;
    if (!s) return { ok: false, code: null, skipped: 'the subscriber unsubscribed or was deleted' };
    const notice = n.kind.slice(SUBSCRIBER_KIND.length);
    if (notice === 'CONFIRM') {
      if (s.confirmedAt || !s.confirmNonce) return { ok: false, code: null, skipped: 'already confirmed' };
      return this.email(s, n, 'Confirm your subscription to status updates', await this.confirmText(s), false);
    }
    if (!s.confirmedAt) return { ok: false, code: null, skipped: 'the subscriber has not confirmed' };
    if (s.kind === 'WEBHOOK') return this.webhook(s, n, notice);
    const word = n.message.publicStatus ? WORDS[n.message.publicStatus] : null;
    const subject = word ? `${word}: ${n.message.title}` : n.message.title;
    const components = n.message.services?.length ? `Affects: ${n.message.services.join(', ')}\n` : '';
    const text = `${word ? `${word} — ` : ''}${n.message.body}\n\n${components}Status page: ${n.message.url}\n`;
    return this.email(s, n, subject, text, true);
  }

  close(): void {
    this.mailer?.close();
  }

  private async confirmText(s: StatusSubscriber): Promise<string> {
    const scope = s.components ? `these components: ${s.components.join(', ')}` : 'every component';
    return (
      `Someone (we hope you) asked to receive status page updates at this address, for ${scope}.\n\n` +
      `To confirm, open this link within two days (it works once):\n${await this.tokens.confirmUrl(s)}\n\n` +
      'If you did not ask, ignore this email: nothing will be sent to you.\n'
    );
  }

  private async email(
    s: StatusSubscriber,
    n: Notification,
    subject: string,
    text: string,
    unsubscribe: boolean,
  ): Promise<DeliveryOutcome> {
    if (!this.mail.smtpUrl) return { ok: false, code: null, skipped: 'VIGIL_SMTP_URL is not set' };
    this.mailer ??= nodemailer.createTransport(this.mail.smtpUrl);
    const link = await this.tokens.unsubscribeUrl(s);
    try {
      const info = await this.mailer.sendMail({
        from: this.mail.emailFrom,
        to: [s.address],
        subject,
        // The same for every attempt: a mail sent again after a crash is the same message to the mailbox.
        messageId: messageIdFor(n.idempotencyKey, this.publicUrl),
        text: unsubscribe ? `${text}\nUnsubscribe (one click): ${link}\n` : text,
        headers: {
          'X-Vigil-Idempotency-Key': n.idempotencyKey,
          // RFC 8058: a mail client's "Unsubscribe" POSTs List-Unsubscribe=One-Click to this link, nothing to confirm.
          ...(unsubscribe
            ? { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
            : {}),
        },
      });
      const code = Number(/^(\d{3})/.exec(String((info as { response?: string }).response ?? ''))?.[1] ?? 250);
      return { ok: true, code };
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode ?? null;
      return { ok: false, code, permanent: code !== null && code >= 500, error: (e as Error).message.slice(0, 500) };
    }
  }

  /** POSTs the notice as JSON, signed with the subscriber's secret: `X-Vigil-Signature: t=…,v1=…`. */
  private async webhook(s: StatusSubscriber, n: Notification, notice: string): Promise<DeliveryOutcome> {
    const body = JSON.stringify({
      id: n.idempotencyKey,
      event: EVENTS[notice] ?? notice.toLowerCase(),
      title: n.message.title,
      status: n.message.publicStatus ?? null,
      message: n.message.body,
      components: n.message.services ?? [],
      url: n.message.url,
      at: n.createdAt.toISOString(),
    });
    const t = Math.floor(this.clock.now().getTime() / 1000);
    const res = await this.outbound.send(s.address, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Vigil-Status',
        'idempotency-key': n.idempotencyKey,
        'x-vigil-event': EVENTS[notice] ?? notice,
        'x-vigil-signature': webhookSignature(await this.tokens.webhookSecret(s), t, webhookSignatureBase(t, body)),
      },
      body,
    });
    return {
      ok: res.ok,
      code: res.status,
      retryAfter: res.retryAfter,
      permanent: res.reason !== null && PERMANENT_REASONS.has(res.reason),
      error: res.reason,
    };
  }
}
