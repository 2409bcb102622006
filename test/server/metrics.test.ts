jest.setTimeout(120_000);

import { Client } from 'graphql-ws';
import {
  DAY,
  HOUR,
  MINUTE,
  ManualClock,
  MetricBucket,
  MetricIncident,
  SEVERITIES,
  Severity,
  computeBucketMetrics,
  metricBuckets,
  metricDurations,
  slaDeadlines,
} from '@vigil/shared';
import { ServiceEntity } from '../../server/src/model/service.entity';
import { Team } from '../../server/src/model/user.entity';
import { Incident } from '../../server/src/model/incident.entity';
import { Debouncer, Timer } from '../../server/src/metrics/metrics.debounce';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, collect, gql, startTestServer, subscribed, wsClient } from '../support/server';
import { resolveVerified } from '../support/resolve';

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated extends MetricIncident {
  service: 'api' | 'web';
}

/** Incidents around the Paris DST change (2026-03-29), some never acknowledged, some auto-resolved, some open, some with equal durations. */
function generate(count: number, now: Date): Generated[] {
  const rnd = random(42);
  const start = Date.parse('2026-03-20T00:00:00Z');
  return Array.from({ length: count }, (_, n) => {
    const severity = SEVERITIES[Math.floor(rnd() * 4)];
    const detectedAt = new Date(start + Math.floor(rnd() * 18 * DAY) + (n % 7 === 0 ? 0 : Math.floor(rnd() * 999)));
    const d = detectedAt.getTime();
    // Coarse steps make ties common, which is where percentile ranks go wrong.
    const ackAfter = rnd() < 0.15 ? null : Math.floor(rnd() * 20) * MINUTE + (n % 3) * 7;
    const acknowledgedAt = ackAfter === null ? null : new Date(d + ackAfter);
    // Half of the unacknowledged ones were resolved by monitoring (auto-resolved), before or after their deadline.
    const autoResolvedAfter = !acknowledgedAt && rnd() < 0.5 ? Math.floor(rnd() * 40) * MINUTE + (n % 5) * 11 : null;
    const resolvedAt = !acknowledgedAt
      ? autoResolvedAfter === null
        ? null
        : new Date(d + autoResolvedAfter)
      : rnd() < 0.1
        ? null
        : new Date(acknowledgedAt.getTime() + Math.floor(rnd() * 10 * HOUR));
    const mitigatedAt =
      resolvedAt && rnd() < 0.7
        ? new Date(resolvedAt.getTime() - Math.floor(rnd() * (resolvedAt.getTime() - d)))
        : resolvedAt;
    const deadlines = slaDeadlines(severity, detectedAt);
    const clamp = (x: Date | null) => (x && x.getTime() > now.getTime() ? null : x);
    return {
      severity,
      detectedAt,
      acknowledgedAt: clamp(acknowledgedAt),
      mitigatedAt: clamp(mitigatedAt),
      resolvedAt: clamp(resolvedAt),
      ...deadlines,
      service: rnd() < 0.5 ? 'api' : 'web',
    };
  });
}

const STATS = 'count meanMs medianMs p90Ms';
const METRICS = `query($range: MetricsRange!, $bucket: MetricBucket!, $tz: String, $severity: Severity, $service: String) {
  metrics(range: $range, bucket: $bucket, timezone: $tz, severity: $severity, service: $service) {
    timezone buckets { start end incidents neverAcknowledged autoResolved bySeverity { severity count }
      timeToAcknowledge { ${STATS} } timeToMitigate { ${STATS} } timeToResolve { ${STATS} }
      acknowledgeSla { decided met rate } resolveSla { decided met rate }
      postmortems { total decided onTime rate } actionItems { total done wontDo open rate } } } }`;

