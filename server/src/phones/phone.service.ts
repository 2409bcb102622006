import { ActionLinkAction, DomainError, ErrorCode, RateLimit } from '@vigil/shared';
import { RateLimiter } from '../access/rate-limiter';
import { Database } from '../db/data-source';
import { ChannelActions } from '../email-actions';
import { HttpError } from '../http/http-error';
import { Notification } from '../model/notification.entity';
import { User } from '../model/user.entity';
import { twimlReply, TwilioClient, spentCode, waitingCode } from '../notify';
import { In } from 'typeorm';

/** An inbound Twilio request: the URL Twilio called (as configured publicly), its form fields and its signature. */
export interface InboundRequest {
  url: string;
  params: Record<string, string>;
  signature: string | undefined;
}

/**
 * Answers from phones (issue 18): an SMS reply with a page's code acknowledges it; a keypress in a page's call
 * acknowledges (1) or escalates (2). Each request must carry Twilio's signature; an unknown number or code, or a
 * call that is not a page's, changes nothing and is logged.
 */
export class PhoneReplies {
  constructor(
    private readonly db: Database,
    private readonly twilio: () => TwilioClient | null,
    private readonly actions: ChannelActions,
    private readonly log: (message: string) => void,
    private readonly limiter: RateLimiter,
    /** Wrong replies one number may send before its replies are ignored for the rest of the window. */
    private readonly wrongReplies: RateLimit,
  ) {}

  /**
   * POST /api/twilio/sms: the reply code acknowledges the page it was sent with, as the person paged — only a code
   * actually sent (SENT) to that number, while its page waits (codes are cleared once it is answered), and once: the
   * code is consumed, so a replayed signed request (Twilio's signature has no timestamp) does nothing. Wrong replies
   * are counted per number; past the limit, that number's replies are ignored (and logged) until the window ends.
   */
  async sms(req: InboundRequest): Promise<string> {
    this.check(req);
    const from = req.params.From ?? '';
    if (await this.limiter.spent('sms-wrong-reply', from, this.wrongReplies)) {
      this.log(`twilio: an SMS from ${mask(from)} ignored: too many wrong reply codes from that number`);
      return twimlReply('sms', null);
    }
    const code = /\b(\d{4,8})\b/.exec(req.params.Body ?? '')?.[1] ?? null;
    const page = code
      ? await this.db.dataSource.getRepository(Notification).findOne({
          where: {
            channel: 'SMS',
            address: from,
            replyCode: In([code, spentCode(code)]),
            kind: 'PAGE',
            status: 'SENT',
          },
          order: { id: 'DESC' },
        })
      : null;
    // The right code, sent again or after the page was answered elsewhere: told so, and not a wrong code.
    if (page && page.replyCode === spentCode(code!)) {
      this.log(`twilio: an SMS from ${mask(from)} answers a page that was already answered; nothing done`);
      return twimlReply('sms', `Nothing was done: incident ${page.incidentId}'s page was already answered.`);
    }
    if (!page || page.incidentId === null || page.targetUserId === null || !(await this.consume(page))) {
      this.log(`twilio: an SMS from ${mask(from)} matches no waiting page sent to that number; ignored`);
      await this.wrongReply(from);
      return twimlReply('sms', null);
    }
    const said = await this.act(page, 'ACKNOWLEDGE', 'sms');
    return twimlReply('sms', said);
  }

  /** Counts a wrong reply; the one over the limit is logged (the next ones are ignored before any lookup). */
  private async wrongReply(from: string): Promise<void> {
    try {
      await this.limiter.take('sms-wrong-reply', from, this.wrongReplies, 'wrong reply codes from this number');
    } catch (e) {
      if (!(e instanceof DomainError && e.code === ErrorCode.RATE_LIMITED)) throw e;
      this.log(`twilio: too many wrong reply codes from ${mask(from)}; its replies are ignored for a while`);
    }
  }

  /** Takes a page row's code (reply code or call keypress) for this one use; false when it was already taken. */
  private async consume(page: Notification): Promise<boolean> {
    const code = waitingCode(page.replyCode);
    if (code === null) return false;
    const result = await this.db.dataSource
      .createQueryBuilder()
      .update(Notification)
      .set({ replyCode: spentCode(code) })
      .where('id = :id AND replyCode = :code', { id: page.id, code })
      .execute();
    return result.affected === 1;
  }

  /** POST /api/twilio/voice/gather?n=<notification>: 1 acknowledges, 2 escalates, as the person called. */
  async gather(req: InboundRequest, notificationId: number): Promise<string> {
    this.check(req);
    const page = Number.isSafeInteger(notificationId)
      ? await this.db.dataSource
          .getRepository(Notification)
          .findOneBy({ id: notificationId, channel: 'VOICE', kind: 'PAGE' })
      : null;
    // The call's callee must be the number this page rang: a signed request for another call changes nothing.
    if (!page || page.incidentId === null || page.targetUserId === null || page.address !== req.params.To) {
      this.log(`twilio: a keypress for notification ${notificationId} matches no page call; ignored`);
      return twimlReply('voice', 'This call is not a Vigil page. Goodbye.');
    }
    const digit = (req.params.Digits ?? '').trim();
    if (digit !== '1' && digit !== '2') return twimlReply('voice', 'Nothing was done. Goodbye.');
    // A call's keypress acts once, and only while its page waits: the row's code is its one-time gather token
    // (cleared once the page is answered), so a replayed signed request finds nothing to act on.
    if (page.status !== 'SENT' || !(await this.consume(page))) {
      this.log(
        `twilio: a keypress for notification ${notificationId} came after its page was answered or used; ignored`,
      );
      return twimlReply('voice', 'Nothing was done: this page was already answered. Goodbye.');
    }
    return twimlReply('voice', await this.act(page, digit === '1' ? 'ACKNOWLEDGE' : 'ESCALATE', 'voice'));
  }

  private check(req: InboundRequest): void {
    const client = this.twilio();
    if (!client || !client.validSignature(req.signature, req.url, req.params))
      throw new HttpError('FORBIDDEN', 'The request does not carry a valid Twilio signature.', 'X-Twilio-Signature');
  }

  private async act(page: Notification, action: ActionLinkAction, via: 'sms' | 'voice'): Promise<string> {
    const user = await this.db.dataSource.getRepository(User).findOneBy({ id: page.targetUserId as number });
    if (!user) return 'Nothing was done.';
    try {
      await this.actions.perform(user, action, page.incidentId as number, via);
      return action === 'ACKNOWLEDGE'
        ? `Acknowledged incident ${page.incidentId}. Thank you.`
        : `Escalated incident ${page.incidentId}.`;
    } catch (e) {
      // Already acknowledged, resolved, or the person may no longer act: said back, nothing changed.
      if (e instanceof DomainError) return `Nothing was done: ${e.message}`;
      throw e;
    }
  }
}

/** Logs keep the last digits only: a phone number is personal data. */
function mask(phone: string): string {
  return phone.length > 4 ? `…${phone.slice(-4)}` : 'an unknown number';
}
