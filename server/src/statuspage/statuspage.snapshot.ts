import { performance } from 'node:perf_hooks';
import { Clock } from '@vigil/shared';

/** One build of the public state and what was rendered from it, once, for everyone. */
export interface Snapshot<T> {
  value: T;
  /** A hash of what the build shows (its generation time aside): ETags and the live stream's event ids. */
  version: string;
  /** The clock's time the build was made for. */
  at: Date;
  /** A representation made once per build (the JSON text, the feed, the HTML) and reused for every request. */
  rendered(kind: string, render: (value: T) => string): string;
}

export interface SnapshotStats {
  builds: number;
  failures: number;
}

interface Built<T> extends Snapshot<T> {
  generation: number;
  startedAt: number;
}

/**
 * The public status page's state, built at most once per `rebuildMs` however many ask, and never older than a change
 * this process has heard of: a change (`invalidate`) makes the next caller wait for a build that includes it. Callers
 * that arrive together share one build. A build that fails leaves the last good one in service: the public page
 * is the one that must load while things are broken.
 */
export class SnapshotCache<T> {
  private cached: Built<T> | null = null;
  private generation = 0;
  private building: { generation: number; promise: Promise<Built<T>> } | null = null;
  private scheduled: Promise<Built<T>> | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly listeners: Array<(next: Snapshot<T>, previous: Snapshot<T> | null) => void> = [];
  private readonly counts: SnapshotStats = { builds: 0, failures: 0 };

  constructor(
    private readonly build: (now: Date) => Promise<T>,
    private readonly versionOf: (value: T) => string,
    private readonly clock: Clock,
    private readonly rebuildMs: number,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  /** Builds made and failed so far (tests and metrics read these). */
  stats(): SnapshotStats {
    return { ...this.counts };
  }

  /** Something public changed: the next caller gets a build made after this moment. */
  invalidate(): void {
    this.generation++;
  }

  /** Called after every successful build with the one before it (the live stream sends the difference). */
  onBuilt(listener: (next: Snapshot<T>, previous: Snapshot<T> | null) => void): void {
    this.listeners.push(listener);
  }

  /** The current snapshot: the cached one while it is fresh, else the next build (shared, and throttled). */
  current(): Promise<Snapshot<T>> {
    const c = this.cached;
    if (c && c.generation === this.generation) {
      if (this.fresh(c)) return Promise.resolve(c);
      // Too old (the time on the page moves: maintenance starts, incidents age out): as good as a change.
      this.generation++;
    }
    return this.atLeast(this.generation);
  }

  private fresh(c: Built<T>): boolean {
    const age = this.clock.now().getTime() - c.at.getTime();
    return this.monotonic() - c.startedAt < this.rebuildMs && age >= 0 && age < this.rebuildMs;
  }

  private atLeast(generation: number): Promise<Built<T>> {
    if (this.building && this.building.generation >= generation) return this.building.promise;
    this.scheduled ??= (async () => {
      // Yield first: `scheduled` must be assigned before it is cleared below.
      await Promise.resolve();
      // Node's timers run on a cached, whole-millisecond loop clock and can fire up to a millisecond (more on a
      // loaded machine) before `wait` has passed on the monotonic clock: sleep again until it truly has.
      for (let wait = this.remainingWait(); wait > 0; wait = this.remainingWait()) {
        await new Promise((r) => setTimeout(r, Math.ceil(wait)));
      }
      // One build at a time: the next starts when the one running ends.
      while (this.building) await this.building.promise.catch(() => undefined);
      this.scheduled = null;
      return this.start().promise;
    })();
    return this.scheduled;
  }

  private remainingWait(): number {
    return this.lastStart + this.rebuildMs - this.monotonic();
  }

  private start(): { generation: number; promise: Promise<Built<T>> } {
    const generation = this.generation;
    const startedAt = this.monotonic();
    const at = this.clock.now();
    this.lastStart = startedAt;
    const promise = (async (): Promise<Built<T>> => {
      try {
        const value = await this.build(at);
        const renders = new Map<string, string>();
        const built: Built<T> = {
          value,
          at,
          generation,
          startedAt,
          version: this.versionOf(value),
          rendered(kind, render) {
            let text = renders.get(kind);
            if (text === undefined) renders.set(kind, (text = render(value)));
            return text;
          },
        };
        const previous = this.cached;
        this.cached = built;
        this.counts.builds++;
        for (const listener of this.listeners) {
          try {
            listener(built, previous);
          } catch {
            // A listener's failure is its own (the stream drops its broken sockets); the snapshot still serves.
          }
        }
        return built;
      } catch (e) {
        this.counts.failures++;
        if (this.cached) return this.cached;
        throw e;
      } finally {
        this.building = null;
      }
    })();
    this.building = { generation, promise };
    return this.building;
  }
}
