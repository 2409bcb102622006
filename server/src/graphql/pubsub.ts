import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import Redis from 'ioredis';

/** Topic names are Redis channel names too, hence the prefix. */
export const Topic = {
  INCIDENT_CHANGED: 'vigil.incidentChanged',
  TIMELINE_EVENT_ADDED: 'vigil.timelineEventAdded',
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
  close(): Promise<void>;
}

/** In-process pub/sub, or Redis fan-out across replicas when a Redis URL is given. */
export function createVigilPubSub(redisUrl: string | null): PubSubHandle {
  if (!redisUrl) {
    const target = new EventTarget();
    setMaxListeners(0, target);
    return { pubSub: createPubSub<Topics>({ eventTarget: target as never }), close: async () => undefined };
  }
  const publishClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl);
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubSub: createPubSub<Topics>({ eventTarget }),
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
