import { JobObserver, NO_METRICS } from '../observability/metrics';

/**
 * A timer job: one pass over whatever is due. The job claims its own rows (FOR UPDATE SKIP LOCKED, a conditional
 * update or a lease), so passes on several replicas at once never do the same work twice; the runner only decides
 * when passes run.
 */
export interface Job {
  /** For the logs and `status()`. */
  name: string;
  /** Time between the end of one pass and the start of the next; passes of one job never overlap. */
  everyMs: number;
  run(): Promise<unknown>;
}

export interface JobStatus {
  name: string;
  runs: number;
  failures: number;
  lastError: string | null;
}

interface Slot {
  job: Job;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  /** A wake arrived during a pass: run again right after it. */
  again: boolean;
  status: JobStatus;
}

/**
 * The one place Vigil's timers run: escalation, the notification sender, heartbeats and the post-mortem sweep are
 * jobs. Every job runs once at start (a deadline missed while every replica was down fires now), then every
 * `everyMs`; a pass that fails is logged and counted and the job carries on (a database outage must not stop the
 * pager's timers); `wake` runs a job soon (the sender after a commit queued a page); `stop` schedules nothing more
 * and waits for the passes in flight. Timers never keep the process alive.
 */
export class JobRunner {
  private readonly slots = new Map<string, Slot>();
  private started = false;
  private stopped = false;

  constructor(
    private readonly log: (message: string) => void,
    private readonly metrics: JobObserver = NO_METRICS.jobs,
  ) {}

  add(job: Job): void {
    if (this.slots.has(job.name)) throw new Error(`A job named ${job.name} is already registered.`);
    this.slots.set(job.name, {
      job,
      timer: null,
      running: null,
      again: false,
      status: { name: job.name, runs: 0, failures: 0, lastError: null },
    });
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    for (const slot of this.slots.values()) this.schedule(slot, 0);
  }

  /** Runs the job soon (10 ms) unless the runner is not running; a pass in flight is followed by another. */
  wake(name: string): void {
    const slot = this.slots.get(name);
    if (!slot || !this.started || this.stopped) return;
    if (slot.running) slot.again = true;
    else this.schedule(slot, 10);
  }

  /** How many jobs have a pass scheduled or running (none once stopped). */
  pending(): number {
    return [...this.slots.values()].filter((s) => s.timer !== null || s.running !== null).length;
  }

  status(): JobStatus[] {
    return [...this.slots.values()].map((s) => ({ ...s.status }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const slot of this.slots.values()) if (slot.timer) clearTimeout(slot.timer);
    await Promise.all([...this.slots.values()].flatMap((s) => (s.running ? [s.running] : [])));
  }

  private schedule(slot: Slot, inMs: number): void {
    if (this.stopped) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = null;
      slot.running = this.pass(slot).finally(() => {
        slot.running = null;
        const again = slot.again;
        slot.again = false;
        this.schedule(slot, again ? 0 : slot.job.everyMs);
      });
    }, inMs);
    slot.timer.unref();
  }

  private async pass(slot: Slot): Promise<void> {
    slot.status.runs++;
    const started = process.hrtime.bigint();
    let claimed = 0;
    let failed = false;
    try {
      claimed = claimedBy(await slot.job.run());
    } catch (e) {
      failed = true;
      slot.status.failures++;
      slot.status.lastError = e instanceof Error ? e.message : String(e);
      this.log(`${slot.job.name}: ${slot.status.lastError}`);
    }
    this.metrics.pass(slot.job.name, claimed, failed, Number(process.hrtime.bigint() - started) / 1e9);
  }
}

/** What a pass says it claimed: a count, or a report with `claimed` (the notification sender's); else 0. */
function claimedBy(result: unknown): number {
  if (typeof result === 'number' && Number.isFinite(result) && result >= 0) return result;
  const claimed = (result as { claimed?: unknown } | null | undefined)?.claimed;
  return typeof claimed === 'number' && Number.isFinite(claimed) && claimed >= 0 ? claimed : 0;
}
