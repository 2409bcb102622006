import { openDatabase } from '../../server/src/db/data-source';
import { generateHistory } from '../../server/src/demo/generate';
import { createTestDatabase } from '../support/databases';
import { spawnServer } from '../support/processes';
import { gql } from '../support/server';
import { percentile, record } from './harness';
import { rssMiB, sleep } from './util';

/** The issue's amplification query: 10 aliases of 200 incidents with their histories (refused by the cost limit). */
const AMPLIFICATION = (aliases: number) =>
  `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: incidents(page: { first: 200 }) { nodes { timeline { id type message at } alerts { details } notifications { id status lastError } } }`).join(' ')} }`;

/**
 * Whether readers can slow the paging path (issue 17): alert ingestion's p99 at a steady rate, quiet and then with
 * four personal-token readers sending the dearest query the cost limit lets through (one alias of the amplification
 * query) back to back and four anonymous status-page clients, on MariaDB with a few thousand incidents.
 */
export async function benchIsolation(o: { incidents: number; seconds: number; rate: number }): Promise<void> {
  const db = await createTestDatabase('mariadb');
  const server = await spawnServer({
    DATABASE_URL: db.databaseUrl!,
    VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
    VIGIL_LOG: 'silent',
  });
  try {
    const service = await gql(server.graphqlUrl, `mutation { createService(input: { name: "isolation" }) { id } }`);
    const serviceId = Number(service.data!.createService.id);
    const integration = await gql(
      server.graphqlUrl,
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "prom", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
      { s: serviceId },
    );
    const key = integration.data!.createIntegration.key;
    const seed = await openDatabase({ databaseUrl: db.databaseUrl, sqlitePath: '' });
    const generated = await generateHistory(seed, {
      incidents: o.incidents,
      days: 90,
      now: new Date(),
      serviceIds: [serviceId],
    });
    await seed.close();

    const refused = await gql(server.graphqlUrl, AMPLIFICATION(10));
    // The dearest read the cost limit lets through: a page of 200 incidents with as much history as fits.
    const heaviest = `{ incidents(page: { first: 200 }) { nodes { timeline(last: 100) { id type message at } alerts(last: 10) { details } notifications(last: 20) { id status lastError } } } }`;
    const allowed = await gql(server.graphqlUrl, heaviest);
    if (allowed.errors) throw new Error(`the reader's query was refused: ${JSON.stringify(allowed.errors)}`);

    let seq = 0;
    const alert = async (): Promise<number> => {
      const t = performance.now();
      const res = await fetch(`${server.url}/v2/enqueue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          routing_key: key,
          event_action: 'trigger',
          dedup_key: `iso-${seq++}`,
          payload: { summary: `iso ${seq}`, source: 'bench', severity: 'warning' },
        }),
      });
      await res.text();
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
      return performance.now() - t;
    };
    /** Alerts at a steady rate for the phase, paced by the clock; their latencies. */
    const probe = async (): Promise<number[]> => {
      const latencies: number[] = [];
      const inFlight: Array<Promise<void>> = [];
      const start = performance.now();
      for (let i = 0; i < o.rate * o.seconds; i++) {
        const wait = start + (i * 1000) / o.rate - performance.now();
        if (wait > 0) await sleep(wait);
        inFlight.push(alert().then((ms) => void latencies.push(ms)));
      }
      await Promise.all(inFlight);
      return latencies;
    };

    const quiet = await probe();

    let stop = false;
    let reads = 0;
    let readBytes = 0;
    let statusPages = 0;
    let statusBytes = 0;
    const readErrors = new Map<string, number>();
    const reader = async () => {
      while (!stop) {
        const res = await fetch(server.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${db.adminToken}` },
          body: JSON.stringify({ query: heaviest }),
        });
        const text = await res.text();
        readBytes += text.length;
        const code = (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]
          ?.extensions?.code;
        if (code) readErrors.set(code, (readErrors.get(code) ?? 0) + 1);
        reads++;
        // As a well-behaved client (and Apollo's retry link) does: a 429 says when to come back.
        if (res.status === 429) await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
      }
    };
    const statusClient = async () => {
      while (!stop) {
        const res = await fetch(`${server.url}/api/status.json`);
        statusBytes += (await res.text()).length;
        statusPages++;
      }
    };
    const load = [
      ...Array.from({ length: Number(process.env.BENCH_ISO_READERS ?? 4) }, reader),
      ...Array.from({ length: Number(process.env.BENCH_ISO_STATUS ?? 4) }, statusClient),
    ];
    // Let the readers get going before measuring.
    await sleep(1000);
    const readsBefore = reads;
    const t0 = performance.now();
    const loaded = await probe();
    const loadSeconds = (performance.now() - t0) / 1000;
    const readsDuring = reads - readsBefore;
    stop = true;
    await Promise.all(load);
    const rss = rssMiB(server.child.pid!);

    const name = `isolation: ingestion at ${o.rate} alerts/s (MariaDB, ${o.incidents} incidents + ${generated.events} events)`;
    const quietP99 = percentile(quiet, 0.99);
    const loadedP99 = percentile(loaded, 0.99);
    record({
      benchmark: name,
      metric: 'amplification query (10 × 200 incidents)',
      value: refused.status,
      unit: 'HTTP',
      note: `refused: ${refused.errors?.[0]?.extensions?.code} cost ${refused.errors?.[0]?.extensions?.cost} > ${refused.errors?.[0]?.extensions?.limit}`,
    });
    record({
      benchmark: name,
      metric: 'p50 latency, quiet → loaded',
      value: percentile(loaded, 0.5),
      unit: 'ms',
      baseline: { label: 'quiet', value: percentile(quiet, 0.5) },
    });
    record({
      benchmark: name,
      metric: 'p99 latency, loaded (4 amplifying readers + 4 status-page clients)',
      value: loadedP99,
      unit: 'ms',
      baseline: { label: 'quiet', value: quietP99 },
      target: '≤ 2× quiet',
      met: loadedP99 <= 2 * quietP99,
      note: `readers: ${(readsDuring / loadSeconds).toFixed(1)} heaviest allowed queries/s (${(readBytes / Math.max(1, reads) / 1024).toFixed(0)} KB each${readErrors.size ? `; errors ${[...readErrors].map(([c, n]) => `${c} ×${n}`).join(', ')}` : ''}), status page ${(statusPages / (loadSeconds + 1)).toFixed(0)} req/s (${(statusBytes / Math.max(1, statusPages) / 1024).toFixed(0)} KB each); server RSS ${rss.toFixed(0)} MiB`,
    });
  } finally {
    await server.stop();
    await db.drop();
  }
}
