import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';

/** bcrypt cost 10: the floor the issue allows, ~60 ms a check here; raise it when hardware allows. */
const BCRYPT_COST = 10;

/** A new random secret (256 bits) with a readable prefix, e.g. `vgl_wall_…`. */
export function newSecret(kind: string): string {
  return `vgl_${kind}_${crypto.randomBytes(32).toString('base64url')}`;
}

/** Random secrets are hashed with SHA-256: they have full entropy, so a slow hash adds nothing. */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

let throwaway: string | null = null;

export function checkPassword(password: string, hash: string | null): Promise<boolean> {
  // Compare against a throwaway hash when there is none, so unknown emails cost the same time as wrong passwords.
  throwaway ??= bcrypt.hashSync(newPassword(), BCRYPT_COST);
  return bcrypt.compare(password, hash ?? throwaway);
}

/** A readable one-time password for the first admin. */
export function newPassword(): string {
  return crypto.randomBytes(15).toString('base64url');
}
