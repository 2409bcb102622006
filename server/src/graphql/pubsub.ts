import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import Redis from 'ioredis';

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
} as const;

/**
 * Payloads are plain JSON (dates as ISO strings) whether they cross Redis or not, so a subscriber behaves the
 * same on one process and on many.
 */
export type JsonPayload = Record<string, unknown>;

type Topics = { [K in (typeof Topic)[keyof typeof Topic]]: [JsonPayload] };

export type VigilPubSub = ReturnType<typeof createPubSub<Topics>>;

export interface PubSubHandle {
  pubSub: VigilPubSub;
  /**
   * Calls `listener` each time the Redis subscriber connection comes back after a loss: messages published meanwhile
   * (revocations among them) were missed, so whatever depends on them must be re-checked.
   */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

/**
 * Topics become `prefix + topic` on the wire, so deployments (and test runs) sharing one Redis never hear each
 * other; subscribers still see the bare topic.
 */
function prefixChannels(target: EventTarget, prefix: string): EventTarget {
  return {
    addEventListener: (type, listener, options) => target.addEventListener(prefix + type, listener, options),
    removeEventListener: (type, listener, options) => target.removeEventListener(prefix + type, listener, options),
    dispatchEvent: (event) => target.dispatchEvent(new CustomEvent(prefix + event.type, { detail: (event as CustomEvent).detail })),
  };
}

/** In-process pub/sub, or Redis fan-out across replicas when a Redis URL is given. */
export function createVigilPubSub(redisUrl: string | null, channelPrefix = 'vigil:', logError: (e: unknown) => void = () => undefined): PubSubHandle {
  if (!redisUrl) {
    const target = new EventTarget();
    setMaxListeners(0, target);
    return { pubSub: createPubSub<Topics>({ eventTarget: target as never }), onReconnect: () => undefined, close: async () => undefined };
  }
  const publishClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  // No ready check on the subscriber: it runs INFO after connecting, which Redis refuses once the first SUBSCRIBE
  // is queued ("Connection in subscriber mode"), and the subscription made at start-up (revocations) was lost.
  const subscribeClient = new Redis(redisUrl, { enableReadyCheck: false });
  // A Redis outage must never take the process down: connection errors are reported, and a publish or (un)subscribe
  // that fails is logged, never left as an unhandled rejection (the event target does not await them).
  publishClient.on('error', logError);
  subscribeClient.on('error', logError);
  const caught = <T>(p: Promise<T>) => p.catch((e: unknown) => logError(e));
  const safePublisher = { publish: (channel: string, message: string) => caught(publishClient.publish(channel, message)) };
  const safeSubscriber = {
    on: (event: string, listener: (...args: unknown[]) => void) => subscribeClient.on(event, listener),
    subscribe: (channel: string) => caught(subscribeClient.subscribe(channel)),
    unsubscribe: (channel: string) => caught(subscribeClient.unsubscribe(channel)),
  };
  const eventTarget = prefixChannels(createRedisEventTarget({
    publishClient: safePublisher as unknown as Redis, subscribeClient: safeSubscriber as unknown as Redis,
  }), channelPrefix);
  let connectedBefore = false;
  const reconnectListeners: Array<() => void> = [];
  subscribeClient.on('ready', () => {
    if (connectedBefore) for (const l of reconnectListeners) l();
    connectedBefore = true;
  });
  return {
    pubSub: createPubSub<Topics>({ eventTarget }),
    onReconnect: (listener) => reconnectListeners.push(listener),
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}

/** Round-trips a value through JSON: what a subscriber on another replica would receive. */
export function toJsonPayload(value: object): JsonPayload {
  return JSON.parse(JSON.stringify(value)) as JsonPayload;
}
