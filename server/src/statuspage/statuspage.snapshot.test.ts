import { ManualClock } from '@vigil/shared';
import { SnapshotCache } from './statuspage.snapshot';

describe('the status snapshot cache', () => {
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');
  const make = (rebuildMs: number, fail = { now: false }) => {
    let content = 'a';
    const starts: number[] = [];
    const cache = new SnapshotCache<string>(
      async () => {
        starts.push(performance.now());
        await new Promise((r) => setImmediate(r));
        if (fail.now) throw new Error('database down');
        return content;
      },
      (v) => v,
      clock,
      rebuildMs,
    );
    return {
      cache,
      starts,
      set: (v: string) => {
        content = v;
      },
    };
  };

  it('callers that arrive together share one build; a fresh snapshot is served without building', async () => {
    const { cache } = make(60_000);
    const all = await Promise.all(Array.from({ length: 200 }, () => cache.current()));
    expect(new Set(all).size).toBe(1);
    await cache.current();
    expect(cache.stats()).toEqual({ builds: 1, failures: 0 });
  });

  it('after a change the next caller waits for a build that includes it, at most one per interval', async () => {
    const { cache, starts, set } = make(150);
    expect((await cache.current()).value).toBe('a');
    set('b');
    cache.invalidate();
    const [b1, b2] = await Promise.all([cache.current(), cache.current()]);
    expect([b1.value, b2.value]).toEqual(['b', 'b']);
    set('c');
    cache.invalidate();
    cache.invalidate();
    expect((await cache.current()).value).toBe('c');
    expect(cache.stats().builds).toBe(3);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(149);
  });

  it('a snapshot older than the interval on the clock is rebuilt; a clock set back too', async () => {
    const { cache } = make(200);
    const first = await cache.current();
    clock.advance(199);
    expect(await cache.current()).toBe(first);
    clock.advance(1);
    const second = await cache.current();
    expect(second).not.toBe(first);
    clock.advance(-1);
    expect(await cache.current()).not.toBe(second);
  });

  it('a failed build keeps the last good snapshot in service; with none, the caller hears the failure', async () => {
    const fail = { now: true };
    const { cache } = make(0, fail);
    await expect(cache.current()).rejects.toThrow('database down');
    fail.now = false;
    const good = await cache.current();
    fail.now = true;
    cache.invalidate();
    expect(await cache.current()).toBe(good);
    expect(cache.stats()).toEqual({ builds: 1, failures: 2 });
  });

  it('tells listeners each build with the one before it', async () => {
    const { cache, set } = make(0);
    const seen: Array<[string, string | null]> = [];
    cache.onBuilt((next, previous) => seen.push([next.version, previous?.version ?? null]));
    await cache.current();
    set('b');
    cache.invalidate();
    await cache.current();
    expect(seen).toEqual([
      ['a', null],
      ['b', 'a'],
    ]);
  });
});
