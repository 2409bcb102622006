import { ServerProcess, spawnServer } from '../support/processes';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { declarePaging, deliveriesByKey, duplicates, pageRows, waitFor, webhookPaging } from '../support/outbox';
import { describeIf, mariadbBinariesAvailable } from '../support/services';
import { ThrowawayMariadb, startThrowawayMariadb } from '../support/throwaway';

const PEOPLE = 8;
const SLOW_RECEIVER_MS = 2_000;
const OUTAGE_MS = 20_000;
const RESUME_WITHIN_MS = 60_000;

jest.setTimeout(120_000);

/**
 * Issue 15: a 20 s database outage (the database killed, not the server) while pages are in flight. The sender
 * records what it delivered once the database answers again, and sends the rest; nothing waits for a lease.
 */
describeIf(mariadbBinariesAvailable())('paging through a 20 s database outage', () => {
  let mariadb: ThrowawayMariadb;
  let server: ServerProcess;
  let receiver: HttpReceiver;

  beforeAll(async () => {
    [mariadb, receiver] = await Promise.all([startThrowawayMariadb(), startHttpReceiver()]);
    server = await spawnServer({
      DATABASE_URL: mariadb.url,
      VIGIL_MUTATIONS_PER_MINUTE: '100000',
      VIGIL_MUTATIONS_PER_MINUTE_PER_IP: '100000',
    });
    await webhookPaging(server.graphqlUrl, receiver.url, PEOPLE);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await mariadb?.stop();
  });

  it('delivers every page within 60 s of the database coming back, and none that completed before it twice', async () => {
    // A receiver that takes 2 s to answer keeps deliveries in flight long enough to kill the database under them.
    receiver.reply(() => new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), SLOW_RECEIVER_MS)));
    const before = await declarePaging(server.graphqlUrl, 'Before the outage');
    const sentBefore = await waitFor(
      async () => (await pageRows(mariadb.url)).filter((r) => r.status === 'SENT').length === PEOPLE,
      30_000,
      200,
    );
    expect(sentBefore).toBe(true);
    const completedBefore = (await pageRows(mariadb.url)).filter((r) => r.incidentId === before).map((r) => r.key);

    await declarePaging(server.graphqlUrl, 'During the outage 1');
    await declarePaging(server.graphqlUrl, 'During the outage 2');
    expect(await waitFor(() => receiver.pending().length > 0, 15_000, 20)).toBe(true);
    const inFlight = receiver.pending().length;
    await mariadb.kill();
    await new Promise((r) => setTimeout(r, OUTAGE_MS)); // the fault itself, not a wait for an outcome
    expect(server.child.exitCode).toBeNull();
    await mariadb.start();
    const back = Date.now();

    const total = 3 * PEOPLE;
    const allDone = async () => {
      const rows = await pageRows(mariadb.url).catch(() => []);
      return (
        rows.length === total && rows.every((r) => r.status === 'SENT') && deliveriesByKey(receiver).size === total
      );
    };
    const done = await waitFor(allDone, RESUME_WITHIN_MS, 200);
    const recordedAfterMs = Date.now() - back;
    const lastArrivalMs = Math.max(0, ...receiver.delivered().map((r) => r.at - back));
    const rows = await pageRows(mariadb.url);
    const dups = duplicates(receiver);
    console.log(
      `database outage ${OUTAGE_MS / 1000} s: ${total} pages, ${inFlight} in flight at the kill, ${dups} duplicates; ` +
        `last page arrived ${lastArrivalMs} ms and all were recorded SENT ${recordedAfterMs} ms after the database came back`,
    );
    expect({ done, stuck: rows.filter((r) => r.status !== 'SENT').map((r) => `${r.key} ${r.status}`) }).toEqual({
      done: true,
      stuck: [],
    });
    expect(recordedAfterMs).toBeLessThanOrEqual(RESUME_WITHIN_MS);
    expect(duplicates(receiver, completedBefore)).toBe(0);
    expect(dups).toBeLessThanOrEqual(inFlight);
    expect(server.child.exitCode).toBeNull();
  });
});
