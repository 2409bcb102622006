import { validationError } from './errors';
import { SECOND } from './time';

export const HEARTBEAT_LIMITS = {
  minIntervalSeconds: 30,
  maxIntervalSeconds: 7 * 24 * 3600,
  maxGraceSeconds: 24 * 3600,
} as const;

/** Checks a monitor's interval and grace (seconds); throws VALIDATION naming the field. */
export function validateHeartbeatTiming(intervalSeconds: number, graceSeconds: number): void {
  const { minIntervalSeconds: min, maxIntervalSeconds: max, maxGraceSeconds } = HEARTBEAT_LIMITS;
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < min || intervalSeconds > max) {
    throw validationError('intervalSeconds', `intervalSeconds must be a whole number from ${min} to ${max}.`);
  }
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > maxGraceSeconds) {
    throw validationError('graceSeconds', `graceSeconds must be a whole number from 0 to ${maxGraceSeconds}.`);
  }
}

/** When the monitor is missed: the last ping (or its creation) plus interval plus grace. */
export function heartbeatDeadline(lastSeenAt: Date, intervalSeconds: number, graceSeconds: number): Date {
  return new Date(lastSeenAt.getTime() + (intervalSeconds + graceSeconds) * SECOND);
}

/** Missed strictly after the deadline: a ping at exactly the deadline is on time. */
export function isHeartbeatMissed(deadline: Date, now: Date): boolean {
  return now.getTime() > deadline.getTime();
}

export type HeartbeatState = 'UP' | 'DOWN';

/** What a ping does: a DOWN monitor comes back up (and its incident resolves); an UP one just moves its deadline. */
export function onHeartbeatPing(state: HeartbeatState): { state: 'UP'; recovered: boolean } {
  return { state: 'UP', recovered: state === 'DOWN' };
}
