import webpush from 'web-push';
import { Clock, ACTION_LINK_TTL_MS, Severity, pushPayloadJson, pushVerdict, urgencyOf } from '@vigil/shared';
import { Database } from '../db/data-source';
import { Notification } from '../model/notification.entity';
import { DeliveryOutcome } from '../notify';
import { OutboundGuard } from '../outbound/outbound-guard';
import { PERMANENT_REASONS } from '../outbound/outbound-reason';
import { ContactMethod } from '../model/user.entity';
import { VapidKeyStore } from './vapid-keys';

/** One-time Acknowledge/Escalate tokens for a person's push (email-actions, marked as sent by push). */
export type PushTokenMaker = (incidentId: number, userId: number) => Promise<{ ACKNOWLEDGE: string; ESCALATE: string }>;

/**
 * Sends pages as standard Web Push: web-push (the maintained library for VAPID and RFC 8291 encryption) builds the
 * request, the outbound guard sends it (the endpoint came from a browser: it must resolve to a public address unless
 * the operator allowed it). A 404/410 marks the subscription unusable and skips the page; another 4xx skips it with
 * the reason; 5xx and timeouts are left to the outbox's retries.
 */
export class WebPushSender {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly vapid: VapidKeyStore,
    private readonly subject: string,
    private readonly guard: OutboundGuard,
    private readonly tokens: PushTokenMaker | null,
  ) {}

  async deliver(n: Notification): Promise<DeliveryOutcome> {
    const method =
      n.contactMethodId === null
        ? null
        : await this.db.dataSource.getRepository(ContactMethod).findOneBy({ id: n.contactMethodId });
    if (!method || method.kind !== 'PUSH' || !method.pushP256dh || !method.pushAuth)
      return { ok: false, code: null, skipped: 'the push subscription was removed' };
    if (method.unusableReason) return { ok: false, code: null, skipped: method.unusableReason };
    const actions =
      n.kind === 'PAGE' && n.incidentId !== null && n.targetUserId !== null && this.tokens
        ? await this.tokens(n.incidentId, n.targetUserId)
        : null;
    // Stored from the incident's severity when the row was written.
    const severity = n.message.severity as Severity | null;
    const payload = pushPayloadJson({
      kind: n.kind,
      notificationId: n.id,
      incidentId: n.incidentId,
      severity,
      status: n.message.status,
      title: n.message.title,
      body: n.message.body,
      url: n.message.url,
      actions,
    });
    const keys = await this.vapid.keys();
    let request: webpush.RequestDetails;
    try {
      request = webpush.generateRequestDetails(
        { endpoint: method.address, keys: { p256dh: method.pushP256dh, auth: method.pushAuth } },
        payload,
        {
          vapidDetails: { subject: this.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
          // A page is worth delivering while its action tokens work; the push service drops it after that.
          TTL: Math.floor(ACTION_LINK_TTL_MS / 1000),
          urgency: n.kind === 'PAGE' && urgencyOf(severity) === 'HIGH' ? 'high' : 'normal',
          contentEncoding: 'aes128gcm',
        },
      );
    } catch (e) {
      // The subscription's keys or endpoint cannot be used (checked when subscribed; kept from older rows).
      return {
        ok: false,
        code: null,
        skipped: `the push subscription cannot be used: ${(e as Error).message}`.slice(0, 300),
      };
    }
    const res = await this.guard.send(request.endpoint, {
      method: 'POST',
      headers: { ...(request.headers as Record<string, string>), 'user-agent': 'Vigil-Notifier' },
      body: request.body ?? undefined,
    });
    const verdict = pushVerdict(res.status, res.reason, res.reason !== null && PERMANENT_REASONS.has(res.reason));
    switch (verdict.outcome) {
      case 'SENT':
        return { ok: true, code: res.status };
      case 'GONE':
        await this.markGone(method.id, verdict.reason);
        return { ok: false, code: res.status, skipped: verdict.reason };
      case 'REFUSED':
        return { ok: false, code: res.status, skipped: verdict.reason };
      case 'RETRY':
        return { ok: false, code: res.status, retryAfter: res.retryAfter, error: verdict.reason };
    }
  }

  /** The subscription is gone for good: later pages skip it at once (planned as skipped), until subscribed again. */
  private async markGone(id: number, reason: string): Promise<void> {
    await this.db.dataSource
      .getRepository(ContactMethod)
      .update({ id }, { unusableAt: this.clock.now(), unusableReason: reason.slice(0, 300) });
  }
}
