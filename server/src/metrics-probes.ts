import { Clock } from '@vigil/shared';
import { Database } from './db/data-source';
import { outboxBacklog } from './notify/outbox-backlog';
import { ScrapeProbes } from './observability/metrics';
import { PubSubHandle } from './pubsub/pubsub';

/** What a metrics scrape reads at scrape time: the outbox's backlog (one cheap query each), sockets, Redis. */
export function scrapeProbes(parts: {
  db: Database;
  clock: Clock;
  pubsub: PubSubHandle;
  websockets: () => number;
  subscriptions: () => { open: number; streams: number };
}): ScrapeProbes {
  return {
    outbox: () => outboxBacklog(parts.db, parts.clock.now()),
    now: () => parts.clock.now(),
    websockets: parts.websockets,
    subscriptions: parts.subscriptions,
    pools: () => parts.db.pools(),
    redisConnected: () => {
      const fanout = parts.pubsub.status();
      return fanout ? fanout.redis === 'connected' : null;
    },
  };
}
