import { Client } from 'graphql-ws';
import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, collect, gql, startTestServer, subscribed, userWithToken, wsClient } from '../support/server';

const DECLARE = `mutation($title: String!) { declareIncident(input: { title: $title, severity: P1 }) { id } }`;
const CHECK = `mutation($id: ID!, $input: ChecklistCheckInput!) {
  checkChecklistItem(id: $id, input: $input) { id checklists { kind title complete items { key label done evidence checkedAt checkedBy } } } }`;
const STATE = `query($id: ID!) { incident(id: $id) { checklists { kind complete items { key done evidence checkedBy } } timeline { type message data } } }`;

describe.each(testDatabaseKinds())('mitigation and resolution-verification checklists on %s', (kind) => {
  let server: TestServer;
  let ws: Client;
  const clock = new ManualClock('2026-04-01T08:00:00.000Z');

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    ws = wsClient(server.wsUrl);
  });

  afterAll(async () => {
    await ws?.dispose();
    await server?.dispose();
  });

  const declare = async (title: string) =>
    (await gql(server.graphqlUrl, DECLARE, { title })).data!.declareIncident.id as string;

  it('starts with every item open, in the procedure order', async () => {
    const id = await declare('fresh');
    const res = await gql(server.graphqlUrl, STATE, { id });
    const [mitigation, verification] = res.data!.incident.checklists;
    expect(mitigation).toMatchObject({ kind: 'MITIGATION', complete: false });
    expect(mitigation.items.map((i: any) => i.key)).toEqual(['rollback', 'restart', 'scale_up', 'maintenance_mode']);
    expect(verification.items.map((i: any) => i.key)).toEqual([
      'health_checks',
      'error_rates',
      'performance',
      'user_reports',
    ]);
    expect(verification.items.every((i: any) => i.done === false && i.checkedBy === null)).toBe(true);
  });

  it('checks and unchecks items on the timeline, with who, when and evidence, published live', async () => {
    const ana = await userWithToken(server, 'Ana', 'RESPONDER');
    const ben = await userWithToken(server, 'Ben', 'RESPONDER');
    const id = await declare('checkout errors');
    const events = collect(
      ws,
      `subscription($id: ID) { timelineEventAdded(incidentId: $id) { type message actorName } }`,
      { id },
    );
    await subscribed(server, events);
    clock.advance(60_000);
    const checked = await gql(
      server.graphqlUrl,
      CHECK,
      { id, input: { checklist: 'MITIGATION', item: 'rollback', done: true, evidence: 'v41 → v40' } },
      ana.headers,
    );
    expect(checked.errors).toBeUndefined();
    const rollback = checked.data!.checkChecklistItem.checklists[0].items[0];
    expect(rollback).toMatchObject({
      key: 'rollback',
      done: true,
      evidence: 'v41 → v40',
      checkedBy: 'Ana (test)',
      checkedAt: '2026-04-01T08:01:00.000Z',
    });

    clock.advance(60_000);
    await gql(
      server.graphqlUrl,
      CHECK,
      { id, input: { checklist: 'MITIGATION', item: 'rollback', done: false, evidence: 'rollback failed' } },
      ben.headers,
    );
    const [first, second] = await events.next(2);
    expect(first.timelineEventAdded).toEqual({
      type: 'CHECKLIST',
      message: 'Immediate mitigation: Rollback deployment if needed — done (v41 → v40)',
      actorName: 'Ana (test)',
    });
    expect(second.timelineEventAdded.actorName).toBe('Ben (test)');
    events.unsubscribe();

    const state = await gql(server.graphqlUrl, STATE, { id });
    expect(state.data!.incident.checklists[0].items[0]).toEqual({
      key: 'rollback',
      done: false,
      evidence: 'rollback failed',
      checkedBy: 'Ben (test)',
    });
    const lines = state.data!.incident.timeline.filter((e: any) => e.type === 'CHECKLIST');
    expect(lines.map((e: any) => e.data)).toEqual([
      { checklist: 'MITIGATION', item: 'rollback', done: true, evidence: 'v41 → v40' },
      { checklist: 'MITIGATION', item: 'rollback', done: false, evidence: 'rollback failed' },
    ]);
  });

  it('is complete once every verification item is checked', async () => {
    const id = await declare('verify me');
    for (const item of ['health_checks', 'error_rates', 'performance', 'user_reports']) {
      const r = await gql(server.graphqlUrl, CHECK, {
        id,
        input: { checklist: 'RESOLUTION_VERIFICATION', item, done: true },
      });
      expect(r.errors).toBeUndefined();
    }
    const state = await gql(server.graphqlUrl, STATE, { id });
    expect(state.data!.incident.checklists.map((c: any) => c.complete)).toEqual([false, true]);
  });

  it.each([
    ['an item of the other checklist', { checklist: 'MITIGATION', item: 'health_checks', done: true }, 'item'],
    ['an unknown item', { checklist: 'RESOLUTION_VERIFICATION', item: 'vibes', done: true }, 'item'],
    [
      'evidence over 2000 characters',
      { checklist: 'MITIGATION', item: 'restart', done: true, evidence: 'x'.repeat(2001) },
      'evidence',
    ],
  ])('rejects %s with VALIDATION on %s and writes nothing', async (_l, input, field) => {
    const id = await declare('bad input');
    const before = await gql(server.graphqlUrl, STATE, { id });
    const res = await gql(server.graphqlUrl, CHECK, { id, input });
    expect(res.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field });
    expect(await gql(server.graphqlUrl, STATE, { id })).toEqual(before);
  });

  it('a viewer may not check items (FORBIDDEN) and nothing is written', async () => {
    const viewer = await userWithToken(server, 'Vi', 'VIEWER');
    const id = await declare('viewer');
    const before = await gql(server.graphqlUrl, STATE, { id });
    const res = await gql(
      server.graphqlUrl,
      CHECK,
      { id, input: { checklist: 'MITIGATION', item: 'restart', done: true } },
      viewer.headers,
    );
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await gql(server.graphqlUrl, STATE, { id })).toEqual(before);
  });

  it('an unknown incident is NOT_FOUND, a bad id is VALIDATION on id', async () => {
    const input = { checklist: 'MITIGATION', item: 'restart', done: true };
    expect((await gql(server.graphqlUrl, CHECK, { id: '999999', input })).errors![0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
    expect((await gql(server.graphqlUrl, CHECK, { id: 'x', input })).errors![0].extensions).toMatchObject({
      code: 'VALIDATION',
      field: 'id',
    });
  });
});
