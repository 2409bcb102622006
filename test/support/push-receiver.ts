import crypto from 'node:crypto';
// http_ece: the reference implementation of RFC 8188/8291 content encoding, by the Web Push spec's editors; it
// decrypts here what the server's web-push encrypted, so the test does not check the library with itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ece = require('http_ece') as {
  decrypt(buffer: Buffer, params: { version: string; privateKey: crypto.ECDH; authSecret: Buffer }): Buffer;
};

/** A browser's side of a push subscription: its P-256 key pair and auth secret, as PushManager.subscribe makes them. */
export class TestPushBrowser {
  private readonly ecdh = crypto.createECDH('prime256v1');
  readonly authSecret = crypto.randomBytes(16);
  readonly p256dh: string;

  constructor(readonly endpoint: string) {
    this.p256dh = this.ecdh.generateKeys().toString('base64url');
  }

  get auth(): string {
    return this.authSecret.toString('base64url');
  }

  /** Decrypts a push message body (aes128gcm) with this subscription's private key and auth secret. */
  decrypt(body: Buffer): string {
    return ece
      .decrypt(body, { version: 'aes128gcm', privateKey: this.ecdh, authSecret: this.authSecret })
      .toString('utf8');
  }
}

/** What a VAPID Authorization header (RFC 8292: `vapid t=<JWT>, k=<public key>`) says, signature checked. */
export interface VapidClaims {
  publicKey: string;
  aud: string;
  sub: string;
  exp: number;
}

/** Parses and verifies a VAPID header: ES256 over the JWT with the key it names; throws when anything is wrong. */
export function verifyVapid(header: string | undefined): VapidClaims {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [, head, body, sig, k] = m;
  const jwtHeader = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg: string; typ: string };
  if (jwtHeader.alg !== 'ES256') throw new Error(`JWT alg is ${jwtHeader.alg}, not ES256`);
  const raw = Buffer.from(k, 'base64url');
  const key = crypto.createPublicKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33, 65).toString('base64url'),
    },
  });
  const ok = crypto.verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(sig, 'base64url'),
  );
  if (!ok) throw new Error('the VAPID JWT signature does not verify with its key');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Omit<VapidClaims, 'publicKey'>;
  return { ...claims, publicKey: k };
}
