import { Response } from 'express';
import { Topic, VigilPubSub } from '../graphql/pubsub';
import { PublicStatusPage } from './statuspage.types';

/** Where the stream reads the page from (the status page service). */
export interface PublicStatusSource {
  snapshot(): Promise<PublicStatusPage>;
}

const MAX_LISTENERS = 2_000;
const KEEPALIVE_MS = 25_000;

/**
 * Live updates for anonymous visitors as Server-Sent Events (`GET /api/status/stream`). The GraphQL WebSocket
 * admits only signed-in callers, and a public page must not need a login. One pub/sub subscription per process
 * and one snapshot per change, however many visitors are listening.
 */
export class PublicStatusStream {
  private readonly listeners = new Set<Response>();
  private loop: AsyncIterator<unknown> | null = null;
  private keepalive: NodeJS.Timeout | null = null;

  constructor(private readonly statusPage: PublicStatusSource, private readonly pubSub: VigilPubSub) {}

  /** Adds a visitor: the current page at once, then the page again after every public change. */
  async attach(res: Response): Promise<void> {
    if (this.listeners.size >= MAX_LISTENERS) {
      res.status(503).set('Retry-After', '30').json({ error: 'Too many live listeners; reload later or use /api/status.json.' });
      return;
    }
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    this.listeners.add(res);
    res.on('close', () => this.listeners.delete(res));
    this.start();
    send(res, JSON.stringify(await this.statusPage.snapshot()));
  }

  /** Ends every open stream (server shutdown). */
  close(): void {
    for (const res of this.listeners) res.end();
    this.listeners.clear();
    if (this.keepalive) clearInterval(this.keepalive);
    void this.loop?.return?.();
    this.loop = null;
  }

  private start(): void {
    if (this.loop) return;
    const iterator = this.pubSub.subscribe(Topic.PUBLIC_STATUS_CHANGED)[Symbol.asyncIterator]();
    this.loop = iterator;
    this.keepalive = setInterval(() => this.listeners.forEach((res) => res.write(': keepalive\n\n')), KEEPALIVE_MS);
    this.keepalive.unref();
    void (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        if (!this.listeners.size) continue;
        const data = JSON.stringify(await this.statusPage.snapshot());
        for (const res of this.listeners) send(res, data);
      }
    })().catch(() => undefined);
  }
}

function send(res: Response, data: string): void {
  if (!res.writableEnded) res.write(`event: status\ndata: ${data}\n\n`);
}
