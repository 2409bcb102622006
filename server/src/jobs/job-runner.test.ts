import { Job, JobRunner } from './job-runner';

/** Polls until `check` holds (every 5 ms, at most 2 s): waits for the thing itself, never a fixed time. */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the job runner', () => {
  let runner: JobRunner;
  const logged: string[] = [];
  beforeEach(() => {
    logged.length = 0;
    runner = new JobRunner((m) => logged.push(m));
  });
  afterEach(() => runner.stop());

  it('runs each job at start, then again after its interval', async () => {
    let runs = 0;
    runner.add({ name: 'tick', everyMs: 20, run: async () => void runs++ });
    runner.start();
    await until(() => runs >= 3);
    expect(runner.status()).toEqual([expect.objectContaining({ name: 'tick', failures: 0 })]);
  });

  it('a failing pass is logged and counted, and the job carries on', async () => {
    let runs = 0;
    runner.add({
      name: 'flaky',
      everyMs: 10,
      run: async () => {
        runs++;
        if (runs <= 2) throw new Error('database unreachable');
      },
    });
    runner.start();
    await until(() => runs >= 4);
    expect(logged.slice(0, 2)).toEqual(['flaky: database unreachable', 'flaky: database unreachable']);
    expect(runner.status()[0]).toMatchObject({ failures: 2, lastError: 'database unreachable' });
  });

  it("tells its metrics each pass: what the job says it claimed (a count or a report's `claimed`), and failures", async () => {
    const passes: Array<[string, number, boolean]> = [];
    const measured = new JobRunner(() => undefined, {
      pass: (job, claimed, failed) => passes.push([job, claimed, failed]),
    });
    let runs = 0;
    measured.add({ name: 'count', everyMs: 60_000, run: async () => 3 });
    measured.add({ name: 'report', everyMs: 60_000, run: async () => ({ claimed: 2, sent: 2 }) });
    measured.add({ name: 'nothing', everyMs: 60_000, run: async () => 'done' });
    measured.add({
      name: 'broken',
      everyMs: 60_000,
      run: async () => {
        runs++;
        throw new Error('no database');
      },
    });
    measured.start();
    await until(() => passes.length === 4 && runs === 1);
    await measured.stop();
    expect(passes.sort()).toEqual([
      ['broken', 0, true],
      ['count', 3, false],
      ['nothing', 0, false],
      ['report', 2, false],
    ]);
  });

  it('never overlaps passes of one job, and a wake during a pass runs it again right after', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    let release: (() => void) | null = null;
    const job: Job = {
      name: 'slow',
      everyMs: 60_000,
      run: () =>
        new Promise<void>((resolve) => {
          runs++;
          running++;
          most = Math.max(most, running);
          release = () => {
            running--;
            resolve();
          };
        }),
    };
    runner.add(job);
    runner.start();
    await until(() => runs === 1);
    runner.wake('slow');
    runner.wake('slow');
    expect(runs).toBe(1);
    release!();
    await until(() => runs === 2);
    release!();
    expect(most).toBe(1);
  });

  it('wakes a job long before its interval', async () => {
    let runs = 0;
    runner.add({ name: 'sender', everyMs: 60_000, run: async () => void runs++ });
    runner.start();
    await until(() => runs === 1);
    runner.wake('sender');
    await until(() => runs === 2);
  });

  it('stop waits for the pass in flight and schedules nothing more', async () => {
    let runs = 0;
    let finished = false;
    runner.add({
      name: 'last',
      everyMs: 5,
      run: async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 30));
        finished = true;
      },
    });
    runner.start();
    await until(() => runs === 1);
    await runner.stop();
    expect(finished).toBe(true);
    runner.wake('last');
    expect(runner.pending()).toBe(0);
  });

  it('refuses two jobs with one name', () => {
    runner.add({ name: 'x', everyMs: 1, run: async () => undefined });
    expect(() => runner.add({ name: 'x', everyMs: 1, run: async () => undefined })).toThrow(/already registered/);
  });
});
