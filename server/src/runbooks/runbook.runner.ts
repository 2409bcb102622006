import { ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** One line a step printed. */
export interface OutputLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

export interface StepOutcome {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Why the program could not start (ENOENT, EACCES), if it could not. */
  error: string | null;
  durationMs: number;
  /** The HTTP status of a webhook step; null for commands. */
  statusCode: number | null;
}

const MAX_LINE = 2000;
const KILL_GRACE_MS = 2000;

/**
 * Runs one program with its arguments as argv (shell: false, so nothing in them is ever interpreted), reporting
 * each output line as it arrives, and kills it (TERM, then KILL) when it runs past its timeout.
 */
export function runStep(
  file: string, args: string[], options: {
    cwd: string; timeoutMs: number; onLine: (line: OutputLine) => void;
    onSpawn: (child: ChildProcess) => void; onExit: (child: ChildProcess) => void;
  },
): Promise<StepOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // Own process group, so a timeout kills the whole step (a script's children too), not just its shell.
      child = spawn(file, args, { shell: false, cwd: options.cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (e) {
      resolve({ exitCode: null, signal: null, timedOut: false, error: e instanceof Error ? e.message : String(e), durationMs: 0, statusCode: null });
      return;
    }
    options.onSpawn(child);
    let timedOut = false;
    let spawnError: string | null = null;
    let killTimer: NodeJS.Timeout | null = null;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child, 'SIGTERM');
      killTimer = setTimeout(() => killTree(child, 'SIGKILL'), KILL_GRACE_MS);
    }, options.timeoutMs);
    for (const stream of ['stdout', 'stderr'] as const) {
      let pending = '';
      const source = child[stream];
      source?.setEncoding('utf8');
      source?.on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split(/\r?\n/);
        pending = lines.pop() ?? '';
        for (const line of lines) options.onLine({ stream, line: line.slice(0, MAX_LINE) });
      });
      source?.on('end', () => {
        if (pending) options.onLine({ stream, line: pending.slice(0, MAX_LINE) });
        pending = '';
      });
    }
    let done = false;
    const finish = (code: number | null, signal: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      options.onExit(child);
      resolve({ exitCode: code, signal, timedOut, error: spawnError, durationMs: Math.round(performance.now() - started), statusCode: null });
    };
    child.on('error', (e) => {
      spawnError = e.message;
      // A program that never started gets no 'close' on every Node version: finish here.
      if (child.pid === undefined) finish(null, null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** Signals the step's whole process group, falling back to the process alone. */
export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * Posts a webhook step's JSON body to the deploy system (no redirects followed), reporting the answer's first
 * lines as output.
 */
export async function postWebhook(
  url: string, headers: Record<string, string>, body: Record<string, unknown>, timeoutMs: number, onLine: (line: OutputLine) => void,
): Promise<StepOutcome> {
  const started = performance.now();
  const done = (partial: Partial<StepOutcome>): StepOutcome => ({
    exitCode: null, signal: null, timedOut: false, error: null, statusCode: null, durationMs: Math.round(performance.now() - started), ...partial,
  });
  try {
    const res = await fetch(url, {
      method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
      headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const text = (await res.text()).slice(0, 20 * MAX_LINE);
    onLine({ stream: 'stdout', line: `HTTP ${res.status} ${res.statusText}` });
    for (const line of text.split(/\r?\n/).slice(0, 20)) if (line) onLine({ stream: 'stdout', line: line.slice(0, MAX_LINE) });
    return done({ statusCode: res.status });
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    const message = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    return done({ timedOut, error: timedOut ? null : message });
  }
}

/** A command step succeeded when it started, exited 0 and was not killed; a webhook step when it answered 2xx in time. */
export function stepSucceeded(outcome: StepOutcome): boolean {
  if (outcome.error !== null || outcome.timedOut) return false;
  if (outcome.statusCode !== null) return outcome.statusCode >= 200 && outcome.statusCode < 300;
  return outcome.exitCode === 0 && outcome.signal === null;
}
