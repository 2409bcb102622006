import crypto from 'node:crypto';
import webpush from 'web-push';
import { Clock } from '@vigil/shared';
import { Database } from '../db/data-source';
import { isDuplicateKey } from '../db/duplicate-key';
import { ServerSecret } from '../model/action-link.entity';

/** The server's VAPID key pair (RFC 8292), base64url as browsers and web-push take them. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const SECRET_NAME = 'vapid-private-key';

/** The public key of a P-256 private key: one row holds the pair, so two replicas can never keep halves of two. */
function publicKeyOf(privateKey: string): string {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
  return ecdh.getPublicKey().toString('base64url');
}

/**
 * The VAPID keys: configured (VIGIL_VAPID_PUBLIC_KEY and VIGIL_VAPID_PRIVATE_KEY), else generated once and kept in
 * the database like the action-link secret, so every replica signs alike and subscriptions survive restarts.
 */
export class VapidKeyStore {
  private loaded: Promise<VapidKeys> | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly configured: VapidKeys | null,
  ) {}

  keys(): Promise<VapidKeys> {
    this.loaded ??= this.load().catch((e: unknown) => {
      this.loaded = null;
      throw e;
    });
    return this.loaded;
  }

  private async load(): Promise<VapidKeys> {
    if (this.configured) return this.configured;
    const repo = this.db.dataSource.getRepository(ServerSecret);
    let stored = await repo.findOneBy({ name: SECRET_NAME });
    if (!stored) {
      try {
        // web-push's generator: the key pair browsers accept as an applicationServerKey.
        await repo.insert({
          name: SECRET_NAME,
          value: webpush.generateVAPIDKeys().privateKey,
          createdAt: this.clock.now(),
        });
      } catch (e) {
        // Another replica stored its pair first: that one is used.
        if (!isDuplicateKey(e)) throw e;
      }
      stored = await repo.findOneByOrFail({ name: SECRET_NAME });
    }
    return { publicKey: publicKeyOf(stored.value), privateKey: stored.value };
  }
}
