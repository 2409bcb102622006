import { MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { HttpReceiver, SmtpReceiver, startHttpReceiver, startSmtpReceiver } from '../support/receivers';
import { PAGING_DOCUMENTS, twilioAccepted, twilioForm, twilioSignature } from '../support/personal-paging';
import { quietNotify } from '../support/notify-config';
import { TestServer, gql, sessionFor, startTestServer, userWithToken, waitUntil } from '../support/server';

jest.setTimeout(90_000);

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'twilio-test-auth-token';
const FROM = '+15005550006';
const PUBLIC_URL = 'https://vigil.example.com';
const ANA_PHONE = '+4915100000001';
const ANA_SPARE = '+4915100000009';

const { addContactMethod: ADD, verifyContactMethod: VERIFY, setNotificationRules: RULES } = PAGING_DOCUMENTS;
const NOTIFICATIONS = `query($id: ID!) { incident(id: $id) { status
  notifications { id channel targetName address status lastError nextAttemptAt attempts } timeline { type data } } }`;

describe.each(testDatabaseKinds())('SMS and voice pages through Twilio on %s', (kind) => {
  let server: TestServer;
  let twilioApi: HttpReceiver;
  let hooks: HttpReceiver;
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
  const texts = (to = ANA_PHONE) =>
    twilioApi.requests.filter((r) => r.path.endsWith('/Messages.json')).filter((r) => twilioForm(r).To === to);
  const calls = (to = ANA_PHONE) =>
    twilioApi.requests.filter((r) => r.path.endsWith('/Calls.json')).filter((r) => twilioForm(r).To === to);
  const lastCode = (to: string) => /code is (\d{6})/.exec(twilioForm(texts(to).at(-1)!).Body)![1];
  const declare = async (severity: string, title: string) =>
    Number(
      (
        await call(`mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`, {
          i: { title, severity, source: 'MONITORING_ALERT' },
        })
      ).declareIncident.id,
    );
  const anaRows = async (id: number) =>
    ((await call(NOTIFICATIONS, { id: String(id) })).incident.notifications as Array<Record<string, any>>).filter(
      (n) => n.targetName === 'Ana Oncall',
    );
  const send = () => server.app.notifications.runOnce();
  const signed = (path: string, params: Record<string, string>, token = TOKEN) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(token, `${PUBLIC_URL}${path}`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  const status = async (id: number) => (await call(NOTIFICATIONS, { id: String(id) })).incident.status as string;
  const setRules = (urgency: string, steps: Array<[string, number]>) =>
    call(RULES, { u: urgency, s: steps.map(([m, d]) => ({ contactMethodId: methods[m], delayMinutes: d })) }, ana);

  beforeAll(async () => {
    twilioApi = await startHttpReceiver();
    twilioApi.reply(twilioAccepted);
    hooks = await startHttpReceiver();
    smtp = await startSmtpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        publicUrl: PUBLIC_URL,
        notify: quietNotify({
          smtpUrl: smtp.url,
          // A request Twilio holds counts as unanswered after 1 s here (10 s in production).
          twilio: { apiUrl: twilioApi.url, accountSid: SID, authToken: TOKEN, from: FROM, timeoutMs: 1000 },
        }),
      },
    });
    people = await setUpPaging(server);
    ana = (await sessionFor(server, people.ana)).headers;

    // Ana adds her phone for SMS and for calls: each gets a code by SMS, which she enters.
    for (const k of ['SMS', 'VOICE']) {
      const added = (await call(ADD, { u: String(people.ana), k, a: ANA_PHONE }, ana)).addContactMethod;
      expect(added).toMatchObject({ verified: false, verificationNote: expect.stringMatching(/sent by SMS/) });
      methods[k] = added.id;
      await call(VERIFY, { id: added.id, c: lastCode(ANA_PHONE) }, ana);
    }
    methods.spare = (await call(ADD, { u: String(people.ana), k: 'SMS', a: ANA_SPARE }, ana)).addContactMethod.id;
    methods.hook = (
      await call(ADD, { u: String(people.ana), k: 'WEBHOOK', a: `${hooks.url}/ana` }, ana)
    ).addContactMethod.id;
  });
  beforeEach(() => twilioApi.reply(twilioAccepted));
  afterAll(async () => {
    await server?.dispose();
    await twilioApi?.close();
    await hooks?.close();
    await smtp?.close();
  });

  it('a code goes out as a form-encoded Messages request with Basic auth, and only the right code verifies', async () => {
    const sent = texts(ANA_PHONE)[0];
    expect(sent.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(sent.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    expect(twilioForm(sent)).toEqual({
      To: ANA_PHONE,
      From: FROM,
      Body: expect.stringMatching(/^Your Vigil verification code is \d{6}\./),
    });

    const wrong = await gql(
      server.graphqlUrl,
      VERIFY,
      { id: methods.spare, c: '000000' === lastCode(ANA_SPARE) ? '111111' : '000000' },
      ana,
    );
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'code' });
    expect(wrong.errors?.[0].message).toMatch(/4 tries left/);
    // The code is stored as a MAC, never in clear.
    const [row] = await server.app.db.dataSource.query(
      `SELECT codeHash FROM contact_method WHERE id = ${Number(methods.spare)}`,
    );
    expect(row.codeHash).not.toContain(lastCode(ANA_SPARE));
  });

  it('an email method gets its code by email', async () => {
    const added = (await call(ADD, { u: String(people.ana), k: 'EMAIL', a: 'ana.pager@example.com' }, ana))
      .addContactMethod;
    expect(added.verificationNote).toMatch(/sent by email/);
    const mail = smtp.mails.find((m) => m.to.includes('ana.pager@example.com'))!;
    const code = /code is (\d{6})/.exec(mail.raw)![1];
    expect((await call(VERIFY, { id: added.id, c: code }, ana)).verifyContactMethod.verified).toBe(true);
    await call(`mutation($id: ID!) { removeContactMethod(id: $id) }`, { id: added.id }, ana);
  });

  it('rules: SMS at 0, a call at 3 minutes; the SMS carries id, severity, title and a reply code', async () => {
    await setRules('HIGH', [
      ['SMS', 0],
      ['VOICE', 3],
    ]);
    const id = await declare('P1', 'Checkout down');
    await send();
    expect(texts().filter((r) => twilioForm(r).Body.includes(`#${id}`))).toHaveLength(1);
    const body = twilioForm(texts().at(-1)!).Body;
    expect(body).toMatch(new RegExp(`^Vigil #${id} P1: Checkout down\\. Reply (\\d{6}) to acknowledge\\.$`));
    expect(calls()).toHaveLength(0);

    clock.advance(3 * MINUTE - 1000);
    await send();
    expect(calls()).toHaveLength(0);
    clock.advance(1000);
    await send();
    expect(calls()).toHaveLength(1);
    const twiml = twilioForm(calls()[0]).Twiml;
    expect(calls()[0].path).toBe(`/2010-04-01/Accounts/${SID}/Calls.json`);
    expect(twiml).toContain(`P1 incident ${id}: Checkout down. Press 1 to acknowledge, 2 to escalate.`);
    expect(twiml).toMatch(
      /<Gather numDigits="1" action="https:\/\/vigil\.example\.com\/api\/twilio\/voice\/gather\?n=\d+"/,
    );
    expect((await anaRows(id)).map((n) => [n.channel, n.status])).toEqual([
      ['SMS', 'SENT'],
      ['VOICE', 'SENT'],
    ]);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);
  });

  it('acknowledging after the SMS cancels the call, with who answered', async () => {
    const before = calls().length;
    const id = await declare('P1', 'Search down');
    await send();
    clock.advance(MINUTE);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);
    clock.advance(5 * MINUTE);
    await send();
    expect(calls()).toHaveLength(before);
    expect((await anaRows(id)).map((n) => [n.channel, n.status, n.lastError])).toEqual([
      ['SMS', 'SENT', null],
      ['VOICE', 'CANCELLED', 'cancelled: incident acknowledged by Ana Oncall'],
    ]);
  });

  it('an unverified method is skipped with the reason, and the next step goes at once', async () => {
    await setRules('LOW', [
      ['spare', 0],
      ['hook', 5],
    ]);
    const id = await declare('P2', 'Reports slow');
    const rows = await anaRows(id);
    expect(rows.map((n) => [n.channel, n.status, n.lastError])).toEqual([
      ['SMS', 'SKIPPED', 'the contact method is not verified'],
      ['WEBHOOK', 'PENDING', null],
    ]);
    expect(rows[1].nextAttemptAt).toBe(clock.now().toISOString());
    await send();
    expect(hooks.delivered('/ana').filter((r) => r.body.incidentId === id)).toHaveLength(1);
    expect(texts(ANA_SPARE).filter((r) => twilioForm(r).Body.includes(`#${id}`))).toHaveLength(0);
    // Ana sees the skip in her own view too.
    const mine = (await call(`query { me { notifications(limit: 5) { channel status lastError } } }`, {}, ana)).me
      .notifications;
    expect(mine).toContainEqual({ channel: 'SMS', status: 'SKIPPED', lastError: 'the contact method is not verified' });
  });

  it('Twilio refusing with a 4xx skips the SMS with its reason, never retried, and the call goes at once', async () => {
    twilioApi.reply((r) =>
      r.path.endsWith('/Messages.json')
        ? {
            status: 400,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 }),
          }
        : { status: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sid: 'CA2' }) },
    );
    const callsBefore = calls().length;
    const id = await declare('P1', 'Ledger stuck');
    await send();
    const rows = await anaRows(id);
    expect(rows.map((n) => [n.channel, n.status])).toEqual([
      ['SMS', 'SKIPPED'],
      ['VOICE', 'SENT'],
    ]);
    expect(rows[0].lastError).toBe(
      "Twilio refused the SMS (HTTP 400, error 21211: The 'To' number is not a valid phone number.)",
    );
    expect(calls()).toHaveLength(callsBefore + 1);
    const textsNow = texts().length;
    clock.advance(30 * MINUTE);
    await send();
    expect(texts()).toHaveLength(textsNow);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);
  });

  it('a refusal naming the number keeps it masked in lastError and attempts; numbers it names are masked for others', async () => {
    // Twilio's real 21211 text names the number it refused; this one also names another.
    twilioApi.reply((r) =>
      r.path.endsWith('/Messages.json')
        ? {
            status: 400,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              code: 21211,
              message: `The 'To' number ${ANA_PHONE} is not a valid phone number. Support: +18005550100`,
              status: 400,
            }),
          }
        : { status: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sid: 'CA3' }) },
    );
    const id = await declare('P1', 'Refused number');
    await send();
    const READ = `query($id: ID!) { incident(id: $id) { notifications { targetName channel status address lastError
      deliveryAttempts { error } } } }`;
    const smsAs = async (headers: Record<string, string>) =>
      ((await call(READ, { id: String(id) }, headers)).incident.notifications as Array<Record<string, any>>).find(
        (n) => n.targetName === 'Ana Oncall' && n.channel === 'SMS',
      )!;
    const stored =
      "Twilio refused the SMS (HTTP 400, error 21211: The 'To' number …0001 is not a valid phone number. Support: +18005550100)";
    const masked =
      "Twilio refused the SMS (HTTP 400, error 21211: The 'To' number …0001 is not a valid phone number. Support: …0100)";
    // Ana and an admin: the address whole in its own field, the reason without it (redacted when stored).
    for (const headers of [ana, {}]) {
      expect(await smsAs(headers)).toMatchObject({
        status: 'SKIPPED',
        address: ANA_PHONE,
        lastError: stored,
        deliveryAttempts: [{ error: stored }],
      });
    }
    // A viewer and another responder: every number masked, as the address is.
    const viewer = await userWithToken(server, 'Vic Viewer', 'VIEWER');
    const colleague = await userWithToken(server, 'Bob Other', 'RESPONDER');
    for (const { headers } of [viewer, colleague]) {
      const seen = await smsAs(headers);
      expect(seen).toMatchObject({ address: '…0001', lastError: masked, deliveryAttempts: [{ error: masked }] });
      expect(JSON.stringify(seen)).not.toMatch(/4915100000001|18005550100/);
    }
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);
  });

  it('the audit log keeps no verification code, right or wrong', async () => {
    const audit = await call(
      `{ auditLog(filter: { action: "verifyContactMethod" }, first: 200) { outcome args } }`,
      {},
    );
    const rows = audit.auditLog as Array<{ outcome: string; args: Record<string, unknown> }>;
    // Ana's right codes in beforeAll, and the wrong ones of the permissions test.
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row.args.code).toBe('[redacted]');
    const sent = twilioApi.requests.flatMap((r) => /code is (\d{6})/.exec(twilioForm(r).Body ?? '')?.[1] ?? []);
    expect(sent.length).toBeGreaterThan(0);
    for (const code of sent) expect(JSON.stringify(rows)).not.toContain(code);
  });

  it('a 5xx keeps the SMS pending for the retry', async () => {
    twilioApi.reply(() => ({ status: 503, body: 'busy' }));
    const id = await declare('P1', 'Queue backlog');
    await send();
    const [sms] = await anaRows(id);
    expect(sms).toMatchObject({ channel: 'SMS', status: 'PENDING', attempts: 1 });
    expect(sms.lastError).toMatch(/^Twilio answered HTTP 503/);
    expect(new Date(sms.nextAttemptAt).getTime()).toBeGreaterThan(clock.now().getTime());
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);
  });

  it('a text Twilio takes and never answers is not sent again: sent, with the doubt said, and its reply code works', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    twilioApi.reply(async (r) => {
      if (r.path.endsWith('/Messages.json')) await held;
      return twilioAccepted(r);
    });
    const before = texts().length;
    const id = await declare('P1', 'Card authorisations hang');
    try {
      await send();
      await send();
      const [sms] = await anaRows(id);
      expect(sms).toMatchObject({ channel: 'SMS', status: 'SENT', attempts: 1 });
      expect(sms.lastError).toMatch(/^Twilio did not answer .*may have been sent, so it is not sent again/);
      // Twilio got it once, and only once: a second text of the same page would be a duplicate on the phone.
      expect(texts().length).toBe(before + 1);
    } finally {
      release();
    }
    const code = /Reply (\d{6})/.exec(twilioForm(texts().at(-1)!).Body)![1];
    expect((await signed('/api/twilio/sms', { From: ANA_PHONE, To: FROM, Body: code })).status).toBe(200);
    expect(await status(id)).toBe('ACKNOWLEDGED');
  });

  it('a delivery is recorded when it ends, not when the slowest of its batch ends', async () => {
    // SMS and the webhook at once; the webhook's receiver holds its request.
    await setRules('HIGH', [
      ['SMS', 0],
      ['hook', 0],
    ]);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    hooks.reply(async () => {
      await held;
      return { status: 204 };
    });
    const id = await declare('P1', 'Slow webhook beside a quick text');
    const sending = send();
    try {
      // Recorded while the webhook is still out: a crash now would not send the text again.
      await waitUntil(
        'the SMS to be recorded as sent while the webhook is held',
        async () => (await anaRows(id)).some((n) => n.channel === 'SMS' && n.status === 'SENT'),
        3000,
      );
      expect((await anaRows(id)).find((n) => n.channel === 'WEBHOOK')?.status).toBe('SENDING');
    } finally {
      release();
      await sending;
      hooks.reply(null);
    }
    expect((await anaRows(id)).map((n) => [n.channel, n.status]).sort()).toEqual([
      ['SMS', 'SENT'],
      ['WEBHOOK', 'SENT'],
    ]);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);
    await setRules('HIGH', [
      ['SMS', 0],
      ['VOICE', 3],
    ]);
  });

  it('an SMS reply with the code acknowledges; a bad signature is 403; an unknown code or number changes nothing', async () => {
    const id = await declare('P1', 'Login failing');
    await send();
    const code = /Reply (\d{6})/.exec(twilioForm(texts().at(-1)!).Body)![1];

    const forged = await signed('/api/twilio/sms', { From: ANA_PHONE, To: FROM, Body: code }, 'not-the-token');
    expect(forged.status).toBe(403);
    const unsigned = await fetch(`${server.url}/api/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: ANA_PHONE, Body: code }).toString(),
    });
    expect(unsigned.status).toBe(403);
    const wrongCode = code === '1234' ? '4321' : '1234';
    expect((await signed('/api/twilio/sms', { From: ANA_PHONE, To: FROM, Body: wrongCode })).status).toBe(200);
    expect((await signed('/api/twilio/sms', { From: '+4915199999999', To: FROM, Body: code })).status).toBe(200);
    expect(await status(id)).toBe('TRIGGERED');

    const ok = await signed('/api/twilio/sms', { From: ANA_PHONE, To: FROM, Body: ` ${code} ` });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(`Acknowledged incident ${id}`);
    const after = (await call(NOTIFICATIONS, { id: String(id) })).incident;
    expect(after.status).toBe('ACKNOWLEDGED');
    expect(after.timeline.find((e: { type: string }) => e.type === 'ACKNOWLEDGED').data).toMatchObject({ via: 'sms' });
    expect((await anaRows(id)).find((n) => n.channel === 'VOICE')?.status).toBe('CANCELLED');
  });

  it('pressing 1 in the call acknowledges; a bad signature is 403', async () => {
    const id = await declare('P1', 'Payments timing out');
    await send();
    clock.advance(3 * MINUTE);
    await send();
    const action = /action="([^"]+)"/.exec(twilioForm(calls().at(-1)!).Twiml)![1].replace(/&amp;/g, '&');
    const path = action.slice(PUBLIC_URL.length);
    const params = { CallSid: 'CA9', From: FROM, To: ANA_PHONE, Digits: '1' };

    expect((await signed(path, params, 'forged')).status).toBe(403);
    expect((await signed(path, { ...params, To: '+4915199999999' })).status).toBe(200);
    expect(await status(id)).toBe('TRIGGERED');

    const pressed = await signed(path, params);
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain(`<Say>Acknowledged incident ${id}. Thank you.</Say>`);
    const after = (await call(NOTIFICATIONS, { id: String(id) })).incident;
    expect(after.status).toBe('ACKNOWLEDGED');
    expect(after.timeline.find((e: { type: string }) => e.type === 'ACKNOWLEDGED').data).toMatchObject({
      via: 'voice',
    });
  });

  it('pressing 2 escalates, as the person called, from the phone', async () => {
    const id = await declare('P1', 'Replication lag');
    await send();
    clock.advance(3 * MINUTE);
    await send();
    const action = /action="([^"]+)"/.exec(twilioForm(calls().at(-1)!).Twiml)![1].replace(/&amp;/g, '&');
    const pressed = await signed(action.slice(PUBLIC_URL.length), {
      CallSid: 'CA8',
      From: FROM,
      To: ANA_PHONE,
      Digits: '2',
    });
    expect(await pressed.text()).toContain(`<Say>Escalated incident ${id}.</Say>`);
    const events = (await call(NOTIFICATIONS, { id: String(id) })).incident.timeline as Array<{
      type: string;
      data: any;
    }>;
    expect(events.filter((e) => e.data?.via === 'voice').map((e) => e.type)).toContain('ESCALATED');
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);
  });

  it('a phone number not in E.164 is a field error naming the field', async () => {
    for (const a of ['0151 1234567', '+49 151 1234567', '+0151234567']) {
      const r = await gql(server.graphqlUrl, ADD, { u: String(people.ana), k: 'VOICE', a }, ana);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'address' });
    }
  });

  it('a test page reaches the chosen verified method, and an unverified one is refused', async () => {
    const before = texts().length;
    const r = await call(
      `mutation($m: ID!) { sendTestPage(contactMethodId: $m) { kind channel status } }`,
      { m: methods.SMS },
      ana,
    );
    expect(r.sendTestPage).toEqual({ kind: 'TEST', channel: 'SMS', status: 'PENDING' });
    await send();
    expect(
      texts()
        .slice(before)
        .map((t) => twilioForm(t).Body),
    ).toEqual(['Vigil test page: this number reaches you. Nothing to acknowledge.']);
    const refused = await gql(
      server.graphqlUrl,
      `mutation($m: ID!) { sendTestPage(contactMethodId: $m) { id } }`,
      { m: methods.spare },
      ana,
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'contactMethodId' });
  });

  it('only the person verifies, tests or sets rules on their methods; an admin reads them, a colleague sees nothing', async () => {
    const eve = (
      await sessionFor(
        server,
        (await server.app.users.create({ name: 'Eve Colleague', email: `eve.${kind}@example.com`, role: 'LEAD' })).id,
      )
    ).headers;
    const boss = (
      await sessionFor(
        server,
        (await server.app.users.create({ name: 'Ada Admin', email: `ada.${kind}@example.com`, role: 'ADMIN' })).id,
      )
    ).headers;
    const code = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => r.errors?.[0].extensions?.code;
    for (const [who, headers, expected] of [
      ['colleague', eve, 'NOT_FOUND'],
      ['admin', boss, 'FORBIDDEN'],
    ] as const) {
      expect([who, code(await gql(server.graphqlUrl, VERIFY, { id: methods.spare, c: '123456' }, headers))]).toEqual([
        who,
        expected,
      ]);
      expect([
        who,
        code(
          await gql(
            server.graphqlUrl,
            `mutation($id: ID!) { resendVerificationCode(id: $id) { id } }`,
            { id: methods.spare },
            headers,
          ),
        ),
      ]).toEqual([who, expected]);
      expect([
        who,
        code(
          await gql(
            server.graphqlUrl,
            `mutation($m: ID!) { sendTestPage(contactMethodId: $m) { id } }`,
            { m: methods.SMS },
            headers,
          ),
        ),
      ]).toEqual([who, expected]);
      // Rules are always one's own: someone else's method is not one of yours.
      const rules = await gql(
        server.graphqlUrl,
        RULES,
        { u: 'HIGH', s: [{ contactMethodId: methods.SMS, delayMinutes: 0 }] },
        headers,
      );
      expect(rules.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'steps.0.contactMethodId' });
    }
    const READ = `query { users { id contactMethods { address verified } notificationRules(urgency: HIGH) { delayMinutes } notifications { id } } }`;
    const seen = async (headers: Record<string, string>) =>
      ((await call(READ, {}, headers)).users as Array<Record<string, any>>).find((u) => u.id === String(people.ana))!;
    expect(await seen(eve)).toMatchObject({ contactMethods: [], notificationRules: [], notifications: [] });
    // Nor does an incident's delivery list give a colleague Ana's number: the last four digits only.
    const [paged] = await server.app.db.dataSource.query<Array<{ incidentId: number }>>(
      `SELECT incidentId FROM notification WHERE channel = 'SMS' AND kind = 'PAGE' ORDER BY id LIMIT 1`,
    );
    const addresses = async (headers: Record<string, string>) =>
      (
        (await call(NOTIFICATIONS, { id: String(paged.incidentId) }, headers)).incident.notifications as Array<{
          channel: string;
          address: string;
        }>
      )
        .filter((n) => n.channel === 'SMS')
        .map((n) => n.address);
    expect(await addresses(eve)).toEqual(['…0001']);
    expect(await addresses(boss)).toEqual([ANA_PHONE]);
    expect(await addresses(ana)).toEqual([ANA_PHONE]);
    const byAdmin = await seen(boss);
    expect(byAdmin.contactMethods.map((c: { address: string }) => c.address)).toContain(ANA_PHONE);
    expect(byAdmin.notificationRules.map((r: { delayMinutes: number }) => r.delayMinutes)).toEqual([0, 3]);
    expect(byAdmin.notifications.length).toBeGreaterThan(0);
    // A personal token cannot redirect or ring a person's phone: these need a signed-in session.
    const token = await userWithToken(server, 'Tok Holder', 'RESPONDER');
    const byToken = await gql(
      server.graphqlUrl,
      `mutation($m: ID!) { sendTestPage(contactMethodId: $m) { id } }`,
      { m: methods.SMS },
      token.headers,
    );
    expect(byToken.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Nothing above changed Ana's spare method.
    const [spare] = await server.app.db.dataSource.query(
      `SELECT verifiedAt FROM contact_method WHERE id = ${Number(methods.spare)}`,
    );
    expect(spare.verifiedAt).toBeNull();
  });
});
