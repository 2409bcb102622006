import crypto from 'node:crypto';
import { setMaxListeners } from 'node:events';
import Redis from 'ioredis';

/** What a replica's Redis link is doing, for /readyz and the logs. */
export interface FanoutStatus {
  redis: 'connected' | 'reconnecting';
  /** Publishes that never reached Redis (dropped while it was away); local subscribers still got them. */
  failedPublishes: number;
}

/**
 * An EventTarget that delivers every event to this process's own listeners at once and fans it out to the other
 * replicas through Redis pub/sub. Local delivery never waits on Redis, so while Redis is away a replica keeps
 * serving its own subscribers; a message coming back from Redis with this replica's own origin is dropped.
 * Failures are logged and counted, never thrown: a Redis outage must not take a request or a timer down with it.
 */
export class RedisFanout implements EventTarget {
  private readonly local = new EventTarget();
  private readonly origin = crypto.randomBytes(8).toString('hex');
  private readonly listening = new Map<string, number>();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly reconnectListeners: Array<() => void> = [];
  private connectedBefore = false;
  private subscriberUp = false;
  private failedPublishes = 0;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly logError: (e: unknown) => void,
  ) {
    setMaxListeners(0, this.local);
    // Publishes fail fast while Redis is away instead of queueing: the local delivery already happened.
    this.publisher = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    // No ready check on the subscriber: it runs INFO after connecting, which Redis refuses once the first SUBSCRIBE
    // is queued ("Connection in subscriber mode"). ioredis re-subscribes every channel after a reconnect.
    this.subscriber = new Redis(redisUrl, { enableReadyCheck: false });
    this.publisher.on('error', (e) => this.logError(e));
    this.subscriber.on('error', (e) => this.logError(e));
    this.subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
    this.subscriber.on('ready', () => {
      this.subscriberUp = true;
      // Every channel this replica listens on, again: a SUBSCRIBE queued during an outage is dropped after ioredis's
      // retries (about 10 s), and ioredis only re-subscribes the channels it saw confirmed. Subscribing twice is a no-op.
      for (const type of this.listening.keys())
        this.subscriber.subscribe(this.prefix + type).catch((e: unknown) => this.logError(e));
      if (this.connectedBefore) for (const l of this.reconnectListeners) l();
      this.connectedBefore = true;
    });
    this.subscriber.on('close', () => {
      this.subscriberUp = false;
    });
  }

  status(): FanoutStatus {
    return {
      redis: this.subscriberUp && this.publisher.status === 'ready' ? 'connected' : 'reconnecting',
      failedPublishes: this.failedPublishes,
    };
  }

  /** Called each time the subscriber connection comes back after a loss (messages published meanwhile were missed). */
  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  /** Delivers to this process's listeners only (a resync signal concerns only the sockets of this replica). */
  dispatchLocal(type: string, detail: unknown): void {
    this.local.dispatchEvent(new CustomEvent(type, { detail }));
  }

  addEventListener(...[type, listener, options]: Parameters<EventTarget['addEventListener']>): void {
    if (!listener) return;
    this.local.addEventListener(type, listener, options);
    const n = this.listening.get(type) ?? 0;
    this.listening.set(type, n + 1);
    if (n === 0) this.subscriber.subscribe(this.prefix + type).catch((e: unknown) => this.logError(e));
  }

  removeEventListener(...[type, listener, options]: Parameters<EventTarget['removeEventListener']>): void {
    if (!listener) return;
    this.local.removeEventListener(type, listener, options);
    const n = (this.listening.get(type) ?? 1) - 1;
    if (n > 0) {
      this.listening.set(type, n);
      return;
    }
    this.listening.delete(type);
    this.subscriber.unsubscribe(this.prefix + type).catch((e: unknown) => this.logError(e));
  }

  dispatchEvent(event: Event): boolean {
    const detail = (event as CustomEvent).detail as unknown;
    this.dispatchLocal(event.type, detail);
    this.publisher
      .publish(this.prefix + event.type, JSON.stringify({ o: this.origin, d: detail ?? null }))
      .catch((e: unknown) => {
        this.failedPublishes++;
        this.logError(e);
      });
    return true;
  }

  close(): void {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private onMessage(channel: string, message: string): void {
    if (!channel.startsWith(this.prefix)) return;
    let parsed: { o?: string; d?: unknown };
    try {
      parsed = JSON.parse(message) as { o?: string; d?: unknown };
    } catch (e) {
      this.logError(e);
      return;
    }
    if (parsed.o === this.origin) return;
    this.dispatchLocal(channel.slice(this.prefix.length), parsed.d ?? null);
  }
}
