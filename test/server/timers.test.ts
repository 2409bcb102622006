import { MINUTE, ManualClock, SECOND } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { TestServer, gql, startTestServer } from '../support/server';

jest.setTimeout(60_000);

const STATE = `query($id: ID!) { incident(id: $id) { notifications { kind targetName } timeline { type message actorKind } } }`;

describe.each(testDatabaseKinds())('timers said out loud on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock('2026-08-03T07:00:00.000Z');
  let people: Record<string, number>;

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const declare = async (severity: string, title: string) => (await ok(
    `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id detectedAt } }`, { input: { title, severity } },
  )).declareIncident as { id: string; detectedAt: string };
  const state = async (id: string) => (await ok(STATE, { id })).incident;
  const sent = async (id: string, kindOf: string) => (await state(id)).notifications.filter((n: { kind: string }) => n.kind === kindOf).map((n: { targetName: string }) => n.targetName);
  const lines = async (id: string, type: string) => (await state(id)).timeline.filter((e: { type: string }) => e.type === type).map((e: { message: string }) => e.message);
  const run = () => server.app.notifications.runOnce();

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    people = await setUpPaging(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('an overdue status update reminds the commander again every 10 minutes until an update is posted', async () => {
    const { id, detectedAt } = await declare('P1', 'Orders delayed');
    await ok(`mutation($id: ID!, $u: ID!) { assignIncidentRole(incidentId: $id, role: COMMANDER, userId: $u) { id } }`, { id, u: String(people.em) });
    const due = new Date(detectedAt).getTime() + 60 * MINUTE;
    clock.set(due);
    await run();
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toEqual([]);
    clock.set(due + 1);
    await run();
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toEqual(['Em Manager']);
    clock.set(due + 10 * MINUTE - SECOND);
    await run();
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toHaveLength(1);
    // Ten minutes after the due time, to the second: the second reminder; two loops at once send it once.
    clock.set(due + 10 * MINUTE);
    await Promise.all([run(), run()]);
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toEqual(['Em Manager', 'Em Manager']);
    clock.set(due + 20 * MINUTE);
    await run();
    await run();
    expect(await lines(id, 'STATUS_UPDATE_OVERDUE')).toEqual([
      `Status update overdue since ${new Date(due).toISOString()}; reminded Em Manager`,
      `Status update overdue since ${new Date(due).toISOString()}; reminded Em Manager again (reminder 2)`,
      `Status update overdue since ${new Date(due).toISOString()}; reminded Em Manager again (reminder 3)`,
    ]);
    // An update is posted: the reminders stop until the next one is missed.
    await ok(`mutation($id: ID!) { postStatusUpdate(id: $id, input: { publicStatus: INVESTIGATING, internalMessage: "Queue drained" }) { id } }`, { id });
    clock.advance(59 * MINUTE);
    await run();
    expect(await sent(id, 'STATUS_UPDATE_DUE')).toHaveLength(3);
  });
});
