import crypto from 'node:crypto';
import { MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { SmtpReceiver, startSmtpReceiver } from '../support/receivers';
import { SlackApi, startSlackApi } from '../support/slack-api';
import { PAGING_DOCUMENTS } from '../support/personal-paging';
import { quietNotify } from '../support/notify-config';
import { TestServer, gql, sessionFor, startTestServer } from '../support/server';
import { ContactMethod } from '../../server/src/model/user.entity';

jest.setTimeout(90_000);

const TOKEN = 'xoxb-1234-5678-testbottoken';
const SECRET = 'slack-signing-secret-for-bot-tests-0123456789';
const ANA = 'UANA00001';
const BO = 'UBO000002';

const { addContactMethod: ADD, verifyContactMethod: VERIFY, setNotificationRules: RULES } = PAGING_DOCUMENTS;
const INCIDENT = `query($id: ID!) { incident(id: $id) { status
  notifications { id kind channel targetName address status lastError nextAttemptAt attempts }
  timeline { type message data } } }`;

/** Signs like Slack does: v0= + hex HMAC-SHA256 of "v0:{timestamp}:{raw body}" with the app's signing secret. */
const slackHeaders = (body: string, timestamp: number) => ({
  'content-type': 'application/x-www-form-urlencoded',
  'x-slack-request-timestamp': String(timestamp),
  'x-slack-signature': `v0=${crypto.createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`,
});

describe.each(testDatabaseKinds())('Slack with a bot token: direct messages on %s', (kind) => {
  let server: TestServer;
  let slack: SlackApi;
  let smtp: SmtpReceiver;
  const clock = new ManualClock('2026-12-03T03:00:00.000Z');
  let people: Record<string, number>;
  let ana: Record<string, string>;
  const methods: Record<string, string> = {};

  const call = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables, headers);
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
  const incident = async (id: number) => (await call(INCIDENT, { id: String(id) })).incident;
  const rowsFor = async (id: number, name: string) =>
    ((await incident(id)).notifications as Array<Record<string, any>>).filter((n) => n.targetName === name);
  const dms = (to: string) => slack.calls('chat.postMessage').filter((c) => c.args.channel === to);
  const send = () => server.app.notifications.runOnce();
  const lastCode = (to: string) => /code is (\d{6})/.exec(dms(to).at(-1)!.args.text)![1];

  beforeAll(async () => {
    slack = await startSlackApi({
      'users.lookupByEmail': (a) =>
        a.email === 'ana@chat.example.com'
          ? { body: { ok: true, user: { id: ANA, name: 'ana' } } }
          : { body: { ok: false, error: 'users_not_found' } },
    });
    smtp = await startSmtpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        slackSigningSecret: SECRET,
        notify: quietNotify({
          smtpUrl: smtp.url,
          slackBot: { token: TOKEN, apiUrl: slack.apiUrl, channel: null, incidentChannels: null },
        }),
      },
    });
    people = await setUpPaging(server);
    ana = (await sessionFor(server, people.ana)).headers;
  });
  afterAll(async () => {
    await server?.dispose();
    await slack?.close();
    await smtp?.close();
  });

  it('a SLACK method given as an email is looked up, and verified by a code sent as a direct message', async () => {
    const added = (await call(ADD, { u: String(people.ana), k: 'SLACK', a: 'ana@chat.example.com' }, ana))
      .addContactMethod;
    expect(added).toMatchObject({ address: ANA, verified: false });
    expect(added.verificationNote).toMatch(/sent as a Slack direct message/);
    const [lookup] = slack.calls('users.lookupByEmail');
    expect(lookup).toMatchObject({ authorization: `Bearer ${TOKEN}`, args: { email: 'ana@chat.example.com' } });
    expect(lookup.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    const [code] = dms(ANA);
    expect(code.authorization).toBe(`Bearer ${TOKEN}`);
    expect(code.args.text).toMatch(/^Your Vigil verification code is \d{6}\./);
    expect((await call(VERIFY, { id: added.id, c: lastCode(ANA) }, ana)).verifyContactMethod.verified).toBe(true);
    methods.slack = added.id;

    const unknown = await gql(server.graphqlUrl, ADD, { u: String(people.ana), k: 'SLACK', a: 'nobody@x.com' }, ana);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'address' });
    expect(unknown.errors?.[0].message).toMatch(/No member of the Slack workspace has this email/);
    const junk = await gql(server.graphqlUrl, ADD, { u: String(people.ana), k: 'SLACK', a: '<@U1> hi' }, ana);
    expect(junk.errors?.[0].message).toMatch(/must be a Slack member id/);
  });

  it('a page is a direct message with the Acknowledge and Escalate buttons, and pressing Acknowledge there acknowledges', async () => {
    const id = await declare('P1', 'Checkout down');
    await send();
    const dm = dms(ANA).at(-1)!;
    expect(dm.authorization).toBe(`Bearer ${TOKEN}`);
    expect(dm.raw.path).toBe('/api/chat.postMessage');
    // In a direct message nobody is mentioned; the buttons are the channel message's.
    expect(dm.args.text).toBe(`[P1] Checkout down`);
    const actions = (dm.args.blocks as Array<Record<string, any>>).find((b) => b.type === 'actions')!;
    expect(actions.elements.map((e: any) => [e.action_id ?? null, e.value ?? null])).toEqual([
      [null, null],
      ['vigil_ack', String(id)],
      ['vigil_escalate', String(id)],
    ]);
    expect((await rowsFor(id, 'Ana Oncall')).find((r) => r.channel === 'SLACK')).toMatchObject({ status: 'SENT' });

    // Ana has no slackUserId on her account: her verified SLACK method is what links the button to her.
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: ANA },
        actions: [{ action_id: 'vigil_ack', value: String(id), type: 'button' }],
      }),
    }).toString();
    const res = await fetch(`${server.url}/api/slack/interactions`, {
      method: 'POST',
      headers: slackHeaders(body, Math.floor(clock.now().getTime() / 1000)),
      body,
    });
    expect(res.status).toBe(200);
    const after = await incident(id);
    expect(after.status).toBe('ACKNOWLEDGED');
    expect(after.timeline.find((e: any) => e.type === 'ACKNOWLEDGED')).toMatchObject({ data: { via: 'slack' } });
  });

  it('alert text is escaped as Slack asks: a link or <!channel> in a title arrives as text', async () => {
    const id = await declare('P2', 'Cache <https://evil.example/x|click to ack> <!channel> & co');
    await send();
    const dm = dms(ANA).at(-1)!;
    const escaped = 'Cache &lt;https://evil.example/x|click to ack&gt; &lt;!channel&gt; &amp; co';
    expect(dm.args.text).toBe(`[P2] ${escaped}`);
    const section = (dm.args.blocks as Array<Record<string, any>>).filter((b) => b.type === 'section').at(-1)!;
    expect(section.text.text).toContain(escaped);
    // Only plain_text (the header) keeps it as typed: Slack never parses links or mentions there.
    const parsed = (dm.args.blocks as Array<Record<string, any>>).filter((b) => b.type !== 'header');
    expect(JSON.stringify([dm.args.text, parsed])).not.toMatch(/<!channel>|<https:\/\/evil/);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) });
  });

  it('Slack refusing the message (channel_not_found) is a skip with the reason, and the rules move on to email', async () => {
    const email = (await call(ADD, { u: String(people.ana), k: 'EMAIL', a: `ana.${kind}@example.com` }, ana))
      .addContactMethod;
    const mail = smtp.mails.filter((m) => m.to.includes(`ana.${kind}@example.com`)).at(-1)!;
    await call(VERIFY, { id: email.id, c: /code is (\d{6})/.exec(mail.raw)![1] }, ana);
    await call(
      RULES,
      {
        u: 'HIGH',
        s: [
          { contactMethodId: methods.slack, delayMinutes: 0 },
          { contactMethodId: email.id, delayMinutes: 10 },
        ],
      },
      ana,
    );
    slack.answer('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const toAna = () => smtp.mails.filter((m) => m.to.includes(`ana.${kind}@example.com`)).length;
    const mailsBefore = toAna();
    const id = await declare('P1', 'Payments degraded');
    await send();
    const rows = await rowsFor(id, 'Ana Oncall');
    expect(rows.find((r) => r.channel === 'SLACK')).toMatchObject({
      status: 'SKIPPED',
      lastError: 'Slack refused the direct message (channel_not_found)',
      attempts: 1,
    });
    // Not ten minutes later: the skip brought the email forward, and it went out in the same pass.
    expect(rows.find((r) => r.channel === 'EMAIL')).toMatchObject({ status: 'SENT' });
    expect(toAna()).toBe(mailsBefore + 1);
    await call(RULES, { u: 'HIGH', s: [] }, ana);
    await call(`mutation($id: ID!) { removeContactMethod(id: $id) }`, { id: email.id }, ana);
  });

  it('rate limits and Slack errors are retried with backoff and shown as pending, then delivered', async () => {
    slack.answer(
      'chat.postMessage',
      { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } },
      { body: { ok: false, error: 'internal_error' } },
      { status: 503, body: { ok: false } },
    );
    const id = await declare('P1', 'Search slow');
    const before = dms(ANA).length;
    await send();
    let row = (await rowsFor(id, 'Ana Oncall')).find((r) => r.channel === 'SLACK')!;
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(row.lastError).toMatch(/Slack answered ratelimited.*Retry-After honoured/);
    expect(new Date(row.nextAttemptAt).getTime()).toBe(clock.now().getTime() + 30_000);

    for (const expected of [/Slack answered internal_error/, /Slack answered HTTP 503/]) {
      clock.advance(10 * MINUTE);
      await send();
      row = (await rowsFor(id, 'Ana Oncall')).find((r) => r.channel === 'SLACK')!;
      expect(row.status).toBe('PENDING');
      expect(row.lastError).toMatch(expected);
    }
    clock.advance(10 * MINUTE);
    await send();
    row = (await rowsFor(id, 'Ana Oncall')).find((r) => r.channel === 'SLACK')!;
    expect(row).toMatchObject({ status: 'SENT', attempts: 4 });
    expect(dms(ANA).length - before).toBe(4);
  });

  it("someone else's member id: the code goes to that member, never verifies, and their pages do not reach them", async () => {
    // Bo, on call next, claims Ana's Slack member id as his own method.
    const bo = (await sessionFor(server, people.lee)).headers;
    const codesToAna = dms(ANA).length;
    const added = (await call(ADD, { u: String(people.lee), k: 'SLACK', a: ANA }, bo)).addContactMethod;
    expect(added.verified).toBe(false);
    // The code went to Ana's direct messages, not to Bo.
    expect(dms(ANA).length).toBe(codesToAna + 1);
    const wrong = await gql(server.graphqlUrl, VERIFY, { id: added.id, c: '000000' }, bo);
    expect(wrong.errors?.[0].extensions).toMatchObject({ field: 'code' });
    // A page for Lee (P0: everyone on the path at once) does not go to Ana's Slack: skipped as unverified.
    const sentToAna = dms(ANA).length;
    const id = await declare('P0', 'Everything down');
    await send();
    const lees = (await rowsFor(id, 'Lee Lead')).filter((r) => r.channel === 'SLACK');
    expect(lees.length).toBeGreaterThan(0);
    for (const r of lees)
      expect(r).toMatchObject({ status: 'SKIPPED', lastError: 'the contact method is not verified' });
    const toAna = dms(ANA)
      .slice(sentToAna)
      .map((c) => c.args.text as string);
    expect(toAna.every((t) => !t.includes('Lee'))).toBe(true);
    expect(dms(BO)).toHaveLength(0);
  });

  it('a member id accepted without a code before the bot existed is not trusted once there is one: no DM, no link, a code can be sent', async () => {
    // Cy added Ana's member id while Vigil had no bot: it was verified on its word (as it then was).
    const cy = (await sessionFor(server, people.cy)).headers;
    const t = clock.now();
    await server.app.db.dataSource.getRepository(ContactMethod).insert({
      userId: people.cy,
      kind: 'SLACK',
      address: ANA,
      createdAt: t,
      verifiedAt: t,
      codeSentAt: null,
      codeAttempts: 0,
    });
    const mine = (await call(`{ me { contactMethods { id kind verified } } }`, {}, cy)).me.contactMethods;
    const old = mine.find((c: any) => c.kind === 'SLACK');
    expect(old.verified).toBe(false);

    const before = dms(ANA).length;
    const id = await declare('P0', 'Cy must not reach Ana');
    await send();
    const cys = (await rowsFor(id, 'Cy Cto')).filter((r) => r.channel === 'SLACK');
    expect(cys.length).toBeGreaterThan(0);
    for (const r of cys)
      expect(r).toMatchObject({ status: 'SKIPPED', lastError: 'the contact method is not verified' });
    // Ana is on call herself: her own page reaches her, and nothing more.
    const anasOwn = (await rowsFor(id, 'Ana Oncall')).filter((r) => r.channel === 'SLACK' && r.status === 'SENT');
    const aboutIt = dms(ANA)
      .slice(before)
      .filter((c) => /Cy must not reach Ana/.test(JSON.stringify(c.args)));
    expect(aboutIt).toHaveLength(anasOwn.length);

    // Cy may ask for a code now; it goes to the member, who alone can prove it.
    const resent = (
      await call(
        `mutation($id: ID!) { resendVerificationCode(id: $id) { id verified verificationNote } }`,
        { id: old.id },
        cy,
      )
    ).resendVerificationCode;
    expect(resent.verificationNote).toMatch(/sent as a Slack direct message/);
    expect(dms(ANA).at(-1)!.args.text).toMatch(/^Your Vigil verification code is/);
  });
});
