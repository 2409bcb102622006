import { formatDuration } from '@vigil/shared';

/**
 * What a screen may say about its link to the server. LIVE only while the server answers; STALE when the socket
 * looks open but has gone silent (a drop no close ever reported); RECONNECTING once it is known to be down, through
 * every retry; CONNECTING before the first connection.
 */
export type LinkState = 'LIVE' | 'STALE' | 'RECONNECTING' | 'CONNECTING';

/** What the client has seen of its WebSocket: replaced (never mutated) on every change. */
export interface LinkFacts {
  /** What graphql-ws last reported of the socket. */
  socket: 'connecting' | 'connected' | 'closed';
  /** When the server was last heard from (acknowledgement, pong or any message), in ms: the age of the data. */
  lastHeardAt: number | null;
  /** How many times the socket was acknowledged: a rise past 1 is a reconnect, when screens catch up. */
  connects: number;
}

/** The client pings this long after each pong. */
export const KEEPALIVE_MS = 4_000;
/** A ping unanswered this long ends the socket: a silent drop is noticed within KEEPALIVE_MS + PONG_TIMEOUT_MS. */
export const PONG_TIMEOUT_MS = 5_000;
/** A connection attempt that has not been acknowledged by then is abandoned (a blackholed handshake never ends). */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Silence after which a screen stops saying LIVE, whatever the socket says (one ping and its deadline, and slack). */
const LIVE_WINDOW_MS = KEEPALIVE_MS + PONG_TIMEOUT_MS + 1_000;
/** The longest wait between retries: a wall is back within this of the network coming back. */
const MAX_RETRY_WAIT_MS = 3_000;

export const initialLinkFacts: LinkFacts = { socket: 'connecting', lastHeardAt: null, connects: 0 };

/** The state a screen shows at `now`. */
export function linkState(facts: LinkFacts, now: number): LinkState {
  if (facts.lastHeardAt === null) return 'CONNECTING';
  if (facts.socket !== 'connected') return 'RECONNECTING';
  return now - facts.lastHeardAt <= LIVE_WINDOW_MS ? 'LIVE' : 'STALE';
}

/** "data is 42s old": never negative (a clock tick may lag the last pong), "never connected" before any data. */
export function dataAge(lastHeardAt: number | null, now: number): string {
  if (lastHeardAt === null) return 'never connected';
  return `data is ${formatDuration(Math.max(0, now - lastHeardAt))} old`;
}

/** The connection badge: "● LIVE", or the state and the age of what is on screen. */
export function linkLabel(facts: LinkFacts, now: number): { state: LinkState; label: string } {
  const state = linkState(facts, now);
  return { state, label: state === 'LIVE' ? '● LIVE' : `● ${state} · ${dataAge(facts.lastHeardAt, now)}` };
}

/**
 * The wait before retry `retries` (0 first): doubling from 1 s up to MAX_RETRY_WAIT_MS, jittered down by up to half
 * (`random` in [0, 1)) so walls do not reconnect in step after a restart.
 */
export function retryWaitMs(retries: number, random: number): number {
  const base = Math.min(1_000 * 2 ** retries, MAX_RETRY_WAIT_MS);
  return Math.round(base * (1 - random / 2));
}
