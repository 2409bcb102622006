import { limitedAddress } from '../access/rate-limiter';
import { Request, Response } from 'express';
import { diffPublicPage } from '@vigil/shared';
import { HttpError, sendHttpError } from '../http/http-error';
import { StatusPageConfig } from './statuspage.config';
import { Snapshot, SnapshotCache } from './statuspage.snapshot';
import { PublicStatusPage } from './statuspage.types';

const KEEPALIVE_MS = 25_000;

interface Listener {
  address: string;
  /** The version this listener's page is at; null until its first page is sent. */
  version: string | null;
}

export interface StreamStats {
  listeners: number;
  /** Listeners disconnected because they left more than the buffer limit unread. */
  dropped: number;
  /** Connections refused: over the per-address cap (429), over the process's cap (503). */
  refusedPerAddress: number;
  refusedFull: number;
  /** Bytes of events written (a measure of what live listeners cost). */
  bytes: number;
}

/**
 * Live updates for anonymous visitors as Server-Sent Events (`GET /api/status/stream`). The GraphQL WebSocket
 * admits only signed-in callers, and a public page must not need a login. A listener gets the whole page once
 * (`event: status`, unless its Last-Event-ID is already the current version), then only what changed
 * (`event: change`, statuspage-change.ts), made once per snapshot for all listeners. Each address may hold
 * `streamsPerAddress` streams; a listener that leaves more than `streamBufferBytes` unread is disconnected.
 */
export class PublicStatusStream {
  private readonly listeners = new Map<Response, Listener>();
  private readonly perAddress = new Map<string, number>();
  private keepalive: NodeJS.Timeout | null = null;
  private readonly counts = { dropped: 0, refusedPerAddress: 0, refusedFull: 0, bytes: 0 };

  constructor(
    private readonly snapshots: SnapshotCache<PublicStatusPage>,
    private readonly limits: StatusPageConfig,
  ) {
    snapshots.onBuilt((next, previous) => this.broadcast(next, previous));
  }

  stats(): StreamStats {
    return { listeners: this.listeners.size, ...this.counts };
  }

  /** Something changed: with listeners, build now (within the throttle) so they hear of it without a request. */
  wake(): void {
    if (this.listeners.size) void this.snapshots.current().catch(() => undefined);
  }

  /** Adds a visitor, or refuses one over a cap (429 per address, 503 for the process). */
  async attach(req: Request, res: Response): Promise<void> {
    // An IPv6 caller counts by its /64, as the rate limits count it: rotating addresses gets no more streams.
    const address = limitedAddress(req.ip ?? req.socket.remoteAddress ?? null);
    if (this.listeners.size >= this.limits.streamsMax) {
      this.counts.refusedFull++;
      sendHttpError(
        res,
        new HttpError('UNAVAILABLE', 'Too many live listeners; reload later or use /api/status.json.'),
      );
      return;
    }
    const held = this.perAddress.get(address) ?? 0;
    if (held >= this.limits.streamsPerAddress) {
      this.counts.refusedPerAddress++;
      res.set('Retry-After', '30');
      sendHttpError(
        res,
        new HttpError(
          'RATE_LIMITED',
          `At most ${this.limits.streamsPerAddress} live streams per address; close one or use /api/status.json.`,
        ),
      );
      return;
    }
    const listener: Listener = { address, version: null };
    this.listeners.set(res, listener);
    this.perAddress.set(address, held + 1);
    res.on('close', () => this.detach(res));
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    this.startKeepalive();
    const snapshot = await this.snapshots.current();
    if (!this.listeners.has(res) || listener.version !== null) return;
    // A reconnecting browser sends the last id it saw: when that is the current version it already has the page.
    if (req.get('last-event-id') !== snapshot.version) {
      this.write(res, ...statusEvent(snapshot));
    }
    listener.version = snapshot.version;
  }

  /** Ends every open stream (server shutdown). */
  close(): void {
    for (const res of [...this.listeners.keys()]) res.end();
    this.listeners.clear();
    this.perAddress.clear();
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = null;
  }

  private detach(res: Response): void {
    const listener = this.listeners.get(res);
    if (!listener) return;
    this.listeners.delete(res);
    const held = (this.perAddress.get(listener.address) ?? 1) - 1;
    if (held > 0) this.perAddress.set(listener.address, held);
    else this.perAddress.delete(listener.address);
  }

  private broadcast(next: Snapshot<PublicStatusPage>, previous: Snapshot<PublicStatusPage> | null): void {
    if (!this.listeners.size || (previous && previous.version === next.version)) return;
    const message = once(() => {
      const diff = previous && diffPublicPage(previous.value, next.value);
      return diff
        ? `event: change\nid: ${next.version}\ndata: ${JSON.stringify({ from: previous.version, to: next.version, change: diff })}\n\n`
        : '';
    });
    const whole = once(() => statusEvent(next)[0]);
    for (const [res, listener] of [...this.listeners]) {
      if (listener.version === null || listener.version === next.version) continue;
      // A listener one build behind gets the change; one further behind (it joined during a build) the whole page.
      const [text, bytes] = listener.version === previous?.version && message()[0] ? message() : whole();
      this.write(res, text, bytes);
      listener.version = next.version;
    }
  }

  /**
   * Writes to one listener. One that still has more than the limit unread from earlier events (beyond what the
   * operating system buffers) is disconnected instead: what it holds is bounded by the limit plus one event.
   */
  private write(res: Response, text: string, bytes = Buffer.byteLength(text)): void {
    if (res.writableEnded || res.destroyed) return;
    if (res.writableLength > this.limits.streamBufferBytes) {
      this.counts.dropped++;
      this.detach(res);
      res.destroy();
      return;
    }
    res.write(text);
    this.counts.bytes += bytes;
  }

  private startKeepalive(): void {
    if (this.keepalive) return;
    this.keepalive = setInterval(() => {
      if (!this.listeners.size) return;
      for (const res of [...this.listeners.keys()]) this.write(res, ': keepalive\n\n');
      // The page also changes with time alone (maintenance starts, incidents age out of the 14 days).
      this.wake();
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }
}

/** The whole page as one event, made once per snapshot. */
function statusEvent(snapshot: Snapshot<PublicStatusPage>): [string, number] {
  const text = snapshot.rendered(
    'sse-status',
    (page) => `event: status\nid: ${snapshot.version}\ndata: ${JSON.stringify(page)}\n\n`,
  );
  return [text, Buffer.byteLength(text)];
}

function once(make: () => string): () => [string, number] {
  let made: [string, number] | undefined;
  return () => (made ??= ((text) => [text, Buffer.byteLength(text)] as [string, number])(make()));
}
