import { spawn } from 'node:child_process';
import { openDatabase } from '../../server/src/db/data-source';
import { generateHistory } from '../../server/src/demo/generate';
import { createTestDatabase } from '../support/databases';
import { freePort, spawnServer } from '../support/processes';
import { gql } from '../support/server';
import { gqlById, trustedDocument } from '../support/trusted';
import { percentile, record } from './harness';
import { pool } from './util';

const OPEN_SQL = `SELECT id, title, severity, status, detectedAt, acknowledgedAt, resolvedAt, acknowledgeBy, resolveBy FROM incident
  WHERE status IN ('TRIGGERED','ACKNOWLEDGED','INVESTIGATING','IDENTIFIED','MITIGATED') ORDER BY detectedAt DESC, id DESC LIMIT 201`;
const RECENT_SQL = `SELECT id, title, severity, status, detectedAt, acknowledgedAt, resolvedAt FROM incident ORDER BY detectedAt DESC, id DESC LIMIT 51`;
const TIMELINE_SQL = `SELECT id, type, message, actorName, at FROM timeline_event WHERE incidentId = ? ORDER BY id`;

/** The same three reads the wall and console make, as a hand-written handler would do them: plain http + mysql2. */
const HANDLER = (url: string, port: number) => `
  const http = require('http'); const mysql = require('mysql2/promise');
  const pool = mysql.createPool({ uri: ${JSON.stringify(url)}, connectionLimit: 20, timezone: 'Z' });
  http.createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    let rows;
    if (u.pathname === '/open') { [rows] = await pool.query(${JSON.stringify(OPEN_SQL)});
      const ids = rows.map((r) => r.id); if (ids.length) await pool.query('SELECT incidentId, serviceId FROM incident_service WHERE incidentId IN (?)', [ids]); }
    else if (u.pathname === '/recent') [rows] = await pool.query(${JSON.stringify(RECENT_SQL)});
    else [rows] = await pool.query(${JSON.stringify(TIMELINE_SQL)}, [Number(u.searchParams.get('id'))]);
    res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(rows));
  }).listen(${port}, '127.0.0.1', () => console.log('ready'));`;

const QUERIES = {
  'open incidents (wall)': {
    graphql: `{ incidents(filter: { open: true }, page: { first: 200 }) { nodes { id title severity status detectedAt acknowledgedAt resolvedAt acknowledgeBy resolveBy services { id name } } } }`,
    path: '/open',
  },
  'recent incidents (console)': {
    graphql: `{ incidents(page: { first: 50 }) { nodes { id title severity status detectedAt acknowledgedAt resolvedAt } } }`,
    path: '/recent',
  },
  'incident timeline': {
    graphql: `query($id: ID!) { incident(id: $id) { timeline { id type message actorName at } } }`,
    path: '/timeline',
  },
} as const;

async function measure(call: () => Promise<void>, samples: number, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await call();
    latencies.push(performance.now() - t);
  }
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await pool(Array.from({ length: concurrency }), concurrency, async () => {
    while (performance.now() < until) {
      await call();
      done++;
    }
  });
  return { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), rps: done / seconds };
}

