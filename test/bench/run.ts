import os from 'node:os';
import { REDIS_URL, MYSQL_URL } from '../support/services';
import { benchFanout } from './fanout.bench';
import { writeResults } from './harness';
import { benchIngest } from './ingest.bench';
import { benchIsolation } from './isolation.bench';
import { benchMetrics } from './metrics.bench';
import { benchPaging } from './paging.bench';
import { benchQueries } from './queries.bench';
import { startSoak } from './soak.bench';
import { benchWeb } from './web.bench';

/** `npm run bench`: every benchmark in one run, each figure beside a baseline measured in the same run. */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const started = Date.now();
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const run = (name: string) => !only || only.split(',').includes(name);
  const clients = Number(process.env.BENCH_CLIENTS ?? (quick ? 200 : 1000));
  if (run('fanout')) {
    console.log('alert → wall fan-out');
    await benchFanout({ clients, events: quick ? 10 : 20, gapMs: 200, redisUrl: REDIS_URL });
  }
  // The memory soak runs in its own process beside everything after the fan-out (whose latencies it would skew).
  const soakMinutes = Number(process.argv.find((a) => a.startsWith('--soak='))?.slice(7) ?? (quick ? 0 : 10));
  const soak =
    run('soak') && soakMinutes > 0
      ? startSoak({ clients, minutes: soakMinutes, redisUrl: REDIS_URL }).then(
          () => null,
          (e: unknown) => e,
        )
      : null;
  if (soak) console.log(`memory soak: ${soakMinutes} minutes with ${clients} subscribers, in the background`);
  if (run('ingest')) {
    console.log('alert ingestion');
    await benchIngest({ alerts: quick ? 1000 : 5000, senders: 16, steadySeconds: quick ? 5 : 10 });
  }
  if (run('isolation')) {
    console.log('isolation: ingestion beside amplifying readers and status-page clients');
    await benchIsolation({ incidents: quick ? 2000 : 5000, seconds: quick ? 10 : 20, rate: 5 });
  }
  if (run('paging')) {
    console.log('paging: a burst of texts beside a webhook receiver that hangs');
    await benchPaging({ sms: 70, hooks: 30 });
  }
  if (run('queries')) {
    console.log('wall queries over a large history');
    const incidents = Number(process.env.BENCH_INCIDENTS ?? (quick ? 50_000 : 1_000_000));
    await benchQueries({
      incidents,
      mysqlUrl: MYSQL_URL,
      andThen: run('metrics')
        ? async (generated) => {
            console.log('MTTA/MTTR metrics over the same history (and a fresh SQLite one)');
            await benchMetrics({ incidents, generated });
          }
        : undefined,
    });
  }
  if (run('web')) {
    console.log('web');
    await benchWeb();
  }
  if (soak) {
    console.log('waiting for the memory soak to end');
    const failed = await soak;
    if (failed) console.error('the memory soak failed:', failed);
  }
  const md = writeResults({
    command: `npm run bench${quick ? ' -- --quick' : ''}`,
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    duration: `${((Date.now() - started) / 1000).toFixed(0)} s`,
  });
  console.log(`\n${md}`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
