import { MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { VERIFICATION_ITEMS, resolveVerified } from '../support/resolve';
import { TestServer, gql, startTestServer, userWithSession } from '../support/server';

jest.setTimeout(60_000);

const RESOLVE = `mutation($id: ID!, $input: ResolveIncidentInput) { resolveIncident(id: $id, input: $input) {
  status resolution { verified byMonitoring overrideReason missing summary resolvedBy } } }`;
const STATE = `query($id: ID!) { incident(id: $id) { status resolvedAt acknowledgedAt resolution { verified byMonitoring missing summary }
  checklists { kind complete items { key done } } timeline { type message data } } }`;
const CHECK = `mutation($id: ID!, $item: String!, $done: Boolean!) { checkChecklistItem(id: $id, input: { checklist: RESOLUTION_VERIFICATION, item: $item, done: $done }) { id } }`;

/** Issue 16: "resolve without verification" — resolving needs the procedure's verification, or a reason to skip it. */
describe.each(testDatabaseKinds())('resolving needs the resolution verification, on %s', (kind) => {
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');
  let server: TestServer;
  let ana: Record<string, string>;

  const as = (query: string, variables: Record<string, unknown>) => gql(server.graphqlUrl, query, variables, ana);
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await as(query, variables);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const declare = async (severity = 'P1') =>
    (
      await ok(`mutation($s: Severity!) { declareIncident(input: { title: "Checkout 5xx", severity: $s }) { id } }`, {
        s: severity,
      })
    ).declareIncident.id as string;
  const state = async (id: string) => (await ok(STATE, { id })).incident;
  const check = (id: string, item: string, done = true) => ok(CHECK, { id, item, done });

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
    // A responder signed in, as in the console.
    ana = (await userWithSession(server, 'Ana Responder', 'RESPONDER')).headers;
  });
  afterAll(() => server?.dispose());

  it('refuses with nothing checked, naming every missing item on overrideReason, and writes nothing', async () => {
    const id = await declare();
    await ok(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    const before = await state(id);
    const refused = await as(RESOLVE, { id, input: { note: 'looks fine' } });
    expect(refused.errors![0].extensions).toEqual({
      code: 'VALIDATION',
      field: 'overrideReason',
      missing: VERIFICATION_ITEMS,
    });
    expect(refused.errors![0].message).toMatch(
      /not checked: Health checks passing, Error rates normal, Performance metrics normal, User reports resolved/,
    );
    expect(await state(id)).toEqual(before);

    // Moving it to RESOLVED another way is the same resolution, under the same rule.
    const moved = await as(`mutation($id: ID!) { transitionIncident(id: $id, input: { to: RESOLVED }) { status } }`, {
      id,
    });
    expect(moved.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'overrideReason' });

    await check(id, 'health_checks');
    await check(id, 'error_rates');
    await check(id, 'performance');
    await check(id, 'performance', false);
    const fewer = await as(RESOLVE, { id });
    expect(fewer.errors![0].extensions).toMatchObject({ missing: ['performance', 'user_reports'] });
    for (const blank of ['', '   ']) {
      const empty = await as(RESOLVE, { id, input: { overrideReason: blank } });
      expect(empty.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'overrideReason' });
    }
    expect((await state(id)).status).toBe('ACKNOWLEDGED');
  });

  it('resolves with an override reason: on the timeline, on the incident and in the post-mortem', async () => {
    const id = await declare('P1');
    await check(id, 'health_checks');
    clock.advance(20 * MINUTE);
    const reason = 'Dashboards are down; the customer confirmed checkout works';
    const resolved = await ok(RESOLVE, { id, input: { note: 'Rolled back v812', overrideReason: reason } });
    expect(resolved.resolveIncident).toEqual({
      status: 'RESOLVED',
      resolution: {
        verified: false,
        byMonitoring: false,
        overrideReason: reason,
        missing: ['Error rates normal', 'Performance metrics normal', 'User reports resolved'],
        summary: `Resolved without verification (override: ${reason}); not checked: Error rates normal, Performance metrics normal, User reports resolved.`,
        resolvedBy: 'Ana Responder',
      },
    });
    const line = (await state(id)).timeline.find((e: { type: string }) => e.type === 'RESOLVED');
    expect(line.message).toBe(
      `Resolved: Rolled back v812 — without verification: ${reason} (not checked: Error rates normal, Performance metrics normal, User reports resolved)`,
    );
    expect(line.data.verification).toEqual({
      verified: false,
      missing: ['error_rates', 'performance', 'user_reports'],
      overrideReason: reason,
      by: 'PERSON',
    });

    const pm = (
      await ok(`query($id: ID!) { postmortemForIncident(incidentId: $id) { timeline { kind text } markdown } }`, { id })
    ).postmortemForIncident;
    expect(pm.timeline.find((e: { kind: string }) => e.kind === 'RESOLUTION').text).toContain(reason);
    expect(pm.markdown).toContain(`- **Resolution**: Resolved without verification (override: ${reason});`);
  });

  it('resolves verified once every check is done; an override then is not needed and not recorded', async () => {
    const id = await declare('P2');
    for (const item of VERIFICATION_ITEMS) await check(id, item);
    const resolved = await ok(RESOLVE, { id, input: { overrideReason: 'not needed' } });
    expect(resolved.resolveIncident.resolution).toMatchObject({
      verified: true,
      overrideReason: null,
      missing: [],
      summary: 'Verified: every resolution-verification check was done.',
    });
  });

  it('a reopened incident must be verified again before it is resolved again', async () => {
    const id = await declare('P2');
    await resolveVerified(server.graphqlUrl, id, { headers: ana });
    await ok(`mutation($id: ID!) { reopenIncident(id: $id, input: { reason: "errors are back" }) { id } }`, { id });
    const reopened = await state(id);
    expect(
      reopened.checklists
        .find((c: { kind: string }) => c.kind === 'RESOLUTION_VERIFICATION')
        .items.every((i: { done: boolean }) => !i.done),
    ).toBe(true);
    expect((await as(RESOLVE, { id })).errors![0].extensions).toMatchObject({ missing: VERIFICATION_ITEMS });
    expect((await resolveVerified(server.graphqlUrl, id, { headers: ana, fields: 'status' })).status).toBe('RESOLVED');
  });

  it('transitionIncident follows the same rules: RESOLVED with an override reason, and out of RESOLVED only with a reason', async () => {
    const id = await declare('P2');
    const TRANSITION = `mutation($id: ID!, $input: TransitionIncidentInput!) { transitionIncident(id: $id, input: $input) { status resolution { verified overrideReason } } }`;
    const resolved = await ok(TRANSITION, {
      id,
      input: { to: 'RESOLVED', overrideReason: 'verified by hand on the status dashboard' },
    });
    expect(resolved.transitionIncident).toEqual({
      status: 'RESOLVED',
      resolution: { verified: false, overrideReason: 'verified by hand on the status dashboard' },
    });
    const before = await state(id);
    for (const note of [undefined, '  ']) {
      const bare = await as(TRANSITION, { id, input: { to: 'INVESTIGATING', note } });
      expect(bare.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'note' });
    }
    expect(await state(id)).toEqual(before);
    await ok(TRANSITION, { id, input: { to: 'INVESTIGATING', note: 'errors are back' } });
    // The reopen, and the neutral public line that tells customers it is back (the reason stays internal).
    expect((await state(id)).timeline.slice(-2)).toMatchObject([
      { type: 'REOPENED', data: expect.objectContaining({ reason: 'errors are back' }) },
      { type: 'PUBLIC_UPDATE', data: { publicStatus: 'INVESTIGATING', automatic: true } },
    ]);
  });

  it('monitoring resolves without the checklist; the verification is noted as not done and can be completed afterwards', async () => {
    const service = (await gql(server.graphqlUrl, `mutation { createService(input: { name: "checkout-api" }) { id } }`))
      .data!;
    const made = await gql(
      server.graphqlUrl,
      `mutation($s: ID!) { createIntegration(input: { serviceId: $s, name: "hook", kind: GENERIC_WEBHOOK }) { key } }`,
      { s: service.createService.id },
    );
    const post = (body: unknown) =>
      fetch(`${server.url}/api/integrations/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${made.data!.createIntegration.key}` },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
    const opened = await post({ summary: 'Checkout 5xx above 5%', dedup_key: 'checkout-5xx', severity: 'critical' });
    const id = opened.body.alerts[0].incident_id;
    await check(id, 'health_checks');
    expect((await post({ status: 'resolved', dedup_key: 'checkout-5xx' })).status).toBe(202);

    const after = await state(id);
    expect(after).toMatchObject({
      status: 'RESOLVED',
      acknowledgedAt: null,
      resolution: {
        verified: false,
        byMonitoring: true,
        missing: ['Error rates normal', 'Performance metrics normal', 'User reports resolved'],
      },
    });
    expect(after.timeline.find((e: { type: string }) => e.type === 'RESOLVED').message).toMatch(
      /by monitoring, not verified yet \(to check: Error rates normal, Performance metrics normal, User reports resolved\)/,
    );
    for (const item of ['error_rates', 'performance', 'user_reports']) await check(id, item);
    expect(
      (await state(id)).checklists.find((c: { kind: string }) => c.kind === 'RESOLUTION_VERIFICATION').complete,
    ).toBe(true);
  });
});
