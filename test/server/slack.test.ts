import crypto from 'node:crypto';
import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { TestServer, gql, startTestServer } from '../support/server';
import { setUpPaging } from '../support/paging';
import { slackMessage } from '../../server/src/notify/notify.channels';
import { Notification } from '../../server/src/model/notification.entity';

const SECRET = 'slack-signing-secret-for-tests-0123456789';
const TIMELINE = `query($id: ID!) { incident(id: $id) { status timeline { type message actorName actorKind data } } }`;

/** Signs like Slack does: v0= + hex HMAC-SHA256 of "v0:{timestamp}:{raw body}" with the app's signing secret. */
function slackHeaders(body: string, timestamp: number, secret = SECRET): Record<string, string> {
  const signature = crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
  };
}

describe.each(testDatabaseKinds())('Slack interactivity and /vigil on %s', (kind) => {
  let server: TestServer;
  let receiver: HttpReceiver;
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');
  const seconds = () => Math.floor(clock.now().getTime() / 1000);

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers, body });
  const button = (actionId: string, incidentId: string, slackUser: string, responsePath = '/respond') =>
    new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: slackUser, username: 'someone' },
        response_url: `${receiver.url}${responsePath}`,
        actions: [{ action_id: actionId, value: incidentId, type: 'button' }],
      }),
    }).toString();
  const command = (text: string, slackUser: string) =>
    new URLSearchParams({
      command: '/vigil',
      text,
      user_id: slackUser,
      response_url: `${receiver.url}/cmd`,
    }).toString();
  const declare = async (title: string): Promise<string> => {
    const r = await gql(
      server.graphqlUrl,
      `mutation($t: String!) { declareIncident(input: { title: $t, severity: P1, source: USER_REPORT }) { id } }`,
      { t: title },
    );
    expect(r.errors).toBeUndefined();
    return r.data!.declareIncident.id;
  };
  const timeline = async (id: string) => (await gql(server.graphqlUrl, TIMELINE, { id })).data!.incident;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    server = await startTestServer(kind, { clock, config: { slackSigningSecret: SECRET } });
    const users = server.app.users;
    await users.create({
      name: 'Sam Slack',
      email: `sam.${kind}@example.com`,
      role: 'RESPONDER',
      slackUserId: 'U0SAM',
    });
    await users.create({ name: 'Vic Viewer', email: `vic.${kind}@example.com`, role: 'VIEWER', slackUserId: 'U0VIC' });
  });

  afterAll(async () => {
    await server?.dispose();
    await receiver?.close();
  });

  it('a correctly signed Acknowledge click acts as the linked user, is on the timeline with the channel, and updates the message', async () => {
    const id = await declare('Checkout down');
    const body = button('vigil_ack', id, 'U0SAM', '/respond/ack');
    const res = await post('/api/slack/interactions', body, slackHeaders(body, seconds()));
    expect(res.status).toBe(200);
    const incident = await timeline(id);
    expect(incident.status).toBe('ACKNOWLEDGED');
    const ack = incident.timeline.find((e: { type: string }) => e.type === 'ACKNOWLEDGED');
    expect(ack).toMatchObject({
      actorName: 'Sam Slack',
      actorKind: 'USER',
      data: expect.objectContaining({ via: 'slack' }),
    });
    const updates = receiver.delivered('/respond/ack');
    expect(updates).toHaveLength(1);
    expect(updates[0].body).toMatchObject({
      replace_original: true,
      text: expect.stringContaining('Acknowledged by Sam Slack'),
    });
    expect(JSON.stringify(updates[0].body.blocks)).toContain('*Status*\\nACKNOWLEDGED');

    // The very same request again (a captured request replayed within the window) is refused.
    const replay = await post('/api/slack/interactions', body, slackHeaders(body, seconds()));
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ field: 'signature', error: expect.stringContaining('replay') });
    expect(receiver.requests.filter((r) => r.path === '/respond/ack')).toHaveLength(1);
  });

  it('paging messages carry the Acknowledge and Escalate buttons this endpoint handles', () => {
    const n = Object.assign(new Notification(), {
      incidentId: 42,
      kind: 'PAGE',
      address: 'U0SAM',
      message: {
        title: 'Checkout down',
        body: 'You are paged',
        severity: 'P1',
        status: 'TRIGGERED',
        url: 'https://vigil.example.com/incidents/42',
      },
    });
    const actions = (slackMessage(n).blocks as Array<{ type: string; elements?: Array<Record<string, unknown>> }>).find(
      (b) => b.type === 'actions',
    );
    expect(actions?.elements?.map((e) => [e.action_id ?? null, e.value ?? e.url])).toEqual([
      [null, 'https://vigil.example.com/incidents/42'],
      ['vigil_ack', '42'],
      ['vigil_escalate', '42'],
    ]);
  });

  it('a wrongly signed request is refused and changes nothing', async () => {
    const id = await declare('Search slow');
    const body = button('vigil_ack', id, 'U0SAM', '/respond/wrong');
    const res = await post('/api/slack/interactions', body, slackHeaders(body, seconds(), 'not-the-secret'));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ field: 'signature' });
    // A body altered after signing fails too.
    const tampered = await post(
      '/api/slack/interactions',
      button('vigil_ack', id, 'U0SAM', '/respond/wrong'),
      slackHeaders(button('vigil_escalate', id, 'U0SAM'), seconds()),
    );
    expect(tampered.status).toBe(401);
    const missing = await post('/api/slack/interactions', body, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(missing.status).toBe(401);
    expect((await timeline(id)).status).toBe('TRIGGERED');
    expect(receiver.requests.filter((r) => r.path === '/respond/wrong')).toHaveLength(0);
  });

  it('a stale request (timestamp more than 5 minutes off) is refused even when correctly signed', async () => {
    const id = await declare('Login errors');
    const body = button('vigil_ack', id, 'U0SAM', '/respond/stale');
    const old = seconds() - 301;
    const res = await post('/api/slack/interactions', body, slackHeaders(body, old));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ field: 'timestamp' });
    const future = await post('/api/slack/interactions', body, slackHeaders(body, seconds() + 301));
    expect(future.status).toBe(401);
    expect((await timeline(id)).status).toBe('TRIGGERED');
    // Exactly at the edge of the window it is still accepted.
    const edge = await post('/api/slack/interactions', body, slackHeaders(body, seconds() - 300));
    expect(edge.status).toBe(200);
    expect((await timeline(id)).status).toBe('ACKNOWLEDGED');
  });

  it('an unknown Slack user is asked to link their account; a viewer is refused by the permission matrix', async () => {
    const id = await declare('Payments flapping');
    const unknown = button('vigil_ack', id, 'U0NOBODY', '/respond/unknown');
    const r1 = await post('/api/slack/interactions', unknown, slackHeaders(unknown, seconds()));
    expect(r1.status).toBe(200);
    expect(await r1.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('not linked') });
    const viewer = button('vigil_ack', id, 'U0VIC', '/respond/viewer');
    const r2 = await post('/api/slack/interactions', viewer, slackHeaders(viewer, seconds()));
    expect(await r2.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('RESPONDER') });
    expect((await timeline(id)).status).toBe('TRIGGERED');
    expect(
      receiver.requests.filter((r) => r.path.startsWith('/respond/unknown') || r.path.startsWith('/respond/viewer')),
    ).toHaveLength(0);
  });

  it('Escalate pages the next level through the escalation service, naming Slack', async () => {
    await setUpPaging(server);
    const id = await declare('Database failover');
    const body = button('vigil_escalate', id, 'U0SAM', '/respond/esc');
    const res = await post('/api/slack/interactions', body, slackHeaders(body, seconds()));
    expect(res.status).toBe(200);
    const escalated = (await timeline(id)).timeline.filter((e: { type: string }) => e.type === 'ESCALATED');
    expect(escalated.length).toBeGreaterThan(0);
    expect(escalated[escalated.length - 1]).toMatchObject({
      actorName: 'Sam Slack',
      data: expect.objectContaining({ note: 'Escalated by Sam Slack from Slack', via: 'slack' }),
    });
    expect(receiver.delivered('/respond/esc')[0].body.text).toContain('Escalated by Sam Slack');
  });

  it('/vigil ack, declare, status, oncall and help', async () => {
    const id = await declare('Queue backlog');
    const send = async (text: string, user = 'U0SAM') => {
      // A second identical command in the same second would be a replay: Slack's timestamps move on.
      clock.advance(1000);
      const body = command(text, user);
      const res = await post('/api/slack/commands', body, slackHeaders(body, seconds()));
      expect(res.status).toBe(200);
      return res.json();
    };
    expect(await send(`ack ${id}`)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining(`Acknowledged #${id}`),
    });
    const acked = await timeline(id);
    expect(acked.status).toBe('ACKNOWLEDGED');
    expect(acked.timeline.find((e: { type: string }) => e.type === 'ACKNOWLEDGED').data.via).toBe('slack');
    expect(await send(`ack ${id}`)).toMatchObject({ text: expect.stringContaining('Nothing was done') });

    const declared = await send('declare P2 Image uploads failing');
    expect(declared).toMatchObject({
      response_type: 'in_channel',
      text: expect.stringContaining('Sam Slack declared #'),
    });
    const newId = /#(\d+)/.exec(declared.text)![1];
    const fresh = await timeline(newId);
    expect(fresh.timeline[0]).toMatchObject({
      type: 'DECLARED',
      actorName: 'Sam Slack',
      data: expect.objectContaining({ via: 'slack' }),
    });

    const status = await send('status');
    expect(status.text).toContain(`#${newId} [P2] Image uploads failing — TRIGGERED`);
    expect(status.text).toContain(`#${id} [P1] Queue backlog — ACKNOWLEDGED`);
    expect((await send('oncall')).text).toMatch(/On call now:\n• Primary: Ana Oncall/);
    expect((await send('reboot')).text).toContain('Unknown command "reboot". Usage:');
    expect((await send('declare P2 Not allowed', 'U0VIC')).text).toContain('Nothing was done');
    expect((await send('status', 'U0NOBODY')).text).toContain('not linked');
  });

  it('a wrongly signed slash command is refused and declares nothing', async () => {
    const before = (await gql(server.graphqlUrl, `{ incidents(page: { first: 200 }) { nodes { id } } }`)).data!
      .incidents.nodes.length;
    const body = command('declare P0 Forged', 'U0SAM');
    const res = await post('/api/slack/commands', body, slackHeaders(body, seconds(), 'forged'));
    expect(res.status).toBe(401);
    const after = (await gql(server.graphqlUrl, `{ incidents(page: { first: 200 }) { nodes { id } } }`)).data!.incidents
      .nodes.length;
    expect(after).toBe(before);
  });
});
