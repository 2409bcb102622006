import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '@vigil/shared';
import { parseChangeConfig } from '../../server/src/deployments/changes.config';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { TestServer, gql, sessionFor, startTestServer, userWithSession } from '../support/server';

jest.setTimeout(60_000);

const RUN = `mutation($id: ID!, $input: RunRunbookActionInput!) { runRunbookAction(incidentId: $id, input: $input) { dryRun steps { argv } } }`;
const RUNBOOK_LINES = `query($id: ID!) { incident(id: $id) { timeline { type } } }`;

/** Issue 16, runbooks: who may dry-run, and parameters only from the runbook file's allowlist. */
describe.each(testDatabaseKinds())('runbook access and parameters on %s', (kind) => {
  const clock = new ManualClock('2026-06-03T12:00:00.000Z');
  let server: TestServer;
  let dir: string;
  const who: Record<string, Record<string, string>> = {};
  const ids: Record<string, string> = {};

  const admin = (query: string, variables: Record<string, unknown> = {}) =>
    gql(server.graphqlUrl, query, variables).then((r) => {
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data!;
    });
  const run = (person: string, incident: string, input: Record<string, unknown>) =>
    gql(server.graphqlUrl, RUN, { id: incident, input: { confirm: true, ...input } }, who[person]);
  const runbookLines = async (incident: string) =>
    (await admin(RUNBOOK_LINES, { id: incident })).incident.timeline.filter((e: { type: string }) =>
      e.type.startsWith('RUNBOOK_'),
    ).length;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-runbook-access-'));
    const file = path.join(dir, 'runbooks.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        workingDirectory: '.',
        services: {
          'checkout-api': {
            deployment: 'checkout',
            namespace: 'production',
            allowedNamespaces: ['staging'],
            actions: {
              RESTART: { steps: [{ name: 'Restart', command: ['echo', 'restart', '{deployment}', '{namespace}'] }] },
            },
          },
          'search-api': { deployment: 'search', namespace: 'production' },
        },
      }),
    );
    const changes = parseChangeConfig({ VIGIL_RUNBOOKS_FILE: file }, (m) => new Error(m));
    server = await startTestServer(kind, { clock, config: { changes } });
    // Ana is on call in the schedule the default policy pages; Bob is on call for the Search team's own schedule.
    const paging = await setUpPaging(server);
    who.ana = (await sessionFor(server, paging.ana)).headers;
    const bob = await userWithSession(server, 'Bob Searcher', 'RESPONDER');
    who.bob = bob.headers;
    who.rita = (await userWithSession(server, 'Rita Responder', 'RESPONDER')).headers;
    who.lena = (await userWithSession(server, 'Lena Lead', 'LEAD')).headers;
    const made = await admin(
      `mutation { a: createService(input: { name: "checkout-api" }) { id } b: createService(input: { name: "search-api" }) { id } t: createTeam(name: "Search") { id } s: createSchedule(input: { name: "Search on call" }) { id } }`,
    );
    await admin(
      `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: { name: "Weekly", shiftUnit: WEEKLY, handoffTime: "09:00", timeZone: "UTC", startDate: "2026-01-05", participantIds: $p }) { id } }`,
      { s: made.s.id, p: [String(bob.id)] },
    );
    await admin(`mutation($s: ID!, $t: ID!) { setScheduleTeam(id: $s, teamId: $t) { id } }`, {
      s: made.s.id,
      t: made.t.id,
    });
    await admin(`mutation($v: ID!, $t: ID!) { setServiceTeam(id: $v, teamId: $t) { id } }`, {
      v: made.b.id,
      t: made.t.id,
    });
    ids.checkout = (
      await admin(
        `mutation { declareIncident(input: { title: "Checkout 5xx", severity: P1, services: ["checkout-api"] }) { id } }`,
      )
    ).declareIncident.id;
    ids.search = (
      await admin(
        `mutation { declareIncident(input: { title: "Search stale", severity: P2, services: ["search-api"] }) { id } }`,
      )
    ).declareIncident.id;
  });

  afterAll(async () => {
    await server.app.runbooks.settled();
    await server?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the responder on call for the incident may dry-run any action on a P1, but not run it', async () => {
    const dry = await run('ana', ids.checkout, { action: 'ROLLBACK', dryRun: true });
    expect(dry.errors).toBeUndefined();
    expect(dry.data!.runRunbookAction.steps[1].argv).toEqual([
      'kubectl',
      'rollout',
      'undo',
      'deployment/checkout',
      '-n',
      'production',
    ]);
    expect((await run('ana', ids.checkout, { action: 'RESTART', dryRun: true })).errors).toBeUndefined();

    const before = await runbookLines(ids.checkout);
    const real = await run('ana', ids.checkout, { action: 'RESTART' });
    expect(real.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(real.errors![0].message).toMatch(/needs the LEAD role \(or RESPONDER on a P0\)/);
    expect(await runbookLines(ids.checkout)).toBe(before);
  });

  it('a responder not on call may not dry-run; the on-call of the team owning the service may', async () => {
    const rita = await run('rita', ids.checkout, { action: 'ROLLBACK', dryRun: true });
    expect(rita.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(rita.errors![0].message).toMatch(/you are RESPONDER, not on call/);
    expect((await run('bob', ids.checkout, { action: 'ROLLBACK', dryRun: true })).errors![0].extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await run('bob', ids.search, { action: 'ROLLBACK', dryRun: true })).errors).toBeUndefined();
  });

  it('parameters come only from the allowlist: a caller-chosen namespace is refused naming it, and nothing is written', async () => {
    const before = await runbookLines(ids.checkout);
    for (const [input, field] of [
      [{ action: 'ROLLBACK', namespace: 'kube-system' }, 'namespace'],
      [{ action: 'ROLLBACK', deployment: 'payments', dryRun: true }, 'deployment'],
      [{ action: 'RESTART', namespace: 'kube-system', dryRun: true }, 'namespace'],
    ] as const) {
      const res = await run('lena', ids.checkout, input);
      expect(res.errors![0].extensions).toEqual({ code: 'VALIDATION', field });
    }
    const refused = await run('lena', ids.checkout, { action: 'ROLLBACK', namespace: 'kube-system' });
    expect(refused.errors![0].message).toBe(
      'namespace "kube-system" is not allowed for checkout-api: the runbook file allows production, staging.',
    );
    expect(await runbookLines(ids.checkout)).toBe(before);

    const staging = await run('lena', ids.checkout, { action: 'RESTART', namespace: 'staging', dryRun: true });
    expect(staging.data!.runRunbookAction.steps[0].argv).toEqual(['echo', 'restart', 'checkout', 'staging']);
  });
});
