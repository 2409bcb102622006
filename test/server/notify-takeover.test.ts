import { leaseTimes, takeoverWithinMs } from '@vigil/shared';
import { DESTINATION_CAP } from '../../server/src/notify/delivery-lanes';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { ServerProcess, spawnServer } from '../support/processes';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import {
  declarePaging,
  deliveriesByKey,
  duplicates,
  leaseOwners,
  pageRows,
  waitFor,
  webhookPaging,
} from '../support/outbox';
import { gql } from '../support/server';
import { describeIf, mysqlAvailable } from '../support/services';

// Every person's webhook is on the one test receiver, a single destination: a replica holds at most
// DESTINATION_CAP of its deliveries at once (notify/delivery-lanes.ts), so that many people lets one claim take all.
const PEOPLE = DESTINATION_CAP;
const SLOW_RECEIVER_MS = 2_000;
// Shorter than the 30 s default so the test stays short; the takeover bound scales with it.
const LEASE_MS = 12_000;
const POLL_MS = 1_500;
// One claim and one HTTP request on a loaded 2-core machine, on top of the lease and one poll.
const SLACK_MS = 1_000;

jest.setTimeout(120_000);

/**
 * Issue 15: kill -9 of the replica holding the leases while its pages are in flight. The other replica takes the
 * rows over when the leases lapse and sends them with the same idempotency keys; only those in flight are sent twice.
 */
describeIf(mysqlAvailable())('a replica killed while it holds notification leases', () => {
  let db: TestDatabase;
  let replicas: ServerProcess[];
  let receiver: HttpReceiver;

  beforeAll(async () => {
    [db, receiver] = await Promise.all([createTestDatabase('mariadb'), startHttpReceiver()]);
    const env = {
      DATABASE_URL: db.databaseUrl!,
      VIGIL_BOOTSTRAP_TOKEN: db.adminToken,
      VIGIL_NOTIFY_LEASE_MS: String(LEASE_MS),
      VIGIL_NOTIFY_INTERVAL_MS: String(POLL_MS),
      VIGIL_MUTATIONS_PER_MINUTE: '100000',
      VIGIL_MUTATIONS_PER_MINUTE_PER_IP: '100000',
    };
    replicas = await Promise.all([spawnServer(env), spawnServer(env)]);
    await webhookPaging(replicas[0].graphqlUrl, receiver.url, PEOPLE);
  }, 90_000);

  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.stop()));
    await receiver?.close();
    await db?.drop();
  });

  it('the other replica takes the leased pages over within the lease; only the deliveries in flight are sent twice', async () => {
    receiver.reply(() => new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), SLOW_RECEIVER_MS)));
    const before = await declarePaging(replicas[0].graphqlUrl, 'Before the kill');
    expect(
      await waitFor(
        async () => (await pageRows(db.databaseUrl!)).filter((r) => r.status === 'SENT').length === PEOPLE,
        30_000,
        200,
      ),
    ).toBe(true);
    const completedBefore = (await pageRows(db.databaseUrl!)).filter((r) => r.incidentId === before).map((r) => r.key);

    // One transaction queues all the pages; whichever replica claims them holds every lease, and dies.
    const during = await declarePaging(replicas[0].graphqlUrl, 'Killed mid-send');
    expect(await waitFor(() => receiver.pending().length === PEOPLE, 15_000, 20)).toBe(true);
    const owners = await leaseOwners(db.databaseUrl!);
    expect(owners).toHaveLength(1);
    const holder = replicas.find((r) => owners[0].endsWith(`:${r.child.pid}`))!;
    const survivor = replicas.find((r) => r !== holder)!;
    const inFlight = receiver.pending().length;
    holder.child.kill('SIGKILL');
    const killedAt = Date.now();

    const total = 2 * PEOPLE;
    const allSent = async () =>
      (await pageRows(db.databaseUrl!)).every((r) => r.status === 'SENT') && deliveriesByKey(receiver).size === total;
    const done = await waitFor(allSent, LEASE_MS + POLL_MS + 3 * SLOW_RECEIVER_MS + 5_000, 100);
    const again = receiver.requests.filter((r) => r.at > killedAt);
    const takeoverMs = again.length ? Math.min(...again.map((r) => r.at)) - killedAt : Infinity;
    const dups = duplicates(receiver);
    console.log(
      `kill -9 with a ${LEASE_MS / 1000} s lease: ${total} pages, ${inFlight} in flight at the kill, ${dups} duplicates; ` +
        `the other replica took over after ${takeoverMs} ms and everything was recorded SENT ${Date.now() - killedAt} ms after the kill`,
    );
    expect(done).toBe(true);
    expect(takeoverMs).toBeLessThanOrEqual(takeoverWithinMs(leaseTimes(LEASE_MS), POLL_MS) + SLACK_MS);
    expect(duplicates(receiver, completedBefore)).toBe(0);
    expect(dups).toBeLessThanOrEqual(inFlight);
    // The lost attempt is on the record: the audit trail says its outcome is unknown, then the retry that sent it.
    const attempts = await gql(
      survivor.graphqlUrl,
      `query($id: ID!) { incident(id: $id) { notifications { kind status deliveryAttempts { attempt outcome error } } } }`,
      { id: during },
    );
    const pages = attempts.data!.incident.notifications.filter((n: { kind: string }) => n.kind === 'PAGE');
    expect(pages).toHaveLength(PEOPLE);
    for (const page of pages) {
      expect(page.deliveryAttempts).toEqual([
        {
          attempt: 1,
          outcome: 'RETRY',
          error: `outcome unknown: ${owners[0]} stopped renewing its lease (stopped, or cut off from the database)`,
        },
        { attempt: 2, outcome: 'SENT', error: null },
      ]);
    }
    expect(survivor.child.exitCode).toBeNull();
  });
});
