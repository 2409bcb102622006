import { Clock } from '@vigil/shared';

/** Something that schedules a callback: the real timers, or a test's hand-driven one. */
export interface Timer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimer: Timer = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Trailing-edge debounce with a ceiling: a burst of pokes fires once, `waitMs` after the last poke, but never
 * later than `maxWaitMs` after the first, so a busy stream of changes still refreshes the charts.
 */
export class Debouncer {
  private handle: unknown = null;
  private firstPokeAt: number | null = null;

  constructor(
    private readonly fire: () => void,
    private readonly clock: Clock,
    private readonly timer: Timer = realTimer,
    private readonly waitMs = 1000,
    private readonly maxWaitMs = 5000,
  ) {}

  /** Notes a change; fires later (or now, when the ceiling is reached). */
  poke(): void {
    const now = this.clock.now().getTime();
    this.firstPokeAt ??= now;
    if (this.handle !== null) this.timer.clear(this.handle);
    const left = Math.min(this.waitMs, this.firstPokeAt + this.maxWaitMs - now);
    if (left <= 0) {
      this.flush();
      return;
    }
    this.handle = this.timer.set(() => this.flush(), left);
  }

  /** Fires now if anything is pending. */
  flush(): void {
    if (this.firstPokeAt === null) return;
    if (this.handle !== null) this.timer.clear(this.handle);
    this.handle = null;
    this.firstPokeAt = null;
    this.fire();
  }

  /** Drops anything pending without firing (shutdown). */
  stop(): void {
    if (this.handle !== null) this.timer.clear(this.handle);
    this.handle = null;
    this.firstPokeAt = null;
  }
}
