import { MINUTE, ManualClock, SECOND } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { HttpReceiver, SmtpReceiver, startHttpReceiver, startSmtpReceiver } from '../support/receivers';
import { PAGING_DOCUMENTS, twilioAccepted, twilioForm, twilioSignature } from '../support/personal-paging';
import { quietNotify } from '../support/notify-config';
import { TestServer, gql, sessionFor, startTestServer } from '../support/server';

jest.setTimeout(90_000);

const SID = `AC${'fedcba9876543210'.repeat(2)}`;
const TOKEN = 'twilio-abuse-auth-token';
const FROM = '+15005550006';
const PUBLIC_URL = 'https://vigil.example.com';
const ANA_PHONE = '+4915100000001';

const { addContactMethod: ADD, verifyContactMethod: VERIFY, setNotificationRules: RULES } = PAGING_DOCUMENTS;
const INCIDENT = `query($id: ID!) { incident(id: $id) { status escalation { currentLevel }
  notifications { id channel targetName status } timeline { type data } } }`;

describe.each(testDatabaseKinds())('abuse of SMS, calls and codes on %s', (kind) => {
  let server: TestServer;
  let twilioApi: HttpReceiver;
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
  const texts = (to: string) =>
    twilioApi.requests.filter((r) => r.path.endsWith('/Messages.json')).filter((r) => twilioForm(r).To === to);
  const calls = (to = ANA_PHONE) =>
    twilioApi.requests.filter((r) => r.path.endsWith('/Calls.json')).filter((r) => twilioForm(r).To === to);
  const lastCode = (to: string) => /code is (\d{6})/.exec(twilioForm(texts(to).at(-1)!).Body)![1];
  const person = async (name: string, role: string) => {
    const id = (
      await server.app.users.create({
        name,
        email: `${name.split(' ')[0].toLowerCase()}.${Math.random().toString(36).slice(2, 8)}@example.com`,
        role: role as 'RESPONDER',
      })
    ).id;
    return { id, headers: (await sessionFor(server, id)).headers };
  };
  const methodRows = async (address: string) =>
    (await server.app.db.dataSource.query(`SELECT id FROM contact_method WHERE address = ?`, [address])).length;
  const declare = async (severity: string, title: string) =>
    Number(
      (
        await call(`mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`, {
          i: { title, severity, source: 'MONITORING_ALERT' },
        })
      ).declareIncident.id,
    );
  const send = () => server.app.notifications.runOnce();
  const signed = (path: string, params: Record<string, string>) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(TOKEN, `${PUBLIC_URL}${path}`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  const incident = async (id: number) => (await call(INCIDENT, { id: String(id) })).incident;
  const setRules = (urgency: string, steps: Array<[string, number]>) =>
    call(RULES, { u: urgency, s: steps.map(([m, d]) => ({ contactMethodId: methods[m], delayMinutes: d })) }, ana);

  beforeAll(async () => {
    twilioApi = await startHttpReceiver();
    twilioApi.reply(twilioAccepted);
    smtp = await startSmtpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        publicUrl: PUBLIC_URL,
        notify: quietNotify({
          smtpUrl: smtp.url,
          twilio: { apiUrl: twilioApi.url, accountSid: SID, authToken: TOKEN, from: FROM },
        }),
      },
    });
    people = await setUpPaging(server);
    ana = (await sessionFor(server, people.ana)).headers;
    for (const k of ['SMS', 'VOICE']) {
      const added = (await call(ADD, { u: String(people.ana), k, a: ANA_PHONE }, ana)).addContactMethod;
      methods[k] = added.id;
      await call(VERIFY, { id: added.id, c: lastCode(ANA_PHONE) }, ana);
    }
  });
  beforeEach(() => twilioApi.reply(twilioAccepted));
  afterAll(async () => {
    await server?.dispose();
    await twilioApi?.close();
    await smtp?.close();
  });

  it('a viewer cannot add a number to be texted or called: nothing is written, nothing sent', async () => {
    const vic = await person('Vic Viewer', 'VIEWER');
    const victim = '+4915100000111';
    for (const k of ['SMS', 'VOICE']) {
      const r = await gql(server.graphqlUrl, ADD, { u: String(vic.id), k, a: victim }, vic.headers);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'kind' });
      expect(r.errors?.[0].message).toMatch(/VIEWER and is not paged/);
    }
    expect(texts(victim)).toHaveLength(0);
    expect(await methodRows(victim)).toBe(0);
  });

  it('one number gets at most 3 codes an hour, whoever asks; the 4th is refused, not written, not sent', async () => {
    const bob = await person('Bob Other', 'RESPONDER');
    const eve = await person('Eve Else', 'RESPONDER');
    const victim = '+4915100000222';
    for (const k of ['SMS', 'VOICE', 'SMS'])
      expect(
        (await call(ADD, { u: String(bob.id), k, a: victim }, bob.headers)).addContactMethod.verificationNote,
      ).toMatch(/sent by SMS/);
    for (const headers of [bob.headers, eve.headers]) {
      const u = String(headers === bob.headers ? bob.id : eve.id);
      const r = await gql(server.graphqlUrl, ADD, { u, k: 'SMS', a: victim }, headers);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', field: 'address' });
      expect(r.errors?.[0].message).toMatch(/at most 3 an hour, whoever asks/);
    }
    expect(texts(victim)).toHaveLength(3);
    expect(await methodRows(victim)).toBe(3);
    // Nor can a resend get around it (a minute later, past the resend rule).
    const [first] = await server.app.db.dataSource.query(
      `SELECT id FROM contact_method WHERE address = ? ORDER BY id`,
      [victim],
    );
    clock.advance(2 * MINUTE);
    const again = await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { resendVerificationCode(id: $id) { id } }`,
      { id: String(first.id) },
      bob.headers,
    );
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', field: 'id' });
    expect(texts(victim)).toHaveLength(3);
  });

  it('one person gets at most 6 codes sent an hour, to any addresses', async () => {
    const mal = await person('Mal Sender', 'RESPONDER');
    for (let i = 0; i < 6; i++)
      await call(ADD, { u: String(mal.id), k: 'EMAIL', a: `target${i}.${kind}@example.com` }, mal.headers);
    const r = await gql(server.graphqlUrl, ADD, { u: String(mal.id), k: 'SMS', a: '+4915100000333' }, mal.headers);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', field: 'address' });
    expect(r.errors?.[0].message).toMatch(/asked for by you \(at most 6 an hour\)/);
    expect(texts('+4915100000333')).toHaveLength(0);
    expect(await methodRows('+4915100000333')).toBe(0);
  });

  /** The code the page waits with; null once it was used or the page answered (spent codes are kept marked). */
  const codeOf = async (id: number, channel: string) => {
    const code = (
      await server.app.db.dataSource.query(
        `SELECT replyCode FROM notification WHERE incidentId = ? AND channel = ? AND kind = 'PAGE' AND targetUserId = ?`,
        [id, channel, people.ana],
      )
    )[0]?.replyCode as string | null;
    return code?.startsWith('~') ? null : (code ?? null);
  };
  const acks = async (id: number) =>
    ((await incident(id)).timeline as Array<{ type: string }>).filter((e) => e.type === 'ACKNOWLEDGED').length;
  const gatherPath = () =>
    /action="([^"]+)"/
      .exec(twilioForm(calls().at(-1)!).Twiml)![1]
      .replace(/&amp;/g, '&')
      .slice(PUBLIC_URL.length);

  it('a keypress acts once: a replayed "press 2" does not climb further, and nothing acts after the page was answered', async () => {
    await setRules('LOW', [['VOICE', 0]]);
    const id = await declare('P2', 'Reports slow');
    await send();
    const path = gatherPath();
    const press2 = { CallSid: 'CA77', From: FROM, To: ANA_PHONE, Digits: '2' };
    expect(await (await signed(path, press2)).text()).toContain(`Escalated incident ${id}.`);
    const level = (await incident(id)).escalation.currentLevel;
    for (const digits of ['2', '2', '1']) {
      const replay = await signed(path, { ...press2, Digits: digits });
      expect(replay.status).toBe(200);
      expect(await replay.text()).toContain('Nothing was done');
    }
    expect((await incident(id)).escalation.currentLevel).toBe(level);
    expect(await acks(id)).toBe(0);

    // A new call for a new page; the incident is answered in the console before the keypress arrives.
    const other = await declare('P2', 'Exports stuck');
    await send();
    const later = gatherPath();
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(other) }, ana);
    const late = await signed(later, { ...press2, CallSid: 'CA78' });
    expect(await late.text()).toContain('Nothing was done');
    expect((await incident(other)).escalation.currentLevel).toBe(1);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);
  });

  it('a reply code answers only a page that was sent and waits, once; a replayed reply does not answer a later page', async () => {
    await setRules('HIGH', [
      ['SMS', 1],
      ['VOICE', 5],
    ]);
    const id = await declare('P1', 'Checkout down');
    await send();
    const code = (await codeOf(id, 'SMS'))!;
    expect(code).toMatch(/^\d{6}$/);
    // Not sent yet: the right code from the right number does nothing.
    const early = { From: ANA_PHONE, To: FROM, Body: code, MessageSid: 'SM100' };
    expect(await (await signed('/api/twilio/sms', early)).text()).not.toContain('Acknowledged');
    expect((await incident(id)).status).toBe('TRIGGERED');

    clock.advance(MINUTE);
    await send();
    expect(twilioForm(texts(ANA_PHONE).at(-1)!).Body).toContain(`Reply ${code} to acknowledge.`);
    const reply = { From: ANA_PHONE, To: FROM, Body: code, MessageSid: 'SM101' };
    expect(await (await signed('/api/twilio/sms', reply)).text()).toContain(`Acknowledged incident ${id}`);
    expect(await codeOf(id, 'SMS')).toBeNull();
    expect(await codeOf(id, 'VOICE')).toBeNull();

    // Escalated by hand afterwards: the replayed signed reply does not answer the new page.
    const admin = (await person('Ada Admin', 'ADMIN')).headers;
    await call(
      `mutation($id: ID!) { escalateIncident(id: $id, input: { reason: "need more hands" }) { id } }`,
      { id: String(id) },
      admin,
    );
    expect(await (await signed('/api/twilio/sms', reply)).text()).not.toContain('Acknowledged');
    expect(await acks(id)).toBe(1);
  });

  it('the right code sent again, or after the page was answered elsewhere, is told so and never counts as a wrong code', async () => {
    await setRules('HIGH', [['SMS', 0]]);
    const first = await declare('P1', 'Search slow');
    await send();
    const code = (await codeOf(first, 'SMS'))!;
    const reply = { From: ANA_PHONE, To: FROM, Body: code };
    expect(await (await signed('/api/twilio/sms', reply)).text()).toContain(`Acknowledged incident ${first}`);
    // The phone resends it, the person taps "send" again: more than the five wrong codes a number may send.
    for (let i = 0; i < 6; i++)
      expect(await (await signed('/api/twilio/sms', reply)).text()).toContain('already answered');
    // Answered on another channel: the late SMS reply is told so too.
    const second = await declare('P1', 'Search slower');
    await send();
    const secondCode = (await codeOf(second, 'SMS'))!;
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(second) }, ana);
    expect(await (await signed('/api/twilio/sms', { From: ANA_PHONE, To: FROM, Body: secondCode })).text()).toContain(
      'already answered',
    );
    // None of it counted against the number: a new page's code still acknowledges.
    const third = await declare('P1', 'Search down');
    await send();
    const thirdCode = (await codeOf(third, 'SMS'))!;
    expect(await (await signed('/api/twilio/sms', { From: ANA_PHONE, To: FROM, Body: thirdCode })).text()).toContain(
      `Acknowledged incident ${third}`,
    );
    expect(await acks(first)).toBe(1);
  });

  it('after a few wrong codes from a number its replies are ignored, the right code too', async () => {
    await setRules('HIGH', [['SMS', 0]]);
    const id = await declare('P1', 'Login failing');
    await send();
    const code = (await codeOf(id, 'SMS'))!;
    const wrong = String(((Number(code) - 100_000 + 1) % 900_000) + 100_000);
    // One wrong reply came before (the early one above; the replayed right code is not wrong, only late); five in all
    // are allowed a quarter hour.
    for (let i = 0; i < 5; i++) await signed('/api/twilio/sms', { From: ANA_PHONE, To: FROM, Body: wrong });
    const right = await signed('/api/twilio/sms', { From: ANA_PHONE, To: FROM, Body: code });
    expect(right.status).toBe(200);
    expect(await right.text()).not.toContain('Acknowledged');
    expect((await incident(id)).status).toBe('TRIGGERED');
    expect(await codeOf(id, 'SMS')).toBe(code);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);
  });

  it('handing an incident back and forth texts the person once, by their first step, and never calls', async () => {
    const mal = await person('Mal Handover', 'RESPONDER');
    await call(
      RULES,
      {
        u: 'HIGH',
        s: [
          { contactMethodId: methods.SMS, delayMinutes: 0 },
          { contactMethodId: methods.VOICE, delayMinutes: 1 },
        ],
      },
      ana,
    );
    const id = (await call(`mutation { declareIncident(input: { title: "Handed around", severity: P1 }) { id } }`, {}))
      .declareIncident.id;
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id }, ana);
    await send();
    const textsBefore = texts(ANA_PHONE).length;
    const callsBefore = calls().length;
    const REASSIGN = `mutation($id: ID!, $u: ID!) { reassignIncident(id: $id, input: { userId: $u }) { id } }`;
    for (let i = 0; i < 6; i++) {
      clock.advance(20 * SECOND);
      await call(REASSIGN, { id, u: String(people.lee) }, mal.headers);
      await call(REASSIGN, { id, u: String(people.ana) }, mal.headers);
      await send();
    }
    clock.advance(3 * MINUTE);
    await send();
    expect(texts(ANA_PHONE).length - textsBefore).toBe(1);
    expect(calls().length - callsBefore).toBe(0);
    // Every hand-over is on the timeline all the same.
    const timeline = (await call(INCIDENT, { id })).incident.timeline as Array<{ type: string }>;
    expect(timeline.filter((e) => e.type === 'REASSIGNED')).toHaveLength(12);
    // After the window, a new hand-over is said again.
    clock.advance(10 * MINUTE);
    await call(REASSIGN, { id, u: String(people.ana) }, mal.headers);
    await send();
    expect(texts(ANA_PHONE).length - textsBefore).toBe(2);
    await call(RULES, { u: 'HIGH', s: [] }, ana);
  });

  it("Twilio's 429 Retry-After sets when the next attempt is due", async () => {
    twilioApi.reply(() => ({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '120' },
      body: JSON.stringify({ code: 20429, message: 'Too Many Requests', status: 429 }),
    }));
    const test = await call(
      `mutation($m: ID!) { sendTestPage(contactMethodId: $m) { id } }`,
      { m: methods.VOICE },
      ana,
    );
    const before = twilioApi.requests.length;
    await send();
    expect(twilioApi.requests.length).toBe(before + 1);
    const row = (
      (await call(`query { me { notifications(limit: 5) { id status nextAttemptAt } } }`, {}, ana)).me
        .notifications as Array<{ id: string; status: string; nextAttemptAt: string }>
    ).find((n) => n.id === test.sendTestPage.id)!;
    expect(row.status).toBe('PENDING');
    expect(new Date(row.nextAttemptAt).getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(120_000);
    // Not tried again before then.
    clock.advance(119_000);
    await send();
    expect(twilioApi.requests.length).toBe(before + 1);
  });
});
