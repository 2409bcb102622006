import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { registerToken } from './server';

export const SERVER_ENTRY = path.resolve(process.cwd(), 'server/dist/main.js');

/** Spawned servers bootstrap their admin with this token (only the first on a database creates it). */
const SPAWNED_ADMIN_TOKEN = `test_spawned_${process.pid}_admin_token_value`;

/** Test servers' first admin (admin@localhost) gets this password (VIGIL_ADMIN_PASSWORD), so tests can sign in. */
export const TEST_ADMIN_PASSWORD = 'Test-Admin-Lantern-Harbor-2026';

/** A port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs the built server (`npm run build` first) as its own OS process, and waits until /readyz says ready. */
export async function spawnServer(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = await freePort();
  let output = '';
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the spawned server; NODE_OPTIONS refuses --cpu-prof.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, SERVER_ENTRY], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      VIGIL_WEB_DIST: 'none',
      VIGIL_BOOTSTRAP_TOKEN: SPAWNED_ADMIN_TOKEN,
      VIGIL_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      // The tests' receivers listen on 127.0.0.1: allowed through the outbound guard unless a test says otherwise.
      VIGIL_OUTBOUND_ALLOW: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  registerToken(url, env.VIGIL_BOOTSTRAP_TOKEN ?? SPAWNED_ADMIN_TOKEN);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        // A process killed by a signal (kill -9 in a fault test) has no exit code, only a signal code.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
