import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import { FanoutStatus, RedisFanout } from './redis-fanout';

/** Topic names are Redis channel names too, hence the prefix. */
export const Topic = {
  INCIDENT_CHANGED: 'vigil.incidentChanged',
  TIMELINE_EVENT_ADDED: 'vigil.timelineEventAdded',
  /** Something on the public status page changed; the payload carries only the time. */
  PUBLIC_STATUS_CHANGED: 'vigil.publicStatusChanged',
  CREDENTIAL_REVOKED: 'vigil.credentialRevoked',
  /** An incident's escalation ladder moved (a level fired, paging stopped or restarted). */
  ESCALATION_CHANGED: 'vigil.escalationChanged',
  /** A post-mortem was opened, edited, moved or became overdue; payload: the post-mortem. */
  POSTMORTEM_CHANGED: 'vigil.postmortemChanged',
  /** An action item was added, edited or moved; payload: the item. */
  ACTION_ITEM_CHANGED: 'vigil.actionItemChanged',
  /** Incident metrics may have changed (debounced); payload: { at }. */
  METRICS_CHANGED: 'vigil.metricsChanged',
  /**
   * This replica's subscribers may have missed events (its Redis link was down, or it just started): clients refetch
   * what they show. Never crosses Redis. Payload: { at, reason }.
   */
  RESYNC: 'vigil.resync',
} as const;

/**
 * Payloads are plain JSON (dates as ISO strings) whether they cross Redis or not, so a subscriber behaves the
 * same on one process and on many.
 */
export type JsonPayload = Record<string, unknown>;

export type TopicName = (typeof Topic)[keyof typeof Topic];

type Topics = { [K in TopicName]: [JsonPayload] };

export type VigilPubSub = ReturnType<typeof createPubSub<Topics>>;

export interface PubSubHandle {
  pubSub: VigilPubSub;
  /**
   * Calls `listener` each time the Redis subscriber connection comes back after a loss: messages published meanwhile
   * (revocations among them) were missed, so whatever depends on them must be re-checked.
   */
  onReconnect(listener: () => void): void;
  /** Tells this replica's live subscriptions to refetch (Topic.RESYNC): they may have missed events. */
  resyncLocal(reason: string): void;
  /** The Redis link's state for /readyz; null when pub/sub is in-process. */
  status(): FanoutStatus | null;
  close(): Promise<void>;
}

/**
 * In-process pub/sub, or Redis fan-out across replicas when a Redis URL is given (redis-fanout.ts: local listeners
 * first, then the other replicas). A Redis connection that comes back triggers a resync of this replica's
 * subscribers, since events published meanwhile never reached them.
 */
export function createVigilPubSub(
  redisUrl: string | null,
  channelPrefix = 'vigil:',
  logError: (e: unknown) => void = () => undefined,
): PubSubHandle {
  const resyncPayload = (reason: string): JsonPayload => ({ at: new Date().toISOString(), reason });
  if (!redisUrl) {
    const target = new EventTarget();
    setMaxListeners(0, target);
    return {
      pubSub: createPubSub<Topics>({ eventTarget: target }),
      onReconnect: () => undefined,
      resyncLocal: (reason) => target.dispatchEvent(new CustomEvent(Topic.RESYNC, { detail: resyncPayload(reason) })),
      status: () => null,
      close: async () => undefined,
    };
  }
  const fanout = new RedisFanout(redisUrl, channelPrefix, logError);
  const handle: PubSubHandle = {
    pubSub: createPubSub<Topics>({ eventTarget: fanout }),
    onReconnect: (listener) => fanout.onReconnect(listener),
    resyncLocal: (reason) => fanout.dispatchLocal(Topic.RESYNC, resyncPayload(reason)),
    status: () => fanout.status(),
    close: async () => fanout.close(),
  };
  fanout.onReconnect(() => handle.resyncLocal('pub/sub reconnected'));
  return handle;
}

/** Round-trips a value through JSON: what a subscriber on another replica would receive. */
export function toJsonPayload(value: object): JsonPayload {
  return JSON.parse(JSON.stringify(value)) as JsonPayload;
}
