/**
 * Whether an unhandled rejection is ioredis failing a command that was still queued when its connection closed.
 * Some of ioredis's own commands (the parts of a MULTI, a ready check) carry no handler, so a Redis restart can
 * surface as an unhandled "Connection is closed." although every command Vigil sends has one. Redis going away is
 * an outage Vigil rides out (the rate limiter's memory insurance, pub/sub's resync), never a reason to exit.
 */
export function isRedisConnectionLoss(reason: unknown): boolean {
  return (
    reason instanceof Error &&
    reason.message === 'Connection is closed.' &&
    /[\\/]ioredis[\\/]/.test(reason.stack ?? '')
  );
}
