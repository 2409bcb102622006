jest.setTimeout(120_000);

import { DAY, ManualClock, SEVERITIES, computeBucketMetrics, metricBuckets, metricDurations } from '@vigil/shared';
import { Database, openDatabase } from '../../server/src/db/data-source';
import { generateHistory } from '../../server/src/demo/generate';
import { createVigilPubSub } from '../../server/src/pubsub/pubsub';
import { Incident } from '../../server/src/model/incident.entity';
import { MetricsService } from '../../server/src/metrics/metrics.service';
import { TestDatabase, createTestDatabase, testDatabaseKinds } from '../support/databases';

/** The bulk generator behind the benchmarks and large demos: its rows must be what the app itself would write. */
describe.each(testDatabaseKinds())('generated history on %s', (kind) => {
  const now = new Date('2026-06-01T00:00:00.000Z');
  let target: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = await openDatabase({ databaseUrl: target.databaseUrl, sqlitePath: target.sqlitePath });
  });

  afterAll(async () => {
    await db?.close();
    await target?.drop();
  });

  it('writes incidents in detection order with their timeline, stored durations and the schema unchanged', async () => {
    // Two calls and an odd batch size: ids continue, the last batch is partial.
    const first = await generateHistory(db, { incidents: 1500, days: 60, now, serviceIds: [], batch: 700 });
    const second = await generateHistory(db, { incidents: 500, days: 60, now, serviceIds: [], seed: 9 });
    const incidents = await db.dataSource.getRepository(Incident).find({ order: { id: 'ASC' } });
    expect(incidents).toHaveLength(2000);
    const [{ n }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM timeline_event');
    expect(Number(n)).toBe(first.events + second.events);

    const firstRun = incidents.slice(0, 1500);
    firstRun
      .slice(1)
      .forEach((i, k) => expect(i.detectedAt.getTime()).toBeGreaterThanOrEqual(firstRun[k].detectedAt.getTime()));
    for (const i of incidents) {
      expect({ acknowledgeMs: i.acknowledgeMs, mitigateMs: i.mitigateMs, resolveMs: i.resolveMs }).toEqual(
        metricDurations(i),
      );
      expect(i.detectedAt.getTime()).toBeLessThan(now.getTime());
    }
    expect(new Set(incidents.map((i) => i.severity))).toEqual(new Set(SEVERITIES));

    // The connection settings the load changed are back, and TypeORM sees nothing to change.
    const diff = await db.dataSource.driver.createSchemaBuilder().log();
    expect(diff.upQueries).toEqual([]);
  });

  it('gives the metrics the domain computes from the same rows', async () => {
    const pubsub = createVigilPubSub(null);
    const metrics = new MetricsService(db, pubsub.pubSub, new ManualClock(now));
    const from = new Date(now.getTime() - 30 * DAY);
    const report = await metrics.metrics({ from, to: now, bucket: 'WEEK', severity: 'P2', timezone: 'Europe/Paris' });
    const rows = (await db.dataSource.getRepository(Incident).find()).filter((i) => i.severity === 'P2');
    const expected = computeBucketMetrics(rows, metricBuckets(from, now, 'WEEK', 'Europe/Paris'), now);
    expect(
      report.buckets.map((b) => [b.incidents, b.timeToAcknowledge.medianMs, b.timeToResolve.p90Ms, b.resolveSla.met]),
    ).toEqual(
      expected.map((b) => [b.incidents, b.timeToAcknowledge.medianMs, b.timeToResolve.p90Ms, b.resolveSla.met]),
    );
    await pubsub.close?.();
  });
});
