import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer, waitUntil } from '../support/server';

/**
 * Counts the reads of incidents' timelines and services a data source runs, in place of its (silent) logger: the
 * job runner's own statements (the sender, escalation) run beside the test and read neither.
 */
function statementCounter() {
  const counter = {
    statements: 0,
    logQuery(query: string): void {
      if (/^SELECT/i.test(query) && /FROM ["`]?(timeline_event|incident_service)["`]?/i.test(query))
        counter.statements++;
    },
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  return counter;
}

const HISTORIES = `timeline(last: 3) { message } alerts(last: 2) { dedupKey } notifications(last: 2) { id deliveryAttempts { id } } services { name }`;

/**
 * A page of incidents asks for each one's history field by field; those reads are answered together. Each incident
 * still gets exactly its own newest rows, whatever its neighbours hold.
 */
describe.each(testDatabaseKinds())('a page of incidents reads its histories together, each its own, on %s', (kind) => {
  let server: TestServer;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    const service = await gql(server.graphqlUrl, `mutation { createService(input: { name: "batch" }) { id } }`);
    const integration = await gql(
      server.graphqlUrl,
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "prom", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
      { s: service.data!.createService.id },
    );
    key = integration.data!.createIntegration.key;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const trigger = async (dedup: string, summary: string) => {
    const res = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        routing_key: key,
        event_action: 'trigger',
        dedup_key: dedup,
        payload: { summary, source: 'db1', severity: 'error' },
      }),
    });
    expect(res.status).toBe(202);
  };

  it('gives every incident of the page the newest rows of its own history, the same as reading it alone', async () => {
    // Three incidents with histories of different lengths: a quiet one declared by hand, one alert, a flapping alert.
    await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "Quiet", severity: P3 }) { id } }`);
    await trigger('one', 'Disk full on db1');
    for (let i = 0; i < 6; i++) await trigger('flap', 'Flapping probe');
    await trigger('other-flap', 'Flapping probe 2');
    // The sender works beside the test: compare the page with single reads once it has tried every notification.
    await waitUntil('the sender to try every notification', async () => {
      const [{ waiting }] = await server.app.db.dataSource.query<Array<{ waiting: number }>>(
        "SELECT COUNT(*) AS waiting FROM notification WHERE status IN ('PENDING', 'SENDING')",
      );
      return Number(waiting) === 0;
    });

    const page = await gql(server.graphqlUrl, `{ incidents(page: { first: 10 }) { nodes { id ${HISTORIES} } } }`);
    expect(page.errors).toBeUndefined();
    const nodes: Array<{ id: string }> = page.data!.incidents.nodes;
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    for (const node of nodes) {
      const alone = await gql(server.graphqlUrl, `query($id: ID!) { incident(id: $id) { id ${HISTORIES} } }`, {
        id: node.id,
      });
      expect(node).toEqual(alone.data!.incident);
    }
    const flapping = page.data!.incidents.nodes.find((n: { alerts: Array<{ dedupKey: string }> }) =>
      n.alerts.some((a) => a.dedupKey === 'flap'),
    );
    expect(flapping.timeline).toHaveLength(3);
  });

  it('answers two sizes of the same history in one document, each with its own size', async () => {
    const both = await gql(
      server.graphqlUrl,
      `{ incidents(page: { first: 10 }) { nodes { id short: timeline(last: 1) { message } long: timeline(last: 4) { message } } } }`,
    );
    expect(both.errors).toBeUndefined();
    for (const node of both.data!.incidents.nodes as Array<{ short: unknown[]; long: Array<unknown> }>) {
      expect(node.short).toHaveLength(Math.min(1, node.long.length));
      expect(node.short).toEqual(node.long.slice(-1));
    }
  });

  if (kind === 'sqlite') {
    it('reads the histories of a page in a fixed number of statements, whatever the page size', async () => {
      for (let i = 0; i < 14; i++) await trigger(`many-${i}`, `Many ${i}`);
      const counter = statementCounter();
      const dataSource = server.app.db.writes;
      const logger = dataSource.logger;
      const statementsFor = async (first: number) => {
        counter.statements = 0;
        const res = await gql(
          server.graphqlUrl,
          `{ incidents(page: { first: ${first} }) { nodes { id ${HISTORIES} } } }`,
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!.incidents.nodes).toHaveLength(first);
        return counter.statements;
      };
      Object.assign(dataSource, { logger: counter });
      try {
        const few = await statementsFor(2);
        const many = await statementsFor(14);
        expect(many).toBe(few);
      } finally {
        Object.assign(dataSource, { logger });
      }
    });
  }
});
