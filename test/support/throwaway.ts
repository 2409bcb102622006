import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import mysql from 'mysql2/promise';
import { freePort } from './processes';

/** A redis-server of the test's own on a free port, to kill and bring back: never the shared one. */
export interface ThrowawayRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL: a crash, not a shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same port; resolves once it answers PING. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-redis-'));
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        probe.disconnect();
      }
    }
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  await start();
  return {
    url,
    port,
    kill,
    start,
    stop: async () => {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A mariadbd of the test's own (its own data directory and port), to kill and bring back: never the shared one. */
export interface ThrowawayMariadb {
  /** DATABASE_URL of the database made at start. */
  url: string;
  port: number;
  /** Kills the server (SIGKILL: a crash, not a shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same data directory and port; resolves once it answers a ping. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const run = promisify(execFile);
// Small InnoDB files: the data directory is made per test file, and the defaults write over 100 MB.
const SMALL = ['--innodb-log-file-size=8M', '--innodb-buffer-pool-size=32M'];

export async function startThrowawayMariadb(database = 'vigil'): Promise<ThrowawayMariadb> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-mariadb-'));
  const datadir = path.join(dir, 'data');
  await run('mariadb-install-db', [
    '--no-defaults',
    '--user=root',
    `--datadir=${datadir}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    ...SMALL,
  ]);
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${datadir}`,
        `--port=${port}`,
        `--socket=${path.join(dir, 'sock')}`,
        `--pid-file=${path.join(dir, 'pid')}`,
        '--skip-networking=0',
        '--bind-address=127.0.0.1',
        `--log-error=${path.join(dir, 'error.log')}`,
        ...SMALL,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(
          `mariadbd on ${port} exited:\n${fs.readFileSync(path.join(dir, 'error.log'), 'utf8').slice(-2000)}`,
        );
      try {
        await run('mariadb-admin', [
          '--no-defaults',
          '-h127.0.0.1',
          `-P${port}`,
          '-uroot',
          '--connect-timeout=2',
          'ping',
        ]);
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`mariadbd on ${port} did not answer within 30 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  await start();
  const admin = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    url: `mysql://root@127.0.0.1:${port}/${database}`,
    port,
    kill,
    start,
    stop: async () => {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
