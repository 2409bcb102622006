import { DAY, ManualClock, SEVERITIES } from '@vigil/shared';
import { Database, openDatabase } from '../../server/src/db/data-source';
import { generateHistory } from '../../server/src/demo/generate';
import { createVigilPubSub } from '../../server/src/pubsub/pubsub';
import { MetricsService } from '../../server/src/metrics/metrics.service';
import { sqlTime } from '../../server/src/metrics/metrics.sql';
import { TestDbKind, createTestDatabase } from '../support/databases';
import { percentile, record } from './harness';

const RUNS = 20;

async function timed(runs: number, call: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await call(); // warm the caches and the statement cache
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await call();
    ms.push(performance.now() - t);
  }
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
}

/**
 * The wall's MTTA/MTTR chart over a large history: a 90-day daily series for each severity (four `metrics`
 * calls, as the wall makes them) through MetricsService, on MariaDB and on SQLite. Baseline: the plainest SQL
 * over the same range (count and mean per severity, no buckets, no percentiles), timed in the same run.
 */
export async function benchMetrics(o: {
  incidents: number;
  days?: number;
  generated?: { mariadbUrl: string; days: number; seconds: number };
}): Promise<void> {
  const now = new Date();
  const days = o.generated?.days ?? o.days ?? 730;
  for (const kind of ['mariadb', 'sqlite'] as TestDbKind[]) {
    // The MariaDB history the wall-query benchmark already generated is reused: generating a million twice would
    // not fit the 15 minutes the whole run may take.
    const reuse = kind === 'mariadb' && o.generated ? o.generated : null;
    const target = reuse ? null : await createTestDatabase(kind);
    const db: Database = await openDatabase({
      databaseUrl: reuse ? reuse.mariadbUrl : target!.databaseUrl,
      sqlitePath: target?.sqlitePath ?? '',
    });
    const pubsub = createVigilPubSub(null);
    try {
      const t0 = performance.now();
      const generated = reuse ? null : await generateHistory(db, { incidents: o.incidents, days, now, serviceIds: [] });
      const genSeconds = reuse ? reuse.seconds : (performance.now() - t0) / 1000;
      if (generated) {
        record({
          benchmark: 'data generator',
          metric: `${o.incidents} incidents + ${generated.events} events (${kind})`,
          value: (o.incidents + generated.events) / genSeconds,
          unit: 'rows/s',
          note: `${genSeconds.toFixed(0)} s on ${kind}`,
        });
      }
      const service = new MetricsService(db, pubsub.pubSub, new ManualClock(now));
      const to = new Date(Math.floor(now.getTime() / DAY) * DAY);
      const from = new Date(to.getTime() - 90 * DAY);
      const series = await timed(RUNS, async () => {
        for (const severity of SEVERITIES)
          await service.metrics({ from, to, bucket: 'DAY', severity, timezone: 'Europe/Paris' });
      });
      // The stored durations over the same covering index range as the series (severity first).
      const plain = await timed(RUNS, () =>
        db.dataSource.query(
          `SELECT severity, COUNT(*) AS n, AVG(resolveMs) AS mttr FROM incident
         WHERE severity IN ('P0', 'P1', 'P2', 'P3') AND detectedAt >= ? AND detectedAt < ? GROUP BY severity`,
          [sqlTime(from), sqlTime(to)],
        ),
      );
      const [{ n }] = await db.dataSource.query(
        'SELECT COUNT(*) AS n FROM incident WHERE detectedAt >= ? AND detectedAt < ?',
        [sqlTime(from), sqlTime(to)],
      );
      const note = `${o.incidents} incidents over ${days} days (generated in ${genSeconds.toFixed(0)} s), ${Number(n)} in range; 4 severities × 90 daily buckets (Europe/Paris); count, mean, median, p90, SLA`;
      const baseline = (v: number) => ({ label: 'plain COUNT/AVG', value: v });
      record({
        benchmark: `metrics 90-day daily per severity (${kind})`,
        metric: 'p50',
        value: series.p50,
        unit: 'ms',
        baseline: baseline(plain.p50),
        note,
      });
      record({
        benchmark: `metrics 90-day daily per severity (${kind})`,
        metric: 'p95',
        value: series.p95,
        unit: 'ms',
        baseline: baseline(plain.p95),
        target: '≤ 300 ms',
        met: series.p95 <= 300,
      });
    } finally {
      await pubsub.close?.();
      await db.close();
      await target?.drop();
    }
  }
}
