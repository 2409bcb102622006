import { ChildProcess, spawn } from 'node:child_process';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createTestDatabase } from '../support/databases';
import { freePort, spawnServer } from '../support/processes';
import { gql } from '../support/server';
import { percentile, record } from './harness';
import { rssMiB, sleep } from './util';

/** The wall's own subscription document (web/src/features/incidents). */
export const WALL_SUBSCRIPTION = `subscription { incidentChanged { id title severity status publicStatus detectedAt acknowledgedAt resolvedAt
  acknowledgeBy resolveBy services { id name } statusUpdate { nextUpdateDueAt overdue } } }`;

interface Run {
  latencies: number[];
  deliveries: number;
  seconds: number;
}

/**
 * Sends `events` triggers (paced `gapMs` apart, or all at once when 0) and waits for every client to get each.
 * Latency counts from the moment the trigger was sent, so it includes the write (events are published right after
 * commit, usually before the HTTP answer reaches the sender);
 * the delivery rate counts from the first arrival to the last, so it measures the fan-out, not the write path.
 */
async function drive(
  events: number,
  gapMs: number,
  send: (i: number) => Promise<void>,
  arrivals: number[][],
  clients: number,
): Promise<Run> {
  const sentAt: number[] = [];
  const sendOne = async (i: number) => {
    sentAt[i] = performance.now();
    await send(i);
  };
  if (gapMs > 0) {
    for (let i = 0; i < events; i++) {
      await sendOne(i);
      await sleep(gapMs);
    }
  } else await Promise.all(Array.from({ length: events }, (_, i) => sendOne(i)));
  const deadline = performance.now() + 20_000;
  while (arrivals.reduce((n, a) => n + a.length, 0) < events * clients && performance.now() < deadline) await sleep(20);
  const latencies: number[] = [];
  let first = Infinity;
  let last = 0;
  arrivals.forEach((times, i) =>
    times.forEach((t) => {
      latencies.push(t - sentAt[i]);
      first = Math.min(first, t);
      last = Math.max(last, t);
    }),
  );
  return { latencies, deliveries: latencies.length, seconds: Math.max(0.001, (last - first) / 1000) };
}

/** A plain `ws` server that broadcasts whatever is POSTed to it: the floor any push stack can reach. */
async function rawBroadcastServer(): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const code = `
    const http = require('http'); const { WebSocketServer } = require('ws');
    const server = http.createServer((req, res) => { let b = ''; req.on('data', (d) => b += d); req.on('end', () => {
      for (const c of wss.clients) c.send(b); res.end('ok'); }); });
    const wss = new WebSocketServer({ server }); server.listen(${port}, '127.0.0.1', () => console.log('ready'));`;
  const child = spawn(process.execPath, ['-e', code], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((r) => child.stdout.once('data', () => r()));
  return { port, child };
}

/**
 * Two phases against each stack: paced events (latency, as alerts arrive in life) and a burst sent back to back
 * (delivery throughput). Vigil runs as its own process on MariaDB + Redis, exactly as deployed.
 */
