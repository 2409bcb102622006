import { Client } from 'graphql-ws';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { ServerProcess, spawnServer } from '../support/processes';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { collect, gql, heardProbe, signedInVia, waitUntil, wsClient } from '../support/server';
import { REDIS_URL, describeIf, mysqlAvailable, redisAvailable } from '../support/services';

const ready = mysqlAvailable() && redisAvailable();

/**
 * Three stateless replicas on one MariaDB and one Redis, no sticky sessions: whatever replica a request or a
 * subscriber lands on, everyone hears every change once, dedup holds, a timer fires once and a page is sent once.
 */
describeIf(ready)('three replicas on one MariaDB and Redis', () => {
  let db: TestDatabase;
  let replicas: ServerProcess[];
  let receiver: HttpReceiver;
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('mariadb');
    receiver = await startHttpReceiver();
    const env = {
      DATABASE_URL: db.databaseUrl!,
      REDIS_URL,
      VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
      VIGIL_MUTATIONS_PER_MINUTE: '100000',
      VIGIL_MUTATIONS_PER_MINUTE_PER_IP: '100000',
    };
    replicas = await Promise.all([spawnServer(env), spawnServer(env), spawnServer(env)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(
      clients.map(async (c) => {
        await c.dispose();
      }),
    );
    await Promise.all((replicas ?? []).map((r) => r.stop()));
    await receiver?.close();
    await db?.drop();
  });

  it('a mutation on any replica reaches subscribers on every replica, once each', async () => {
    const subs = replicas.map((r) => {
      const c = wsClient(r.wsUrl);
      clients.push(c);
      return collect(c, `subscription { incidentChanged { id title } }`);
    });
    // Probes declared on another replica than the test's: every subscriber's replica listens, Redis included.
    await heardProbe(
      subs,
      () => gql(replicas[2].graphqlUrl, `mutation { declareIncident(input: { title: "probe", severity: P3 }) { id } }`),
      (i) => i.incidentChanged.title === 'probe',
    );
    await gql(
      replicas[1].graphqlUrl,
      `mutation { declareIncident(input: { title: "seen everywhere", severity: P3 }) { id } }`,
    );
    const heard = (s: (typeof subs)[number]) => s.items.filter((i) => i.incidentChanged.title !== 'probe');
    for (const s of subs) {
      await s.until(() => heard(s).length >= 1);
      const [got] = heard(s);
      expect(got.incidentChanged.title).toBe('seen everywhere');
    }
    // A marker declared after it, on another replica: events arrive in order, so a duplicate would come before it.
    await gql(replicas[2].graphqlUrl, `mutation { declareIncident(input: { title: "marker", severity: P3 }) { id } }`);
    for (const s of subs) await s.until(() => heard(s).some((i) => i.incidentChanged.title === 'marker'));
    for (const s of subs) expect(s.items.filter((i) => i.incidentChanged.title === 'seen everywhere')).toHaveLength(1);
  });

  it('60 identical triggers spread over the replicas make exactly one incident', async () => {
    const service = await gql(replicas[0].graphqlUrl, `mutation { createService(input: { name: "spread" }) { id } }`);
    const integration = await gql(
      replicas[0].graphqlUrl,
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "prom", kind: PAGERDUTY_EVENTS_V2 }) { key } }`,
      { s: service.data!.createService.id },
    );
    const key = integration.data!.createIntegration.key;
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        fetch(`${replicas[i % 3].url}/v2/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            routing_key: key,
            event_action: 'trigger',
            dedup_key: 'disk-full',
            payload: { summary: 'disk full on db1', source: 'db1', severity: 'error' },
          }),
        }).then((r) => r.status),
      ),
    );
    expect(statuses.every((s) => s === 202)).toBe(true);
    const list = await gql(
      replicas[2].graphqlUrl,
      `{ incidents(page: { first: 50 }) { nodes { title alerts { triggerCount } } } }`,
    );
    const matching = list.data!.incidents.nodes.filter((n: any) => n.title.includes('disk full'));
    expect(matching).toHaveLength(1);
    expect(matching[0].alerts[0].triggerCount).toBe(60);
  });

  it('an escalation timer fires once across replicas, and each page is delivered once', async () => {
    // Contact methods are credential-like (where a person is reached): each person adds their own from a session (one
    // an admin adds for them waits for them to enter a code POSTed to it).
    const person = async (name: string) => {
      const signedIn = await signedInVia(replicas[0].graphqlUrl, 'RESPONDER');
      const added = await gql(
        replicas[0].graphqlUrl,
        `mutation($u: ID!, $a: String!) { addContactMethod(userId: $u, kind: WEBHOOK, address: $a) { verified } }`,
        { u: signedIn.id, a: `${receiver.url}/page/${name}` },
        signedIn.headers,
      );
      expect(added.data?.addContactMethod).toEqual({ verified: true });
      return signedIn.id;
    };
    const first = await person('First');
    const second = await person('Second');
    const policy = await gql(
      replicas[0].graphqlUrl,
      `mutation($a: ID!, $b: ID!) { createEscalationPolicy(input: { name: "fast", isDefault: true, levels: [
      { name: "first", targets: [{ kind: USER, id: $a }], ackTimeoutMinutes: 1 },
      { name: "second", targets: [{ kind: USER, id: $b }] } ] }) { id } }`,
      { a: first, b: second },
    );
    expect(policy.errors).toBeUndefined();

    const declared = await gql(
      replicas[1].graphqlUrl,
      `mutation { declareIncident(input: { title: "nobody answers", severity: P2 }) { id } }`,
    );
    const id = declared.data!.declareIncident.id;
    // Level 2 is due 60 s after level 1; all three engines poll every 2 s and race for it.
    await waitUntil('the page to Second', () => receiver.delivered('/page/Second').length > 0, 90_000, 200);
    // No duplicate can come later: the ladder has nothing left due (every engine claims only due levels) and no page
    // is left to send. One already sent would be among the deliveries counted below.
    await waitUntil(
      'the ladder to end and every page to be sent',
      async () => {
        const now = await gql(
          replicas[2].graphqlUrl,
          `query($id: ID!) { incident(id: $id) { escalation { active nextAt } notifications { status } } }`,
          { id },
        );
        const incident = now.data!.incident;
        return (
          incident.escalation.active === false &&
          incident.escalation.nextAt === null &&
          incident.notifications.every((n: { status: string }) => !['PENDING', 'SENDING'].includes(n.status))
        );
      },
      30_000,
      200,
    );
    const timeline = await gql(
      replicas[2].graphqlUrl,
      `query($id: ID!) { incident(id: $id) { timeline { type data } } }`,
      { id },
    );
    const escalated = timeline.data!.incident.timeline.filter((e: any) => e.type === 'ESCALATED');
    expect(escalated).toHaveLength(2);
    expect(receiver.delivered('/page/First')).toHaveLength(1);
    expect(receiver.delivered('/page/Second')).toHaveLength(1);
    const keys = receiver.delivered().map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);
  }, 150_000);
});
