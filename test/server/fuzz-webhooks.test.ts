import fc from 'fast-check';
import { sqliteRowCounter } from '../support/databases';
import { TestServer, gql, startTestServer } from '../support/server';

const RUNS_PER_ENDPOINT = 100;
// What an endpoint may answer to garbage: accepted, or a client error that names the problem. Never a 5xx.
const ALLOWED = new Set([200, 201, 202, 204, 400, 401, 403, 404, 409, 410, 413, 415]);

/** Bodies that look like the real thing with hostile values in the right places, and plain junk. */
const hostile = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', '\u0000', '💥'.repeat(50), 'x'.repeat(5000)),
);
const shaped = (key: string) =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(
      {
        routing_key: fc.oneof(fc.constant(key), hostile),
        event_action: fc.oneof(fc.constantFrom('trigger', 'acknowledge', 'resolve'), hostile),
        dedup_key: fc.oneof(fc.string({ maxLength: 300 }), hostile),
        payload: fc.oneof(
          fc.record({
            summary: hostile,
            source: hostile,
            severity: fc.oneof(fc.constantFrom('critical', 'error', 'warning', 'info'), hostile),
            custom_details: fc.jsonValue({ maxDepth: 2 }),
          }),
          hostile,
        ),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        version: fc.oneof(fc.constant('4'), hostile),
        status: fc.oneof(fc.constantFrom('firing', 'resolved'), hostile),
        groupKey: hostile,
        alerts: fc.oneof(
          fc.array(
            fc.record(
              {
                status: hostile,
                labels: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })),
                annotations: fc.jsonValue({ maxDepth: 1 }),
                startsAt: hostile,
                fingerprint: hostile,
              },
              { requiredKeys: [] },
            ),
            { maxLength: 4 },
          ),
          hostile,
        ),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        service: hostile,
        version: hostile,
        previousVersion: hostile,
        environment: hostile,
        deployedAt: hostile,
        link: hostile,
      },
      { requiredKeys: [] },
    ),
  );

describe('fuzzing every webhook with generated bodies (SQLite)', () => {
  let server: TestServer;
  const keys: Record<string, string> = {};
  let heartbeatKey = '';
  let rowCounts: () => Promise<Record<string, number>>;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { config: { backgroundJobs: false } });
    const service = (await gql(server.graphqlUrl, `mutation { createService(input: { name: "fuzzed" }) { id } }`)).data!
      .createService.id;
    for (const kind of ['PAGERDUTY_EVENTS_V2', 'ALERTMANAGER', 'GRAFANA', 'GENERIC_WEBHOOK']) {
      const r = await gql(
        server.graphqlUrl,
        `mutation($s: ID!, $k: IntegrationKind!, $n: String!) { createIntegration(input: { serviceId: $s, name: $n, kind: $k }) { key } }`,
        { s: service, k: kind, n: kind.toLowerCase() },
      );
      keys[kind] = r.data!.createIntegration.key;
    }
    const hb = await gql(
      server.graphqlUrl,
      `mutation($s: ID!) { createHeartbeatMonitor(input: { serviceId: $s, name: "cron", intervalSeconds: 60, graceSeconds: 0 }) { key } }`,
      { s: service },
    );
    heartbeatKey = hb.data!.createHeartbeatMonitor.key;
    rowCounts = await sqliteRowCounter(server.app.db.dataSource, [
      'audit_log',
      'session',
      'api_token',
      'migrations',
      'notification',
      'notification_attempt',
      'slack_request',
    ]);
  });
  afterAll(() => server?.dispose());

  const endpoints: Array<[string, () => string, string]> = [
    ['PagerDuty Events v2', () => '/v2/enqueue', 'PAGERDUTY_EVENTS_V2'],
    ['Alertmanager', () => `/api/integrations/alertmanager?key=${keys.ALERTMANAGER}`, 'ALERTMANAGER'],
    ['Grafana', () => `/api/integrations/grafana?key=${keys.GRAFANA}`, 'GRAFANA'],
    ['generic webhook', () => `/api/integrations/webhook?key=${keys.GENERIC_WEBHOOK}`, 'GENERIC_WEBHOOK'],
    ['deployments', () => `/api/deployments?key=${keys.GENERIC_WEBHOOK}`, 'GENERIC_WEBHOOK'],
    ['PagerDuty change events', () => '/v2/change/enqueue', 'GENERIC_WEBHOOK'],
    ['GitHub deployment_status', () => `/api/integrations/github?key=${keys.GENERIC_WEBHOOK}`, 'GENERIC_WEBHOOK'],
    ['heartbeat ping', () => `/api/heartbeats/${heartbeatKey}`, 'GENERIC_WEBHOOK'],
    ['Slack interactions (unsigned)', () => '/api/slack/interactions', 'GENERIC_WEBHOOK'],
  ];

  it.each(endpoints)(
    '%s: never a 5xx; a refused body writes nothing',
    async (_name, path, keyKind) => {
      await fc.assert(
        fc.asyncProperty(shaped(keys[keyKind] ?? ''), fc.boolean(), async (body, asText) => {
          const before = await rowCounts();
          const res = await fetch(`${server.url}${path()}`, {
            method: 'POST',
            headers: {
              'content-type': asText ? 'text/plain' : 'application/json',
              'x-github-event': 'deployment_status',
            },
            body: asText ? String(JSON.stringify(body)).slice(0, 100) + '{' : JSON.stringify(body),
          });
          const text = await res.text();
          if (!ALLOWED.has(res.status)) throw new Error(`${path()}: HTTP ${res.status} ${text.slice(0, 300)}`);
          if (/\n\s+at .*\.(js|ts):\d+/.test(text)) throw new Error(`${path()}: stack trace in the answer`);
          if (res.status >= 400) expect(await rowCounts()).toEqual(before);
        }),
        { numRuns: RUNS_PER_ENDPOINT, seed: 20261129 },
      );
    },
    120_000,
  );
});
