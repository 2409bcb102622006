import { spawn } from 'node:child_process';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createTestDatabase } from '../support/databases';
import { spawnServer } from '../support/processes';
import { gql } from '../support/server';
import { WALL_SUBSCRIPTION } from './fanout.bench';
import { record } from './harness';
import { rssMiB, sleep } from './util';

interface SoakOptions {
  clients: number;
  minutes: number;
  redisUrl: string;
}

interface SoakResult {
  samples: number[];
  changes: number;
  deliveries: number;
}

const RESULT_PREFIX = 'SOAK_RESULT ';

/**
 * The memory soak: a Vigil replica on MariaDB + Redis with `clients` wall subscribers, one change a second (half
 * new incidents, half acknowledgements) for `minutes`, its RSS sampled every 15 s. It runs in a child process of
 * its own, beside the other benchmarks, so a 10-minute soak fits the 15 minutes of `npm run bench`; it adds about
 * one small write a second to the machine. Resolves when the soak ends, after recording its rows.
 */
export function startSoak(o: SoakOptions): Promise<void> {
  const child = spawn(process.execPath, [__filename, JSON.stringify(o)], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) return reject(new Error(`the soak process ended with code ${code}: ${out.slice(-500)}`));
      recordSoak(o, JSON.parse(line.slice(RESULT_PREFIX.length)) as SoakResult);
      resolve();
    });
  });
}

function recordSoak(o: SoakOptions, r: SoakResult): void {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const firstMinute = mean(r.samples.slice(0, 4));
  const lastMinute = mean(r.samples.slice(-4));
  const growth = (lastMinute - firstMinute) / firstMinute;
  record({
    benchmark: 'memory',
    metric: `RSS growth over a ${o.minutes}-minute soak (${o.clients} subscribers, 1 change/s)`,
    value: growth * 100,
    unit: '%',
    target: '≤ 5% (no growth)',
    met: growth <= 0.05,
    note: `first minute ${firstMinute.toFixed(0)} MiB, last minute ${lastMinute.toFixed(0)} MiB, peak ${Math.max(...r.samples).toFixed(0)} MiB; ran beside the other benchmarks`,
  });
  // Each change is at least one incidentChanged per subscriber: fewer deliveries would mean subscribers were lost.
  record({
    benchmark: 'memory',
    metric: `soak deliveries per subscriber (${r.changes} changes)`,
    value: r.deliveries / o.clients,
    unit: '',
    note:
      r.deliveries >= r.changes * o.clients
        ? 'every subscriber got every change'
        : `${r.changes * o.clients - r.deliveries} deliveries short: subscribers lost`,
  });
}

async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const db = await createTestDatabase('mariadb');
  const server = await spawnServer({
    DATABASE_URL: db.databaseUrl!,
    REDIS_URL: o.redisUrl,
    VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
    VIGIL_LOG: 'silent',
    VIGIL_MUTATIONS_PER_MINUTE: '100000',
    VIGIL_MUTATIONS_PER_MINUTE_PER_IP: '100000',
  });
  let deliveries = 0;
  const clients = Array.from({ length: o.clients }, () =>
    createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${db.adminToken}` },
      lazy: false,
      retryAttempts: 0,
    }),
  );
  for (const c of clients)
    c.subscribe(
      { query: WALL_SUBSCRIPTION },
      { next: () => void deliveries++, error: () => undefined, complete: () => undefined },
    );
  await sleep(3000);

  const pid = server.child.pid!;
  const samples: number[] = [];
  const end = performance.now() + o.minutes * 60_000;
  let changes = 0;
  let lastId: string | null = null;
  while (performance.now() < end) {
    if (changes % 2 === 0) {
      const r = await gql(
        server.graphqlUrl,
        `mutation($t: String!) { declareIncident(input: { title: $t, severity: P3 }) { id } }`,
        { t: `soak ${changes}` },
      );
      lastId = r.data?.declareIncident.id ?? null;
    } else if (lastId)
      await gql(server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: lastId });
    if (changes % 15 === 0) samples.push(rssMiB(pid));
    changes++;
    await sleep(1000);
  }
  samples.push(rssMiB(pid));
  await sleep(2000); // the last change's deliveries
  await Promise.all(
    clients.map(async (c) => {
      await c.dispose();
    }),
  );
  await server.stop();
  await db.drop();
  return { samples, changes, deliveries };
}

if (require.main === module) {
  runSoak(JSON.parse(process.argv[2]) as SoakOptions).then(
    (r) => {
      console.log(`${RESULT_PREFIX}${JSON.stringify(r)}`);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
