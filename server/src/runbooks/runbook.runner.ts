import { ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { OutboundGuard } from '../outbound/outbound-guard';

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
  file: string,
  args: string[],
  options: {
    cwd: string;
    timeoutMs: number;
    onLine: (line: OutputLine) => void;
    onSpawn: (child: ChildProcess) => void;
    onExit: (child: ChildProcess) => void;
  },
): Promise<StepOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // Own process group, so a timeout kills the whole step (a script's children too), not just its shell.
      child = spawn(file, args, {
        shell: false,
        cwd: options.cwd,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (e) {
      resolve({
        exitCode: null,
        signal: null,
        timedOut: false,
        error: e instanceof Error ? e.message : String(e),
        durationMs: 0,
        statusCode: null,
      });
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
      resolve({
        exitCode: code,
        signal,
        timedOut,
        error: spawnError,
        durationMs: Math.round(performance.now() - started),
        statusCode: null,
      });
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
 * Posts a webhook step's JSON body to the deploy system through the outbound guard (no redirects followed),
 * reporting the answer's status as output: never its body, which may hold anything the receiver chose to say.
 */
export async function postWebhook(
  guard: OutboundGuard,
  url: string,
  headers: Record<string, string>,
  body: Record<string, unknown>,
  timeoutMs: number,
  onLine: (line: OutputLine) => void,
): Promise<StepOutcome> {
  const res = await guard.send(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    timeoutMs,
  });
  if (res.status !== null) onLine({ stream: 'stdout', line: `HTTP ${res.status}` });
  const timedOut = res.reason === 'timeout';
  return {
    exitCode: null,
    signal: null,
    timedOut,
    error: res.status === null && !timedOut ? res.reason : null,
    statusCode: res.status,
    durationMs: res.durationMs,
  };
}

/** A command step succeeded when it started, exited 0 and was not killed; a webhook step when it answered 2xx in time. */
export function stepSucceeded(outcome: StepOutcome): boolean {
  if (outcome.error !== null || outcome.timedOut) return false;
  if (outcome.statusCode !== null) return outcome.statusCode >= 200 && outcome.statusCode < 300;
  return outcome.exitCode === 0 && outcome.signal === null;
}
