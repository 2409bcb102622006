import crypto from 'node:crypto';
import { MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { FakeGitHub, startFakeGitHub } from '../support/github-issues';
import { quietNotify } from '../support/notify-config';
import { resolveVerified } from '../support/resolve';
import { TestServer, gql, startTestServer, userWithSession, userWithToken } from '../support/server';

const TOKEN = 'ghp_test_token_for_vigil';
const SECRET = 'issues-webhook-secret-0123456789';
const REPO = 'acme/payments';
const TICKET = `ticket { state synced reason number url repository tracker }`;

/**
 * Action items become GitHub issues (issue 21), through a real server and a local stand-in for GitHub's REST API:
 * created once with the labels and a link back, closed and reopened both ways, signed webhooks only, a tracker that
 * is down or refuses shown as not yet synced and retried, never a second ticket.
 */
describe.each(testDatabaseKinds())('action items as GitHub tickets on %s', (kind) => {
  let server: TestServer;
  let github: FakeGitHub;
  let responder: Record<string, string>;
  let ownerId: string;
  let postmortemId: string;
  let teamId: string;
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');

  const ok = async (query: string, variables: Record<string, unknown> = {}, headers = responder) => {
    const res = await gql(server.graphqlUrl, query, variables, headers);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const send = () => server.app.notifications.runOnce();
  const addItem = async (title: string) =>
    (
      await ok(
        `mutation($pm: ID!, $o: ID!, $t: String!) {
          addActionItem(postmortemId: $pm, input: { category: IMMEDIATE, title: $t, ownerId: $o }) { id } }`,
        { pm: postmortemId, o: ownerId, t: title },
      )
    ).addActionItem.id as string;
  const ticketOf = async (id: string) => {
    const data = await ok(`query($pm: ID!) { postmortem(id: $pm) { actionItems { id status ${TICKET} } } }`, {
      pm: postmortemId,
    });
    return data.postmortem.actionItems.find((i: { id: string }) => i.id === id);
  };
  const move = (id: string, to: string, reason?: string) =>
    ok(`mutation($id: ID!, $i: TransitionActionItemInput!) { transitionActionItem(id: $id, input: $i) { status } }`, {
      id,
      i: { to, reason },
    });
  const creates = () => github.calls().filter((c) => c === `POST /repos/${REPO}/issues`).length;
  const hook = (payload: unknown, signature?: string | null, event = 'issues') => {
    const body = JSON.stringify(payload);
    const sig =
      signature === undefined ? `sha256=${crypto.createHmac('sha256', SECRET).update(body).digest('hex')}` : signature;
    return fetch(`${server.url}/api/tickets/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        ...(sig ? { 'x-hub-signature-256': sig } : {}),
      },
      body,
    });
  };
  const issueEvent = (action: string, number: number, extra: Record<string, unknown> = {}) => ({
    action,
    issue: { number, state: action === 'closed' ? 'closed' : 'open', state_reason: null },
    repository: { full_name: REPO },
    ...extra,
  });

  beforeAll(async () => {
    github = await startFakeGitHub(TOKEN);
    server = await startTestServer(kind, {
      clock,
      config: {
        notify: quietNotify(),
        tickets: { github: { apiUrl: github.url, token: TOKEN, defaultRepository: null, webhookSecret: SECRET } },
      },
    });
    const rita = await userWithToken(server, 'Rita', 'RESPONDER');
    responder = rita.headers;
    ownerId = String(rita.id);
    const admin = {};
    const made = await ok(
      `mutation { t: createTeam(name: "Payments") { id } s: createService(input: { name: "payments" }) { id } }`,
      {},
      admin,
    );
    teamId = made.t.id;
    await ok(
      `mutation($s: ID!, $t: ID!) { setServiceTeam(id: $s, teamId: $t) { id } }`,
      { s: made.s.id, t: teamId },
      admin,
    );
    await ok(
      `mutation($t: ID!, $r: String) { setTeamTicketTracker(teamId: $t, repository: $r) { repository } }`,
      { t: teamId, r: REPO },
      admin,
    );
    const incident = (
      await ok(
        `mutation { declareIncident(input: { title: "Card payments failing", severity: P1, services: ["payments"] }) { id } }`,
      )
    ).declareIncident.id;
    clock.advance(10 * MINUTE);
    await resolveVerified(server.graphqlUrl, incident);
    postmortemId = (await ok(`query($id: ID!) { postmortemForIncident(incidentId: $id) { id } }`, { id: incident }))
      .postmortemForIncident.id;
  });
  afterAll(async () => {
    await server?.dispose();
    await github?.close();
  });

  it('creates the issue once, with the labels, the token and a link back, and shows it synced', async () => {
    const id = await addItem('Alert on card decline rate');
    expect((await ticketOf(id)).ticket).toMatchObject({ state: 'PENDING', synced: false, number: null });
    await send();
    const post = github.receiver.requests.find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`/repos/${REPO}/issues`);
    expect(post.headers.authorization).toBe(`token ${TOKEN}`);
    expect(post.body.title).toBe('Alert on card decline rate');
    expect(post.body.labels).toEqual(['incident', 'P1', 'immediate']);
    expect(post.body.body).toContain(`/postmortems/${postmortemId}`);
    expect((await ticketOf(id)).ticket).toEqual({
      state: 'SYNCED',
      synced: true,
      reason: null,
      number: 1,
      url: `https://github.example/${REPO}/issues/1`,
      repository: REPO,
      tracker: 'GITHUB',
    });
    await send();
    expect(creates()).toBe(1);
  });

  it('closes and reopens the issue as the item moves in Vigil', async () => {
    const id = await addItem('Runbook for the card gateway');
    await send();
    const number = (await ticketOf(id)).ticket.number;
    await move(id, 'DONE');
    await send();
    const patch = github.receiver.requests.filter((r) => r.method === 'PATCH').at(-1)!;
    expect(patch.path).toBe(`/repos/${REPO}/issues/${number}`);
    expect(patch.body).toMatchObject({ state: 'closed', state_reason: 'completed' });
    await move(id, 'OPEN');
    await send();
    expect(github.issues.get(REPO)!.find((i) => i.number === number)!.state).toBe('open');
    expect((await ticketOf(id)).ticket.synced).toBe(true);
  });

  it('an edit of the title, owner or due day rewrites the issue; a status change alone leaves its text alone', async () => {
    const id = await addItem('Page the gateway team');
    await send();
    const number = (await ticketOf(id)).ticket.number;
    const issue = () => github.issues.get(REPO)!.find((i) => i.number === number)!;
    const patches = () => github.receiver.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/${number}`));
    await ok(`mutation($id: ID!, $input: UpdateActionItemInput!) { updateActionItem(id: $id, input: $input) { id } }`, {
      id,
      input: { title: 'Page the gateway team on declines', dueAt: '2026-06-20T23:59:59.000Z' },
    });
    await send();
    expect(patches()).toHaveLength(1);
    expect(patches()[0].body).toMatchObject({ title: 'Page the gateway team on declines' });
    expect(patches()[0].body.state).toBeUndefined();
    expect(issue().title).toBe('Page the gateway team on declines');
    expect(issue().body).toContain('- Due: 2026-06-20');
    expect(issue().body).toContain('- Owner in Vigil: Rita');
    expect((await ticketOf(id)).ticket).toMatchObject({ state: 'SYNCED', synced: true });
    // Someone edits the body on GitHub; closing the item in Vigil changes the state only.
    issue().body = 'notes from the team';
    await move(id, 'DONE');
    await send();
    expect(patches()).toHaveLength(2);
    expect(patches()[1].body).toEqual({ state: 'closed', state_reason: 'completed' });
    expect(issue().body).toBe('notes from the team');
  });

  it('a signed issues webhook moves the item, without echoing back; a bad or missing signature is 401 and changes nothing', async () => {
    const id = await addItem('Load test checkout');
    await send();
    const number = (await ticketOf(id)).ticket.number;
    const patches = () => github.receiver.requests.filter((r) => r.method === 'PATCH').length;
    const before = patches();

    const forged = await hook(issueEvent('closed', number), `sha256=${'0'.repeat(64)}`);
    expect(forged.status).toBe(401);
    expect((await hook(issueEvent('closed', number), null)).status).toBe(401);
    expect((await hook(issueEvent('closed', number), 'sha256=zz')).status).toBe(401);
    expect((await ticketOf(id)).status).toBe('OPEN');

    const good = await hook(issueEvent('closed', number));
    expect(good.status).toBe(200);
    expect((await ticketOf(id)).status).toBe('DONE');
    const timeline = await ok(
      `query($pm: ID!) { postmortem(id: $pm) { incident { timeline { type actorKind actorName } } } }`,
      {
        pm: postmortemId,
      },
    );
    expect(timeline.postmortem.incident.timeline.at(-1)).toMatchObject({
      type: 'ACTION_ITEM_STATUS_CHANGED',
      actorKind: 'INTEGRATION',
      actorName: 'GitHub',
    });
    await send();
    expect(patches()).toBe(before); // the issue is closed already: nothing is sent back
    expect((await hook(issueEvent('reopened', number))).status).toBe(200);
    expect((await ticketOf(id)).status).toBe('OPEN');
    // The same signed close again (captured, replayed): served once, so the item stays open.
    const replay = await hook(issueEvent('closed', number));
    expect(await replay.json()).toMatchObject({ result: 'REPLAYED' });
    expect((await ticketOf(id)).status).toBe('OPEN');
    // An issue Vigil does not know, and other events, change nothing.
    expect(await (await hook(issueEvent('closed', 999))).json()).toMatchObject({ result: 'NOT_OURS' });
    expect((await hook({ zen: 'hi' }, undefined, 'ping')).status).toBe(200);
  });

  it('the GitHub assignee becomes the owner when one Vigil person has that login as their email name', async () => {
    const id = await addItem('Rotate the gateway key');
    await send();
    const number = (await ticketOf(id)).ticket.number;
    const pat = await server.app.users.create({ name: 'Pat', email: 'patgh@example.com', role: 'RESPONDER' });
    await hook(issueEvent('assigned', number, { assignee: { login: 'PatGH' } }));
    const owner = await ok(`query($pm: ID!) { postmortem(id: $pm) { actionItems { id owner { id } } } }`, {
      pm: postmortemId,
    });
    expect(owner.postmortem.actionItems.find((i: { id: string }) => i.id === id).owner.id).toBe(String(pat.id));
    // A login is matched as text, not as a SQL pattern: "q%" or "quin_" is nobody's email name.
    await server.app.users.create({ name: 'Quinn', email: 'quinn@example.com', role: 'RESPONDER' });
    for (const login of ['q%', 'quin_'])
      expect(await (await hook(issueEvent('assigned', number, { assignee: { login } }))).json()).toMatchObject({
        result: 'UNCHANGED',
      });
    // A viewer cannot move an action item, so owns none: not from GitHub, not from Vigil (found by the red team).
    const viewer = await server.app.users.create({ name: 'Vic', email: 'vicgh@example.com', role: 'VIEWER' });
    expect(await (await hook(issueEvent('assigned', number, { assignee: { login: 'vicgh' } }))).json()).toMatchObject({
      result: 'UNCHANGED',
    });
    const refused = await gql(
      server.graphqlUrl,
      `mutation($id: ID!, $input: UpdateActionItemInput!) { updateActionItem(id: $id, input: $input) { id } }`,
      { id, input: { ownerId: String(viewer.id) } },
    );
    expect(refused.errors?.[0]).toMatchObject({
      message: 'ownerId: Vic is a VIEWER and cannot move an action item; the owner needs the RESPONDER role or above.',
      extensions: { code: 'VALIDATION', field: 'ownerId' },
    });
    const after = await ok(`query($pm: ID!) { postmortem(id: $pm) { actionItems { id owner { id } } } }`, {
      pm: postmortemId,
    });
    expect(after.postmortem.actionItems.find((i: { id: string }) => i.id === id).owner.id).toBe(String(pat.id));
  });

  it('while GitHub is down the item shows not yet synced with the reason, and is synced once it is back, once', async () => {
    const before = creates();
    await github.receiver.down();
    const id = await addItem('Cap retries to the card gateway');
    await send();
    const down = (await ticketOf(id)).ticket;
    expect(down).toMatchObject({ state: 'PENDING', synced: false, number: null });
    expect(down.reason).toMatch(/^Retrying: GitHub did not answer/);
    await github.receiver.up();
    clock.advance(2 * MINUTE);
    await send();
    expect((await ticketOf(id)).ticket).toMatchObject({ state: 'SYNCED', synced: true });
    clock.advance(2 * MINUTE);
    await send();
    expect(creates()).toBe(before + 1);
  });

  it('a sync still failing an hour later is queued again by the sweep, and lands once', async () => {
    const before = creates();
    await github.receiver.down();
    const id = await addItem('Alert on gateway latency');
    await send();
    clock.advance(61 * MINUTE);
    expect(await server.app.tickets.sweep()).toBe(1);
    await github.receiver.up();
    await send();
    clock.advance(2 * MINUTE);
    await send();
    expect((await ticketOf(id)).ticket.synced).toBe(true);
    expect(creates()).toBe(before + 1);
    expect(await server.app.tickets.sweep()).toBe(0);
  });

  it('an answer lost after GitHub created the issue: the retry finds it instead of creating a second', async () => {
    github.mode = 'lose-answer';
    const id = await addItem('Page the gateway vendor');
    await send();
    expect((await ticketOf(id)).ticket).toMatchObject({ synced: false, number: null });
    expect((await ticketOf(id)).ticket.reason).toMatch(/502/);
    github.mode = 'ok';
    clock.advance(2 * MINUTE);
    await send();
    const ticket = (await ticketOf(id)).ticket;
    expect(ticket.synced).toBe(true);
    const mine = github.issues.get(REPO)!.filter((i) => i.title === 'Page the gateway vendor');
    expect(mine).toHaveLength(1);
    expect(ticket.number).toBe(mine[0].number);
  });

  it('a refusal is shown with the reason and not retried on its own; retryTicketSync syncs it once fixed', async () => {
    github.mode = 'refuse';
    const id = await addItem('Document the failover');
    await send();
    clock.advance(10 * MINUTE);
    await send();
    const refused = (await ticketOf(id)).ticket;
    expect(refused).toMatchObject({ state: 'FAILED', synced: false });
    expect(refused.reason).toMatch(/refused it: GitHub answered 404/);
    expect(github.calls().filter((c) => c.startsWith('POST')).length).toBeGreaterThan(0);
    github.mode = 'ok';
    await ok(`mutation($id: ID!) { retryTicketSync(actionItemId: $id) { id } }`, { id });
    await send();
    expect((await ticketOf(id)).ticket.synced).toBe(true);
    expect(github.issues.get(REPO)!.filter((i) => i.title === 'Document the failover')).toHaveLength(1);
  });

  it('only admins change the tracker; anyone who edits items may retry a sync; walls and anonymous callers neither', async () => {
    const id = await addItem('Who may sync');
    const lead = (await userWithSession(server, 'Lee', 'LEAD')).headers;
    const wall = (await ok(`mutation { createWallToken(name: "lobby") { secret } }`, {}, lead)).createWallToken.secret;
    const callers: Record<string, Record<string, string>> = {
      anonymous: { authorization: '' },
      wall: { authorization: `Bearer ${wall}` },
      viewer: (await userWithToken(server, 'Vic', 'VIEWER')).headers,
      responder,
      lead,
      admin: {},
    };
    const outcome = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
      (await gql(server.graphqlUrl, query, variables, headers)).errors?.[0]?.extensions?.code ?? 'OK';
    const SET = `mutation($t: ID!, $r: String) { setTeamTicketTracker(teamId: $t, repository: $r) { repository } }`;
    const RETRY = `mutation($id: ID!) { retryTicketSync(actionItemId: $id) { id } }`;
    const results: Record<string, [string, string]> = {};
    for (const [who, headers] of Object.entries(callers))
      results[who] = [
        await outcome(SET, { t: teamId, r: 'evil/exfil' }, headers),
        await outcome(RETRY, { id }, headers),
      ];
    expect(results).toEqual({
      anonymous: ['UNAUTHENTICATED', 'UNAUTHENTICATED'],
      wall: ['FORBIDDEN', 'FORBIDDEN'],
      viewer: ['FORBIDDEN', 'FORBIDDEN'],
      responder: ['FORBIDDEN', 'OK'],
      lead: ['FORBIDDEN', 'OK'],
      admin: ['OK', 'OK'],
    });
    // The admin's change above is the only one that landed; put the real repository back.
    await ok(SET, { t: teamId, r: REPO }, {});
    const bad = await gql(server.graphqlUrl, SET, { t: teamId, r: 'https://github.com/acme/x' }, {});
    expect(bad.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'repository' });
  });
});
