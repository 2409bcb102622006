import { Clock, RateLimits, SignInFailures, afterFailedSignIn, signInDelayMs } from '@vigil/shared';
import { RateLimiter, limitedAddress } from '../access/rate-limiter';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What stands before a password check: the per-address limit, the per-(account, address) limit, and the progressive
 * slow-down after failures of that account from that address (shared/src/domain/sign-in.ts). Nothing is keyed by the
 * account alone, so an attacker hammering an account slows and limits only their own attempts, never the owner's
 * from another address. The limits hold across replicas with Redis; the slow-down is per process.
 */
export class SignInGuard {
  private readonly failures = new Map<string, SignInFailures>();

  constructor(
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    /** Read at each attempt: the live object, so a changed limit applies at once. */
    private readonly limits: RateLimits,
    private readonly maxKeys = 50_000,
  ) {}

  /** Throws RATE_LIMITED, or waits as long as this account's recent failures from this address require. */
  async admit(email: string, ip: string | null): Promise<void> {
    // The address first: a refused address never gets to create a key per account name it tries.
    const address = limitedAddress(ip);
    await this.limiter.take('login-ip', address, this.limits.loginPerIp, 'sign-in attempts from this address');
    await this.limiter.take(
      'login-account',
      `${address}\n${email}`,
      this.limits.loginPerAccountAddress,
      'sign-in attempts for this account from this address',
    );
    const delay = signInDelayMs(this.failures.get(key(email, ip)), this.clock.now().getTime());
    if (delay > 0) await wait(delay);
  }

  failed(email: string, ip: string | null): void {
    const k = key(email, ip);
    // Full: the oldest entry goes, never all of them (a flood of new keys must not wipe an attacker's own slow-down).
    if (this.failures.size >= this.maxKeys && !this.failures.has(k))
      this.failures.delete(this.failures.keys().next().value as string);
    this.failures.set(k, afterFailedSignIn(this.failures.get(k), this.clock.now().getTime()));
  }

  succeeded(email: string, ip: string | null): void {
    this.failures.delete(key(email, ip));
  }
}

function key(email: string, ip: string | null): string {
  return `${ip ?? '?'}\n${email}`;
}