/** Runs the wall-query benchmark on a generated history, then hands the same database to `andThen` before dropping it. */
export async function benchQueries(o: {
  incidents: number;
  mysqlUrl?: string;
  andThen?: (generated: { mariadbUrl: string; days: number; seconds: number }) => Promise<void>;
}): Promise<void> {
  const target = await createTestDatabase('mariadb');
  const server = await spawnServer({
    DATABASE_URL: target.databaseUrl!,
    VIGIL_BOOTSTRAP_TOKEN: target.adminToken,
    VIGIL_LOG: 'silent',
  });
  const svc = await gql(server.graphqlUrl, `mutation { createService(input: { name: "bench" }) { id } }`);
  const db = await openDatabase({ databaseUrl: target.databaseUrl, sqlitePath: '' });
  const t0 = performance.now();
  const generated = await generateHistory(db, {
    incidents: o.incidents,
    days: 365 * 3,
    now: new Date(),
    serviceIds: [Number(svc.data!.createService.id)],
  });
  const genSeconds = (performance.now() - t0) / 1000;
  record({
    benchmark: 'data generator',
    metric: `${o.incidents} incidents + ${generated.events} events (mariadb)`,
    value: (o.incidents + generated.events) / genSeconds,
    unit: 'rows/s',
    note: `${genSeconds.toFixed(0)} s on MariaDB`,
  });
  await db.close();
  for (let i = 0; i < 20; i++)
    await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "open ${i}", severity: P2, services: ["bench"] }) { id } }`,
    );

  const port = await freePort();
  const handler = spawn(process.execPath, ['-e', HANDLER(target.databaseUrl!, port)], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((r) => handler.stdout.once('data', () => r()));

  const someId = Math.floor(o.incidents / 2);
  for (const [name, q] of Object.entries(QUERIES)) {
    const viaGraphql = await measure(
      async () => {
        const r = await gql(server.graphqlUrl, q.graphql, { id: String(someId) });
        if (r.errors) throw new Error(JSON.stringify(r.errors));
      },
      200,
      16,
      5,
    );
    const byHand = await measure(
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}${q.path}?id=${someId}`);
        await r.text();
      },
      200,
      16,
      5,
    );
    record({
      benchmark: `wall query: ${name}`,
      metric: 'p50',
      value: viaGraphql.p50,
      unit: 'ms',
      baseline: { label: 'hand-written', value: byHand.p50 },
    });
    record({
      benchmark: `wall query: ${name}`,
      metric: 'p95',
      value: viaGraphql.p95,
      unit: 'ms',
      baseline: { label: 'hand-written', value: byHand.p95 },
      target: '≤ 20 ms',
      met: viaGraphql.p95 <= 20,
    });
    const ratio = viaGraphql.rps / byHand.rps;
    record({
      benchmark: `wall query: ${name}`,
      metric: 'throughput (16 concurrent)',
      value: viaGraphql.rps,
      unit: 'req/s',
      baseline: { label: 'hand-written', value: byHand.rps },
      target: '≥ 40% of hand-written',
      met: ratio >= 0.4,
    });
  }
  // The web app's own documents three ways: by trusted id (parsed, validated and planned at start, executed in front
  // of Apollo), as untrusted text that is new each time (parsed and validated per request, as an arbitrary
  // document from a script is), and the hand-written handler doing the wall's and console's reads.
  const web = [
    { op: 'OpenIncidents', name: 'OpenIncidents (the wall)', variables: {}, path: '/open' },
    {
      op: 'ConsoleIncidents',
      name: 'ConsoleIncidents (the console)',
      variables: { page: { first: 50 } },
      path: '/recent',
    },
  ];
  for (const w of web) {
    const text = trustedDocument(w.op).text;
    const byId = await measure(
      async () => {
        const r = await gqlById(server.graphqlUrl, w.op, w.variables);
        if (r.errors) throw new Error(JSON.stringify(r.errors));
      },
      200,
      16,
      5,
    );
    let n = 0;
    const parsedEachTime = await measure(
      async () => {
        const r = await gql(server.graphqlUrl, `# request ${n++}\n${text}`, w.variables);
        if (r.errors) throw new Error(JSON.stringify(r.errors));
      },
      200,
      16,
      5,
    );
    const byHand = await measure(
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}${w.path}`);
        await r.text();
      },
      200,
      16,
      5,
    );
    const bench = `trusted document: ${w.name}`;
    record({
      benchmark: bench,
      metric: 'throughput by id (16 concurrent)',
      value: byId.rps,
      unit: 'req/s',
      baseline: { label: 'untrusted text parsed each time', value: parsedEachTime.rps },
      target: '> untrusted',
      met: byId.rps > parsedEachTime.rps,
    });
    record({
      benchmark: bench,
      metric: 'throughput by id beside the hand-written handler',
      value: byId.rps,
      unit: 'req/s',
      baseline: { label: 'hand-written', value: byHand.rps },
      note: 'the web documents read more than the handler does (escalation, roles, rollback advice)',
    });
    record({
      benchmark: bench,
      metric: 'p95 by id',
      value: byId.p95,
      unit: 'ms',
      baseline: { label: 'untrusted text parsed each time', value: parsedEachTime.p95 },
    });
  }
  handler.kill();
  await server.stop();
  await o.andThen?.({ mariadbUrl: target.databaseUrl!, days: 365 * 3, seconds: genSeconds });
  await target.drop();
}