export async function benchFanout(o: {
  clients: number;
  events: number;
  gapMs: number;
  redisUrl: string;
}): Promise<void> {
  const db = await createTestDatabase('mariadb');
  const server = await spawnServer({
    DATABASE_URL: db.databaseUrl!,
    REDIS_URL: o.redisUrl,
    VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
    VIGIL_LOG: 'silent',
    VIGIL_MUTATIONS_PER_MINUTE: '100000',
    VIGIL_MUTATIONS_PER_MINUTE_PER_IP: '100000',
  });
  const pid = server.child.pid!;
  await sleep(1000);
  record({ benchmark: 'memory', metric: 'server RSS idle', value: rssMiB(pid), unit: 'MiB' });

  // Vigil: graphql-ws clients subscribed exactly as the wall subscribes.
  const arrivals: number[][] = Array.from({ length: o.events * 2 }, () => []);
  const clients = Array.from({ length: o.clients }, () =>
    createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${db.adminToken}` },
      lazy: false,
      retryAttempts: 0,
    }),
  );
  let payloadSample = '';
  for (const c of clients) {
    c.subscribe<{ incidentChanged: { title: string } }>(
      { query: WALL_SUBSCRIPTION },
      {
        next: (r) => {
          // The title carries the event number: events can arrive before the HTTP answer does.
          const i = Number(/^fan-out (\d+)$/.exec(r.data?.incidentChanged.title ?? '')?.[1]);
          if (!payloadSample) payloadSample = JSON.stringify({ type: 'next', id: '1', payload: r });
          if (Number.isInteger(i)) arrivals[i].push(performance.now());
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }
  await sleep(3000);
  record({ benchmark: 'memory', metric: `server RSS with ${o.clients} subscribers`, value: rssMiB(pid), unit: 'MiB' });

  const declare = (i: number) =>
    gql(server.graphqlUrl, `mutation($t: String!) { declareIncident(input: { title: $t, severity: P1 }) { id } }`, {
      t: `fan-out ${i}`,
    }).then(() => undefined);
  const vigil = await drive(o.events, o.gapMs, declare, arrivals.slice(0, o.events), o.clients);
  const vigilBurst = await drive(o.events, 0, (i) => declare(o.events + i), arrivals.slice(o.events), o.clients);
  record({ benchmark: 'memory', metric: 'server RSS after the storm', value: rssMiB(pid), unit: 'MiB' });

  await Promise.all(
    clients.map(async (c) => {
      await c.dispose();
    }),
  );
  await server.stop();
  await db.drop();

  // Baseline: the same payload through a raw ws broadcast to the same number of clients.
  const raw = await rawBroadcastServer();
  const rawArrivals: number[][] = Array.from({ length: o.events * 2 }, () => []);
  const sockets = await Promise.all(
    Array.from(
      { length: o.clients },
      () =>
        new Promise<WebSocket>((resolve) => {
          const s = new WebSocket(`ws://127.0.0.1:${raw.port}`);
          s.on('message', (m) => rawArrivals[Number(JSON.parse(String(m)).n)].push(performance.now()));
          s.on('open', () => resolve(s));
        }),
    ),
  );
  const broadcast = async (i: number) => {
    await fetch(`http://127.0.0.1:${raw.port}/`, {
      method: 'POST',
      body: JSON.stringify({ n: i, payload: payloadSample }),
    });
  };
  const base = await drive(o.events, o.gapMs, broadcast, rawArrivals.slice(0, o.events), o.clients);
  const baseBurst = await drive(o.events, 0, (i) => broadcast(o.events + i), rawArrivals.slice(o.events), o.clients);
  sockets.forEach((s) => s.close());
  raw.child.kill();

  const rate = (r: Run) => r.deliveries / r.seconds;
  record({
    benchmark: `alert → wall (${o.clients} clients)`,
    metric: 'p50 latency',
    value: percentile(vigil.latencies, 0.5),
    unit: 'ms',
    baseline: { label: 'raw ws', value: percentile(base.latencies, 0.5) },
  });
  const p99 = percentile(vigil.latencies, 0.99);
  record({
    benchmark: `alert → wall (${o.clients} clients)`,
    metric: 'p99 latency',
    value: p99,
    unit: 'ms',
    baseline: { label: 'raw ws', value: percentile(base.latencies, 0.99) },
    target: '≤ 250 ms',
    met: p99 <= 250,
  });
  record({
    benchmark: `alert → wall (${o.clients} clients)`,
    metric: 'max latency',
    value: Math.max(...vigil.latencies),
    unit: 'ms',
  });
  const ratio = rate(vigilBurst) / rate(baseBurst);
  record({
    benchmark: `alert → wall (${o.clients} clients)`,
    metric: `deliveries/s (burst of ${o.events})`,
    value: rate(vigilBurst),
    unit: '/s',
    baseline: { label: 'raw ws', value: rate(baseBurst) },
    target: '≥ 50% of raw ws',
    met: ratio >= 0.5,
    note: `${vigil.deliveries + vigilBurst.deliveries}/${o.clients * o.events * 2} delivered`,
  });
}
