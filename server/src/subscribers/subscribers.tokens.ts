import crypto from 'node:crypto';
import { StatusSubscriber } from '../model/status-subscriber.entity';

/** An HMAC under the server secret for one purpose (email-actions' `mac`): links and secrets are derived, never stored. */
export type Mac = (purpose: string, text: string) => Promise<string>;

const CONFIRM = 'status-subscriber-confirm';
const UNSUBSCRIBE = 'status-subscriber-unsubscribe';
const WEBHOOK_SECRET = 'status-subscriber-webhook-secret';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * The subscriber's links and a webhook's signing secret, each an HMAC of the row's id and a random value in the
 * row: someone who reads the database cannot make them without the server secret, and a link stops working when
 * its row changes (the confirmation nonce is cleared on use, the row is deleted on unsubscribe).
 */
export class SubscriberTokens {
  constructor(
    private readonly mac: Mac,
    private readonly publicUrl: string,
  ) {}

  private base(): string {
    return this.publicUrl.replace(/\/+$/, '');
  }

  async confirmUrl(s: StatusSubscriber): Promise<string> {
    const token = await this.mac(CONFIRM, `${s.id}.${s.confirmNonce ?? ''}`);
    return `${this.base()}/status/confirm?s=${s.id}&t=${token}`;
  }

  async unsubscribeUrl(s: StatusSubscriber): Promise<string> {
    return `${this.base()}/status/unsubscribe?s=${s.id}&t=${await this.mac(UNSUBSCRIBE, `${s.id}.${s.salt}`)}`;
  }

  async confirms(s: StatusSubscriber, token: string): Promise<boolean> {
    return s.confirmNonce !== null && same(token, await this.mac(CONFIRM, `${s.id}.${s.confirmNonce}`));
  }

  async unsubscribes(s: StatusSubscriber, token: string): Promise<boolean> {
    return same(token, await this.mac(UNSUBSCRIBE, `${s.id}.${s.salt}`));
  }

  /** A webhook's signing secret: shown once when an admin adds it, derived again for every delivery. */
  async webhookSecret(s: StatusSubscriber): Promise<string> {
    return `whsec_${await this.mac(WEBHOOK_SECRET, `${s.id}.${s.salt}`)}`;
  }
}

/** A fresh random value for a row (salt, nonce). */
export function randomToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** The unique key of an address: sha256 of kind and address (addresses can be longer than an index allows). */
export function addressKey(kind: string, address: string): string {
  return crypto.createHash('sha256').update(`${kind}\n${address}`).digest('hex');
}

/** The signature header of a webhook body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe's. */
export function webhookSignature(secret: string, timestampSeconds: number, base: string): string {
  return `t=${timestampSeconds},v1=${crypto.createHmac('sha256', secret).update(base).digest('hex')}`;
}
