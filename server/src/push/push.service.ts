import {
  Actor,
  Clock,
  DomainError,
  ErrorCode,
  PushSubscriptionInput,
  assertPushSubscription,
  validationError,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { OutboundAllowList } from '../outbound/outbound-guard';
import { ContactMethod } from '../model/user.entity';
import { VapidKeyStore } from './vapid-keys';

/** Browsers one person may have subscribed at once: a phone, a laptop, a spare — and not an unbounded list. */
const MAX_PUSH_SUBSCRIPTIONS = 10;

/**
 * Subscribing a browser (issue 18). A subscription is verified by being made: only a signed-in browser session can
 * call `subscribePush` (it is session-only), and the endpoint and keys are what that browser's push service issued
 * to this server's VAPID key. A code sent by push would be shown in the very browser that just subscribed, so it
 * would prove nothing more; the person can send a test page to see it arrive.
 */
export class PushSubscriptions {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly vapid: VapidKeyStore,
    private readonly outbound: OutboundAllowList,
  ) {}

  /** The key a browser subscribes with (PushManager.subscribe's applicationServerKey). */
  async publicKey(): Promise<string> {
    return (await this.vapid.keys()).publicKey;
  }

  /**
   * Stores this browser's subscription as the caller's PUSH method, verified; the same endpoint subscribed again
   * (new keys, or after the push service said it was gone) updates that method and makes it usable again.
   */
  async subscribe(input: PushSubscriptionInput, actor: Actor): Promise<ContactMethod> {
    if (actor.userId === null)
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only a signed-in person subscribes a browser to their pages.');
    const sub = assertPushSubscription(input);
    const refused = this.outbound.literalRefusal(sub.endpoint);
    if (refused) throw validationError('endpoint', `endpoint ${refused}`);
    const userId = actor.userId;
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const mine = await m.find(ContactMethod, { where: { userId, kind: 'PUSH' } });
      const same = mine.find((c) => c.address === sub.endpoint);
      const patch = {
        pushP256dh: sub.p256dh,
        pushAuth: sub.auth,
        verifiedAt: now,
        unusableAt: null,
        unusableReason: null,
      };
      if (same) {
        await m.update(ContactMethod, { id: same.id }, patch);
        return m.findOneByOrFail(ContactMethod, { id: same.id });
      }
      if (mine.length >= MAX_PUSH_SUBSCRIPTIONS)
        throw validationError(
          'endpoint',
          `You have ${MAX_PUSH_SUBSCRIPTIONS} subscribed browsers; remove one before subscribing another.`,
        );
      return m.save(
        m.create(ContactMethod, {
          userId,
          kind: 'PUSH',
          address: sub.endpoint,
          createdAt: now,
          codeAttempts: 0,
          ...patch,
        }),
      );
    });
  }
}
