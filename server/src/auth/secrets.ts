import crypto from 'node:crypto';
import { type Algorithm, type Options, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): ~30 ms a hash here. Unlike bcrypt it
 * reads the whole password, so a long password is never silently cut at 72 bytes. The encoded hash is 97 characters
 * (user.passwordHash holds 100).
 */
const ARGON2ID = 2 as Algorithm;
const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** The start of every hash made with today's setting: a stored hash that does not begin so is upgraded at sign-in. */
const CURRENT_PREFIX = '$argon2id$v=19$m=19456,t=2,p=1$';
const BCRYPT = /^\$2[aby]\$/;

/** A new random secret (256 bits) with a readable prefix, e.g. `vgl_wall_…`. */
export function newSecret(kind: string): string {
  return `vgl_${kind}_${crypto.randomBytes(32).toString('base64url')}`;
}

/** Random secrets are hashed with SHA-256: they have full entropy, so a slow hash adds nothing. */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/** A password's argon2id hash (salted, encoded with its parameters). */
export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2_OPTIONS);
}

export interface PasswordCheck {
  ok: boolean;
  /** The password was right but its hash is bcrypt or older argon2 settings: store hashPassword(password) instead. */
  rehash: boolean;
}

/**
 * The argon2id hash (today's setting) of a random password nobody kept: checking a sign-in without a stored hash
 * against it costs what a wrong password costs.
 */
const THROWAWAY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$8zz15A6DgWiSA/VNxfTjsA$+PSKYm00VVy5sLHSx0yjjtfVVZK8d3zbrcfBlRzrr1w';

/**
 * Checks a password against a stored hash: argon2id, or bcrypt from before argon2id (only ever verified, never
 * written). With no hash (unknown email, a person who only gets paged) it checks against a throwaway hash, so that
 * costs the same time as a wrong password.
 */
export async function checkPassword(password: string, hash: string | null): Promise<PasswordCheck> {
  if (hash && BCRYPT.test(hash)) {
    const ok = await bcrypt.compare(password, hash);
    return { ok, rehash: ok };
  }
  const stored = hash ?? THROWAWAY_HASH;
  const ok = await argon2Verify(stored, password).catch(() => false);
  return { ok: ok && hash !== null, rehash: ok && !stored.startsWith(CURRENT_PREFIX) };
}

/** A readable one-time password for the first admin. */
export function newPassword(): string {
  return crypto.randomBytes(15).toString('base64url');
}