describe('metricsChanged debounce', () => {
  it('fires once per burst, after the quiet period, and no later than the ceiling', () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const pending: Array<{ fn: () => void; at: number; id: number }> = [];
    let nextId = 0;
    const timer: Timer = {
      set: (fn, ms) => {
        pending.push({ fn, at: clock.now().getTime() + ms, id: ++nextId });
        return nextId;
      },
      clear: (h) => {
        const i = pending.findIndex((p) => p.id === h);
        if (i >= 0) pending.splice(i, 1);
      },
    };
    const advance = (ms: number) => {
      clock.advance(ms);
      for (const p of pending.filter((x) => x.at <= clock.now().getTime())) {
        timer.clear(p.id);
        p.fn();
      }
    };
    let fired = 0;
    const d = new Debouncer(() => fired++, clock, timer, 1000, 3000);
    d.poke();
    advance(500);
    d.poke();
    advance(999);
    expect(fired).toBe(0);
    advance(1);
    expect(fired).toBe(1);
    // A steady stream of pokes every 800 ms still fires at the 3 s ceiling.
    for (let i = 0; i < 4; i++) {
      d.poke();
      advance(800);
    }
    expect(fired).toBe(2);
    d.poke();
    d.stop();
    advance(5000);
    expect(fired).toBe(2);
  });
});

