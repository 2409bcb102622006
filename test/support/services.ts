import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Under CI=true a missing service fails the run; elsewhere the tests that need it skip and say why. */
const IN_CI = process.env.CI === 'true';

/** A database on this server is created and dropped per test file; this URL only needs CREATE DATABASE rights. */
export const MYSQL_URL = process.env.VIGIL_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
export const REDIS_URL = process.env.VIGIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const CHROMIUM_PATH = process.env.VIGIL_TEST_CHROMIUM ?? '/usr/bin/chromium';

const PROBE = `
const [kind, url] = process.argv.slice(1);
const done = (ok, why) => { process.stdout.write(ok ? 'ok' : String(why)); process.exit(0); };
setTimeout(() => done(false, 'timed out after 10 s'), 10000);
if (kind === 'mysql') {
  require('mysql2/promise').createConnection({ uri: url, connectTimeout: 9000 })
    .then((c) => c.query('SELECT 1').then(() => c.end()).then(() => done(true)))
    .catch((e) => done(false, e.code || e.message));
} else {
  const r = new (require('ioredis'))(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.connect().then(() => r.ping()).then(() => { r.disconnect(); done(true); }).catch((e) => done(false, e.code || e.message));
}`;

const cache = new Map<string, string | null>();

/** Synchronous so that a describe block can decide whether to run. Returns null when reachable, else why not. */
function probe(kind: 'mysql' | 'redis', url: string): string | null {
  const key = `${kind} ${url}`;
  // Three tries: on a loaded machine a first connection can be slow; a service that is really down fails all three.
  for (let attempt = 0; attempt < 3 && cache.get(key) !== null; attempt++) {
    const r = spawnSync(process.execPath, ['-e', PROBE, kind, url], {
      encoding: 'utf8',
      cwd: __dirname,
      timeout: 20000,
    });
    cache.set(key, r.stdout === 'ok' ? null : r.stdout || r.stderr || 'probe failed');
  }
  return cache.get(key) ?? null;
}

function need(what: string, problem: string | null): boolean {
  if (problem === null) return true;
  const message = `${what} is not available (${problem})`;
  if (IN_CI) throw new Error(`${message}; under CI=true this is a failure, not a skip.`);
  console.warn(`SKIPPING tests that need ${message}. Start it (see README) to run them.`);
  return false;
}

export const mysqlAvailable = (): boolean => need(`MariaDB/MySQL at ${MYSQL_URL}`, probe('mysql', MYSQL_URL));
export const redisAvailable = (): boolean => need(`Redis at ${REDIS_URL}`, probe('redis', REDIS_URL));
/** The MariaDB server binaries, for tests that run (and kill) a mariadbd of their own. */
export const mariadbBinariesAvailable = (): boolean =>
  need(
    'mariadbd and mariadb-install-db',
    spawnSync('sh', ['-c', 'command -v mariadbd && command -v mariadb-install-db']).status === 0
      ? null
      : 'not on PATH (apt-get install mariadb-server)',
  );
export const chromiumAvailable = (): boolean =>
  need(`Chromium at ${CHROMIUM_PATH}`, fs.existsSync(CHROMIUM_PATH) ? null : 'no such file (apt-get install chromium)');
/** Prometheus's promtool (Debian's `prometheus` package), for checking the metrics text and the rule file. */
export const promtoolAvailable = (): boolean =>
  need(
    'promtool',
    spawnSync('sh', ['-c', 'command -v promtool']).status === 0 ? null : 'not on PATH (apt-get install prometheus)',
  );

/** `describe` when the condition holds, else `describe.skip` (the reason was printed by the check). */
export const describeIf = (condition: boolean): jest.Describe => (condition ? describe : describe.skip);
