import { MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { resolveVerified } from '../support/resolve';
import { TestServer, gql, startTestServer, userWithSession } from '../support/server';

jest.setTimeout(60_000);

const UPDATE = `mutation($id: ID!, $input: StatusUpdateInput!) { postStatusUpdate(id: $id, input: $input) { id lastStatusUpdateAt } }`;
const STATE = `query($id: ID!) { incident(id: $id) { status lastStatusUpdateAt timeline { type } } }`;

/** Issue 16, "Resolution and communication": what a status update may say, and where it goes. */
describe.each(testDatabaseKinds())('status updates on %s', (kind) => {
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');
  let server: TestServer;
  let slack: HttpReceiver;
  let ana: Record<string, string>;

  const as = (query: string, variables: Record<string, unknown>) => gql(server.graphqlUrl, query, variables, ana);
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await as(query, variables);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const update = (id: string, publicStatus: string, text = `Update ${publicStatus}`) =>
    as(UPDATE, { id, input: { publicStatus, internalMessage: `internal: ${text}`, publicMessage: text } });

  beforeAll(async () => {
    slack = await startHttpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        notify: {
          slackWebhookUrl: `${slack.url}/slack`,
          smtpUrl: null,
          emailFrom: 'Vigil <vigil@example.com>',
          stakeholderEmails: [],
          webhookUrl: null,
          ticketWebhookUrl: null,
          senderIntervalMs: 0,
          leaseMs: 30_000,
        },
      },
    });
    ana = (await userWithSession(server, 'Ana Responder', 'RESPONDER')).headers;
  });
  afterAll(async () => {
    await server?.dispose();
    await slack?.close();
  });

  it('the public word follows the lifecycle: Resolved only once resolved, Monitoring only from mitigation on', async () => {
    const id = (await ok(`mutation { declareIncident(input: { title: "Checkout 5xx", severity: P1 }) { id } }`))
      .declareIncident.id;
    const refuse = async (word: string, message: RegExp) => {
      const before = await ok(STATE, { id });
      const res = await update(id, word);
      expect(res.errors![0].extensions).toEqual({ code: 'VALIDATION', field: 'publicStatus' });
      expect(res.errors![0].message).toMatch(message);
      expect(await ok(STATE, { id })).toEqual(before);
    };

    await refuse('RESOLVED', /RESOLVED needs the incident resolved first; it is TRIGGERED/);
    await refuse('MONITORING', /MONITORING needs the incident mitigated first; it is TRIGGERED/);
    expect((await update(id, 'INVESTIGATING')).errors).toBeUndefined();
    await ok(`mutation($id: ID!) { transitionIncident(id: $id, input: { to: IDENTIFIED }) { id } }`, { id });
    expect((await update(id, 'IDENTIFIED')).errors).toBeUndefined();
    await refuse('MONITORING', /it is IDENTIFIED/);

    clock.advance(10 * MINUTE);
    await ok(`mutation($id: ID!) { transitionIncident(id: $id, input: { to: MITIGATED }) { id } }`, { id });
    expect((await update(id, 'MONITORING')).errors).toBeUndefined();
    await refuse('RESOLVED', /it is MITIGATED/);

    // What customers read when it is over is said with the resolution (resolveIncident's publicMessage).
    await resolveVerified(server.graphqlUrl, id, { headers: ana, publicMessage: 'Checkout works again.' });
    await refuse('MONITORING', /A resolved incident can only get a RESOLVED status update/);

    // The public page never says Resolved for an incident it lists as active.
    const page = (
      await gql(
        server.graphqlUrl,
        `{ publicStatus { activeIncidents { id } pastIncidents { id updates { status } } } }`,
        {},
        { authorization: '' },
      )
    ).data!.publicStatus;
    expect(page.activeIncidents).toEqual([]);
    expect(
      page.pastIncidents.find((i: { id: string }) => i.id === id).updates.map((u: { status: string }) => u.status),
    ).toEqual(['RESOLVED', 'MONITORING', 'IDENTIFIED', 'INVESTIGATING']);
  });

  it('the incident, the status page, the feed and the newest update say the same word, after mitigation too', async () => {
    expect(
      (await gql(server.graphqlUrl, `mutation { createService(input: { name: "search-api" }) { id } }`)).errors,
    ).toBeUndefined();
    const id = (
      await ok(
        `mutation { declareIncident(input: { title: "Search errors", severity: P1, services: ["search-api"] }) { id } }`,
      )
    ).declareIncident.id;
    const move = (to: string) =>
      ok(`mutation($id: ID!, $to: IncidentStatus!) { transitionIncident(id: $id, input: { to: $to }) { id } }`, {
        id,
        to,
      });
    /** The incident's word, the page's (the HTML renders the same snapshot), its newest update's, the feed's newest. */
    const word = async () => {
      const page = (await (await fetch(`${server.url}/api/status.json`)).json()) as {
        activeIncidents: Array<{ id: string; status: string; updates: Array<{ status: string }> }>;
      };
      const listed = page.activeIncidents.find((i) => i.id === id);
      const { incident } = await ok(`query($id: ID!) { incident(id: $id) { publicStatus } }`, { id });
      const feed = await (await fetch(`${server.url}/status/feed.atom`)).text();
      const entries = [...feed.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => m[0]);
      const newest = entries.find((e) => e.includes(`#incident-${id}"`));
      const feedWord = newest ? /<title>(\w+):/.exec(newest)![1].toUpperCase() : null;
      return [incident.publicStatus, listed?.status, listed?.updates[0]?.status ?? null, feedWord];
    };
    expect(await word()).toEqual(['INVESTIGATING', 'INVESTIGATING', null, null]);
    // Told the customers "Identified" while still ACKNOWLEDGED (allowed): the page says Identified too.
    await ok(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id });
    expect((await update(id, 'IDENTIFIED', 'We found the cause and are fixing it.')).errors).toBeUndefined();
    expect(await word()).toEqual(['IDENTIFIED', 'IDENTIFIED', 'IDENTIFIED', 'IDENTIFIED']);
    // An internal-only update tells the public nothing: the page's word stays.
    await ok(UPDATE, { id, input: { publicStatus: 'INVESTIGATING', internalMessage: 'second shard too' } });
    expect(await word()).toEqual(['IDENTIFIED', 'IDENTIFIED', 'IDENTIFIED', 'IDENTIFIED']);
    // Mitigated inside: customers were told "Identified" and nothing since, so the page says what they were told
    // until the commander says "Monitoring".
    await move('IDENTIFIED');
    await move('MITIGATED');
    expect(await word()).toEqual(['IDENTIFIED', 'IDENTIFIED', 'IDENTIFIED', 'IDENTIFIED']);
    expect((await update(id, 'MONITORING', 'A fix is in place; we are watching.')).errors).toBeUndefined();
    expect(await word()).toEqual(['MONITORING', 'MONITORING', 'MONITORING', 'MONITORING']);
    // Still mitigated, the commander tells customers a second region is affected: the newest word is the page's.
    clock.advance(MINUTE);
    expect(
      (await update(id, 'IDENTIFIED', 'A second region is affected; the fix is rolling out.')).errors,
    ).toBeUndefined();
    expect(await word()).toEqual(['IDENTIFIED', 'IDENTIFIED', 'IDENTIFIED', 'IDENTIFIED']);
    clock.advance(MINUTE);
    expect((await update(id, 'MONITORING', 'The fix is out everywhere; we are watching.')).errors).toBeUndefined();
    // The mitigation fails: "Monitoring" no longer fits, so Vigil tells customers so, and every place says it.
    clock.advance(MINUTE);
    await move('INVESTIGATING');
    expect(await word()).toEqual(['INVESTIGATING', 'INVESTIGATING', 'INVESTIGATING', 'INVESTIGATING']);
    const page = (await (await fetch(`${server.url}/api/status.json`)).json()) as {
      activeIncidents: Array<{ id: string; updates: Array<{ message: string }> }>;
    };
    expect(page.activeIncidents.find((i) => i.id === id)!.updates[0].message).toBe(
      'The fix did not hold. We are investigating again and will post updates here.',
    );
    // The automatic line is not the commander's status update: the cadence still asks for one.
    expect((await ok(STATE, { id })).incident.lastStatusUpdateAt).not.toBe(clock.now().toISOString());
  });

  it('a reopened incident tells customers it is back: its newest update says Investigating, on the page and in the feed', async () => {
    const id = (await ok(`mutation { declareIncident(input: { title: "Login errors", severity: P1 }) { id } }`))
      .declareIncident.id;
    expect((await update(id, 'INVESTIGATING', 'We are looking into login errors.')).errors).toBeUndefined();
    await resolveVerified(server.graphqlUrl, id, { headers: ana, publicMessage: 'Logins work again.' });
    clock.advance(5 * MINUTE);
    await ok(`mutation($id: ID!) { reopenIncident(id: $id, input: { reason: "token service down again" }) { id } }`, {
      id,
    });
    const page = (await (await fetch(`${server.url}/api/status.json`)).json()) as {
      activeIncidents: Array<{ id: string; status: string; updates: Array<{ status: string; message: string }> }>;
    };
    const listed = page.activeIncidents.find((i) => i.id === id)!;
    expect(listed.status).toBe('INVESTIGATING');
    expect(listed.updates.map((u) => u.status)).toEqual(['INVESTIGATING', 'RESOLVED', 'INVESTIGATING']);
    expect(listed.updates[1].message).toBe('Logins work again.');
    // A neutral line: the internal reason is not for customers.
    expect(listed.updates[0].message).toBe(
      'This issue has come back. We are investigating and will post updates here.',
    );
    expect(JSON.stringify(page)).not.toContain('token service');
    const feed = await (await fetch(`${server.url}/status/feed.atom`)).text();
    const newest = feed.slice(feed.indexOf('<entry>'), feed.indexOf('</entry>'));
    expect(newest).toContain('This issue has come back.');
    // It does not count as the commander's status update: the cadence still asks for one.
    expect((await ok(STATE, { id })).incident.lastStatusUpdateAt).not.toBe(clock.now().toISOString());
  });

  it('#incidents gets both texts of an update: the internal one, and the public one marked as what customers were told', async () => {
    const id = (await ok(`mutation { declareIncident(input: { title: "Login errors", severity: P1 }) { id } }`))
      .declareIncident.id;
    await ok(UPDATE, {
      id,
      input: {
        publicStatus: 'INVESTIGATING',
        internalMessage: 'SSO provider returns 502 since 08:55',
        publicMessage: 'Some customers cannot log in. We are investigating.',
      },
    });
    clock.advance(MINUTE);
    await ok(UPDATE, {
      id,
      input: { publicStatus: 'INVESTIGATING', internalMessage: 'Opened a ticket with the SSO provider' },
    });
    await server.app.notifications.runOnce();
    const posts = slack
      .delivered('/slack')
      .filter((r) => JSON.stringify(r.body).includes(`incident ${id} · INCIDENT_STATUS_UPDATE`));
    const bodies = posts.map((r) => r.body.blocks[2].text.text as string);
    expect(bodies).toEqual([
      'Internal: SSO provider returns 502 since 08:55\nPublic (status page, Investigating): Some customers cannot log in. We are investigating.',
      'Internal: Opened a ticket with the SSO provider\nPublic: nothing new on the status page.',
    ]);
  });

  it('#incidents does not say customers were told when the incident is not on the status page', async () => {
    // A P2 is not published until a responder decides to.
    const id = (await ok(`mutation { declareIncident(input: { title: "Slow exports", severity: P2 }) { id } }`))
      .declareIncident.id;
    await ok(UPDATE, {
      id,
      input: {
        publicStatus: 'IDENTIFIED',
        internalMessage: 'Export queue starved',
        publicMessage: 'Exports are slow.',
      },
    });
    await server.app.notifications.runOnce();
    const [post] = slack
      .delivered('/slack')
      .filter((r) => JSON.stringify(r.body).includes(`incident ${id} · INCIDENT_STATUS_UPDATE`));
    expect(post.body.blocks[2].text.text).toBe(
      'Internal: Export queue starved\nPublic text, not shown (the incident is not on the status page; Identified): Exports are slow.',
    );
  });
});