describe.each(testDatabaseKinds())('metrics in SQL on %s', (kind) => {
  const now = new Date('2026-04-08T12:00:00.000Z');
  const clock = new ManualClock(now);
  let server: TestServer;
  let ws: Client;
  let data: Generated[];
  let apiTeamId: string;

  beforeAll(async () => {
    // A burst here is a few mutations; on a loaded machine they can take longer than the default second, so the
    // debounce is long enough that only the test's flush() ends one.
    server = await startTestServer(kind, { clock, config: { metricsDebounceMs: 600_000 } });
    ws = wsClient(server.wsUrl);
    const ds = server.app.db.dataSource;
    const team = await ds.getRepository(Team).save({ name: 'API team', createdAt: now });
    apiTeamId = String(team.id);
    const services = await ds.getRepository(ServiceEntity).save([
      { name: 'api', description: null, createdAt: now, teamId: team.id },
      { name: 'web', description: null, createdAt: now },
    ]);
    data = generate(600, now);
    const rows = data.map((g) =>
      ds.getRepository(Incident).create({
        ...g,
        ...metricDurations(g),
        title: 'generated',
        summary: null,
        source: 'MONITORING_ALERT',
        status: g.resolvedAt ? 'RESOLVED' : g.acknowledgedAt ? 'ACKNOWLEDGED' : 'TRIGGERED',
        lastStatusUpdateAt: null,
        commanderId: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
        services: [services.find((s) => s.name === g.service)!],
      }),
    );
    await ds.getRepository(Incident).save(rows, { chunk: 100 });
  });

  afterAll(async () => {
    await ws?.dispose();
    await server?.dispose();
  });

  const cases: Array<[MetricBucket, string, Severity | null, string | null]> = [
    ['DAY', 'Europe/Paris', null, null],
    ['DAY', 'America/New_York', 'P1', null],
    ['WEEK', 'Europe/Paris', null, 'api'],
    ['MONTH', 'Asia/Kolkata', 'P3', 'web'],
    ['DAY', 'UTC', null, null],
    // A handful of incidents per bucket (0 to ~6): the small counts where a percentile's rank is easiest to get wrong.
    ['DAY', 'Europe/Paris', 'P0', 'web'],
  ];

  async function expectDomainEqual(
    bucket: MetricBucket,
    tz: string,
    severity: Severity | null,
    service: string | null,
  ): Promise<void> {
    const from = new Date('2026-03-19T00:00:00Z');
    const to = new Date('2026-04-08T00:00:00Z');
    const res = await gql(server.graphqlUrl, METRICS, {
      range: { from: from.toISOString(), to: to.toISOString() },
      bucket,
      tz,
      severity,
      service,
    });
    expect(res.errors).toBeUndefined();
    const subset = data.filter((g) => (!severity || g.severity === severity) && (!service || g.service === service));
    const expected = computeBucketMetrics(subset, metricBuckets(from, to, bucket, tz), now);
    const got = res.data!.metrics.buckets;
    expect(got).toHaveLength(expected.length);
    expect(expected.reduce((s, b) => s + b.incidents, 0)).toBeGreaterThan(0);
    if (!severity && !service) expect(expected.reduce((s, b) => s + b.autoResolved, 0)).toBeGreaterThan(10);
    got.forEach((b: any, n: number) => {
      const e = expected[n];
      expect(b.start).toBe(e.start.toISOString());
      expect(b.end).toBe(e.end.toISOString());
      expect(b.incidents).toBe(e.incidents);
      expect(b.neverAcknowledged).toBe(e.neverAcknowledged);
      expect(b.autoResolved).toBe(e.autoResolved);
      expect(b.bySeverity).toEqual(SEVERITIES.map((s) => ({ severity: s, count: e.bySeverity[s] })));
      for (const key of ['timeToAcknowledge', 'timeToMitigate', 'timeToResolve'] as const) {
        expect({ ...b[key], meanMs: null }).toEqual({ ...e[key], meanMs: null });
        if (e[key].meanMs === null) expect(b[key].meanMs).toBeNull();
        else expect(b[key].meanMs).toBeCloseTo(e[key].meanMs, 6);
      }
      expect(b.acknowledgeSla).toEqual(e.acknowledgeSla);
      expect(b.resolveSla).toEqual(e.resolveSla);
    });
  }

  it.each(cases)('%s buckets in %s (severity %s, service %s) equal the domain computation', expectDomainEqual);

  // SQLite uses percentile_disc when its build has it (better-sqlite3's does); the window-function fallback that
  // MariaDB always uses must give the same numbers on SQLite too. (On MariaDB, switching it off changes nothing.)
  it('computes the same series with window functions instead of percentile_disc', async () => {
    server.app.metrics.usePercentileDisc(false);
    try {
      for (const c of cases) await expectDomainEqual(...c);
    } finally {
      server.app.metrics.usePercentileDisc(true);
    }
  });

  it("a team's series counts only incidents of the services it owns (a team wall's charts)", async () => {
    const range = { from: '2026-03-19T00:00:00Z', to: '2026-04-08T00:00:00Z' };
    const byTeam = await gql(
      server.graphqlUrl,
      `query($range: MetricsRange!, $teams: [ID!]) { metrics(range: $range, bucket: WEEK, timezone: "Europe/Paris", teamIds: $teams) { teamIds buckets { incidents timeToResolve { medianMs p90Ms } resolveSla { met decided } } } }`,
      { range, teams: [apiTeamId] },
    );
    const byService = await gql(
      server.graphqlUrl,
      `query($range: MetricsRange!) { metrics(range: $range, bucket: WEEK, timezone: "Europe/Paris", service: "api") { buckets { incidents timeToResolve { medianMs p90Ms } resolveSla { met decided } } } }`,
      { range },
    );
    expect(byTeam.errors).toBeUndefined();
    expect(byTeam.data!.metrics.teamIds).toEqual([apiTeamId]);
    expect(byTeam.data!.metrics.buckets).toEqual(byService.data!.metrics.buckets);
    expect(
      byTeam.data!.metrics.buckets.reduce((n: number, b: { incidents: number }) => n + b.incidents, 0),
    ).toBeGreaterThan(0);
    const none = await gql(
      server.graphqlUrl,
      `query($range: MetricsRange!) { metrics(range: $range, bucket: WEEK, teamIds: []) { buckets { incidents } } }`,
      { range },
    );
    expect(none.data!.metrics.buckets.every((b: { incidents: number }) => b.incidents === 0)).toBe(true);
    const bad = await gql(
      server.graphqlUrl,
      `query($range: MetricsRange!) { metrics(range: $range, bucket: WEEK, teamIds: ["x"]) { teamIds } }`,
      { range },
    );
    expect(bad.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'teamIds' });
  });

  it('rejects a bad time zone, an inverted range and too many buckets, naming the field', async () => {
    const range = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
    const zone = await gql(server.graphqlUrl, METRICS, { range, bucket: 'DAY', tz: 'Nowhere/City' });
    expect(zone.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'timezone' });
    const inverted = await gql(server.graphqlUrl, METRICS, {
      range: { from: range.to, to: range.from },
      bucket: 'DAY',
    });
    expect(inverted.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'range' });
    const huge = await gql(server.graphqlUrl, METRICS, {
      range: { from: '2000-01-01T00:00:00Z', to: range.to },
      bucket: 'DAY',
    });
    expect(huge.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'range' });
  });

  it('counts post-mortems on time and action-item completion per bucket; announces metricsChanged once per burst', async () => {
    const changes = collect(ws, `subscription { metricsChanged { at } }`);
    await subscribed(server, changes);
    const declared = await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "Live", severity: P1 }) { id } }`,
    );
    const id = declared.data!.declareIncident.id;
    await gql(server.graphqlUrl, `mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    clock.advance(30 * MINUTE);
    await resolveVerified(server.graphqlUrl, id);
    server.app.metrics.flush();
    const [event] = await changes.next(1);
    expect(event.metricsChanged.at).toBe(clock.now().toISOString());
    // Once: a flush forces out anything the burst left pending, then a marker a millisecond later ends the stream.
    // Events arrive in order, so a second one from the burst would come before the marker.
    server.app.metrics.flush();
    clock.advance(1);
    const markerAt = clock.now().toISOString();
    server.app.metrics.changed();
    server.app.metrics.flush();
    await changes.until((items) => items.some((i) => i.metricsChanged.at === markerAt));
    expect(changes.items.map((i) => i.metricsChanged.at)).toEqual([event.metricsChanged.at, markerAt]);
    changes.unsubscribe();

    const pm = (
      await gql(server.graphqlUrl, `query($id: ID!) { postmortemForIncident(incidentId: $id) { id } }`, { id })
    ).data!.postmortemForIncident;
    const owner = (await gql(server.graphqlUrl, `{ me { id } }`)).data?.me?.id ?? '1';
    await gql(
      server.graphqlUrl,
      `mutation($pm: ID!, $o: ID!) { addActionItem(postmortemId: $pm, input: { category: IMMEDIATE, title: "fix", ownerId: $o }) { id } }`,
      { pm: pm.id, o: owner },
    );
    const item = await gql(
      server.graphqlUrl,
      `mutation($pm: ID!, $o: ID!) { addActionItem(postmortemId: $pm, input: { category: LONG_TERM, title: "improve", ownerId: $o }) { id } }`,
      { pm: pm.id, o: owner },
    );
    await gql(server.graphqlUrl, `mutation($id: ID!) { transitionActionItem(id: $id, input: { to: DONE }) { id } }`, {
      id: item.data!.addActionItem.id,
    });
    const range = { from: '2026-04-08T00:00:00Z', to: '2026-04-09T00:00:00Z' };
    const before = (await gql(server.graphqlUrl, METRICS, { range, bucket: 'DAY' })).data!.metrics.buckets[0];
    expect(before.incidents).toBe(1);
    // The durations the charts read are written with the times by acknowledge and resolve.
    expect(before.timeToAcknowledge).toEqual({ count: 1, meanMs: 0, medianMs: 0, p90Ms: 0 });
    expect(before.timeToResolve).toEqual({ count: 1, meanMs: 30 * MINUTE, medianMs: 30 * MINUTE, p90Ms: 30 * MINUTE });
    expect(before.postmortems).toEqual({ total: 1, decided: 0, onTime: 0, rate: null });
    expect(before.actionItems).toEqual({ total: 2, done: 1, wontDo: 0, open: 1, rate: 0.5 });
    clock.advance(49 * HOUR);
    const after = (await gql(server.graphqlUrl, METRICS, { range, bucket: 'DAY' })).data!.metrics.buckets[0];
    expect(after.postmortems).toEqual({ total: 1, decided: 1, onTime: 0, rate: 0 });
  });
});
