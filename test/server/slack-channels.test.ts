import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { SlackApi, startSlackApi } from '../support/slack-api';
import { quietNotify } from '../support/notify-config';
import { TestServer, gql, startTestServer } from '../support/server';

jest.setTimeout(90_000);

const TOKEN = 'xoxb-1234-5678-channelbot';
const ANA = 'UANA00001';
const LEE = 'ULEE00002';

const INCIDENT = `query($id: ID!) { incident(id: $id) { status
  notifications { kind channel targetName address status lastError attempts nextAttemptAt } } }`;

describe.each(testDatabaseKinds())('an incident channel per P0/P1 on %s', (kind) => {
  let server: TestServer;
  let slack: SlackApi;
  const clock = new ManualClock('2026-12-03T03:00:00.000Z');
  let people: Record<string, number>;

  const call = async (query: string, variables: Record<string, unknown>) => {
    const r = await gql(server.graphqlUrl, query, variables);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const declare = async (severity: string, title: string) =>
    Number(
      (
        await call(`mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`, {
          i: { title, severity, source: 'MONITORING_ALERT' },
        })
      ).declareIncident.id,
    );
  const rows = async (id: number) =>
    ((await call(INCIDENT, { id: String(id) })).incident.notifications as Array<Record<string, any>>).filter((n) =>
      String(n.kind).startsWith('CHANNEL_'),
    );
  const posts = (channel: string) => slack.calls('chat.postMessage').filter((c) => c.args.channel === channel);
  const send = () => server.app.notifications.runOnce();

  beforeAll(async () => {
    slack = await startSlackApi();
    server = await startTestServer(kind, {
      clock,
      config: {
        notify: quietNotify({
          slackBot: { token: TOKEN, apiUrl: slack.apiUrl, channel: null, incidentChannels: 'P1' },
        }),
      },
    });
    people = await setUpPaging(server);
    // Linked by an admin on their accounts (the other way is a SLACK method verified by a code).
    await server.app.db.dataSource.query(`UPDATE user SET slackUserId = ? WHERE id = ?`, [ANA, people.ana]);
    await server.app.db.dataSource.query(`UPDATE user SET slackUserId = ? WHERE id = ?`, [LEE, people.lee]);
  });
  afterAll(async () => {
    await server?.dispose();
    await slack?.close();
  });

  it('a P1 gets a private inc-<id>-<slug> channel, the paged responders are invited, and the timeline is mirrored in order', async () => {
    const id = await declare('P1', 'Checkout: 5xx on EU!');
    await send();
    const [create] = slack.calls('conversations.create');
    expect(create).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      args: { name: `inc-${id}-checkout-5xx-on-eu`, is_private: 'true' },
    });
    expect(create.raw.path).toBe('/api/conversations.create');
    const invited = slack.calls('conversations.invite').flatMap((c) => String(c.args.users).split(','));
    expect(invited.sort()).toEqual([ANA, LEE].sort());
    for (const c of slack.calls('conversations.invite')) expect(c.args.channel).toBe('C0INC0001');
    const inChannel = posts('C0INC0001');
    // The incident's card first (with its buttons), then each timeline line in the order it was written.
    expect(inChannel[0].args.text).toBe('[P1] Checkout: 5xx on EU!');
    expect(inChannel[0].args.blocks.find((b: any) => b.type === 'actions').elements[1]).toMatchObject({
      action_id: 'vigil_ack',
      value: String(id),
    });
    expect(inChannel.slice(1).map((c) => c.args.text)).toEqual([
      expect.stringMatching(/^03:00:00 UTC · .*declared/i),
      expect.stringMatching(/Escalation level 1 .*paged Ana Oncall/),
      expect.stringMatching(/Escalation level 2 .*paged Lee Lead/),
    ]);
    expect((await rows(id)).every((r) => r.status === 'SENT')).toBe(true);

    // An acknowledgement later is mirrored too, and the channel is not made again.
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) });
    await send();
    expect(slack.calls('conversations.create')).toHaveLength(1);
    expect(posts('C0INC0001').at(-1)!.args.text).toMatch(/acknowledged/i);
  });

  it("a responder's text mirrored in the channel stays text: no @channel ping, no disguised link", async () => {
    const id = await declare('P1', 'Search <!channel> down');
    await send();
    const channel = posts('C0INC0001')
      .filter((c) => String(c.args.text).includes('Search'))
      .map((c) => String(c.args.text));
    await call(`mutation($id: ID!, $m: String!) { addTimelineNote(id: $id, input: { message: $m }) { id } }`, {
      id: String(id),
      m: 'ack here <https://evil.example/x|runbook> <!here>',
    });
    await send();
    const lines = [...channel, String(posts('C0INC0001').at(-1)!.args.text)];
    expect(lines.at(-1)).toContain('ack here &lt;https://evil.example/x|runbook&gt; &lt;!here&gt;');
    for (const line of lines) expect(line).not.toMatch(/<!channel>|<!here>|<https?:/);
  });

  it('a P2 gets no channel', async () => {
    const before = slack.receiver.requests.length;
    const id = await declare('P2', 'Minor glitch');
    await send();
    expect(await rows(id)).toEqual([]);
    expect(slack.receiver.requests.slice(before).filter((r) => r.path !== '/api/chat.postMessage')).toEqual([]);
  });

  it('created but not recorded (name_taken on the retry): the channel of that name is found and used, nothing made twice', async () => {
    // The create reaches Slack but its answer is lost (the process died, or the connection dropped).
    slack.always('conversations.create', () => ({ status: 500, body: { ok: false } }));
    const id = await declare('P0', 'Database primary lost');
    await send();
    const name = `inc-${id}-database-primary-lost`;
    // One create went out; every row of the channel waits for the same retry time.
    expect(
      slack.calls('conversations.create').filter((c) => c.args.name === `inc-${id}-database-primary-lost`),
    ).toHaveLength(1);
    const waiting = await rows(id);
    expect(new Set(waiting.map((r) => r.status))).toEqual(new Set(['PENDING']));
    expect(new Set(waiting.map((r) => r.nextAttemptAt)).size).toBe(1);
    expect(posts('C0TAKEN01')).toHaveLength(0);

    // Slack did make it: on the retry the name is taken, and the list has it.
    slack.always('conversations.create', () => ({ body: { ok: false, error: 'name_taken' } }));
    slack.answer(
      'conversations.list',
      {
        body: { ok: true, channels: [{ id: 'C0OTHER01', name: 'general' }], response_metadata: { next_cursor: 'p2' } },
      },
      { body: { ok: true, channels: [{ id: 'C0TAKEN01', name }], response_metadata: { next_cursor: '' } } },
    );
    clock.advance(60_000);
    await send();
    slack.always('conversations.create', null);
    // One lookup: the rows after the first found the channel id recorded.
    expect(slack.calls('conversations.list').map((c) => c.args.cursor ?? null)).toEqual([null, 'p2']);
    for (const c of slack.calls('conversations.list'))
      expect(c.args).toMatchObject({ types: 'private_channel', exclude_archived: 'true' });
    expect((await rows(id)).map((r) => r.status)).toEqual((await rows(id)).map(() => 'SENT'));
    // After Slack's trouble the channel's rows came back together: the card, then the lines in their order.
    expect(posts('C0TAKEN01').map((c) => c.args.text)).toEqual([
      '[P0] Database primary lost',
      expect.stringMatching(/^03:00:00 UTC · .*Declared P0/),
      expect.stringMatching(/Escalation level 1 .*paged Ana Oncall/),
      expect.stringMatching(/Escalation level 2 .*paged Lee Lead/),
      expect.stringMatching(/P0: every stakeholder told at once/),
    ]);
    expect(posts('C0INC0001').filter((c) => /Database primary lost/.test(c.args.text))).toEqual([]);
    const [stored] = await server.app.db.dataSource.query(
      `SELECT name, channelId FROM slack_incident_channel WHERE incidentId = ?`,
      [id],
    );
    expect(stored).toEqual({ name, channelId: 'C0TAKEN01' });
  });

  it('Slack refusing the invite (user_not_found) is a skip with its reason on the incident', async () => {
    slack.answer('conversations.invite', { body: { ok: false, error: 'user_not_found' } });
    const id = await declare('P1', 'Login errors');
    await send();
    const skipped = (await rows(id)).filter((r) => r.status === 'SKIPPED');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ kind: 'CHANNEL_INVITE', lastError: 'Slack refused (user_not_found)' });
  });

  it('a P1 resolved before it had a channel (channels switched on later) gets none when its timeline grows', async () => {
    const id = await declare('P1', 'Old outage');
    await call(`mutation($id: ID!) { resolveIncident(id: $id, input: { overrideReason: "test" }) { id } }`, {
      id: String(id),
    });
    // As if VIGIL_SLACK_INCIDENT_CHANNELS was off then: no channel, nothing queued for one.
    await server.app.db.dataSource.query(`DELETE FROM slack_incident_channel WHERE incidentId = ?`, [id]);
    await server.app.db.dataSource.query(`DELETE FROM notification WHERE incidentId = ? AND kind LIKE 'CHANNEL_%'`, [
      id,
    ]);
    await call(`mutation($id: ID!) { addTimelineNote(id: $id, input: { message: "Post-mortem scheduled" }) { id } }`, {
      id: String(id),
    });
    expect(await rows(id)).toEqual([]);
    const claims = await server.app.db.dataSource.query(
      `SELECT incidentId FROM slack_incident_channel WHERE incidentId = ?`,
      [id],
    );
    expect(claims).toEqual([]);
  });
});
