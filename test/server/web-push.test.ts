import { MINUTE, ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { setUpPaging } from '../support/paging';
import { TestPushBrowser, verifyVapid } from '../support/push-receiver';
import { HttpReceiver, ReceivedRequest, startHttpReceiver } from '../support/receivers';
import { PAGING_DOCUMENTS } from '../support/personal-paging';
import { quietNotify } from '../support/notify-config';
import { TestServer, gql, sessionFor, startTestServer, userWithToken } from '../support/server';

jest.setTimeout(90_000);

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const PUBLIC_URL = 'https://vigil.example.com';
const ANA_PHONE = '+4915100000001';

const SUBSCRIBE = `mutation($e: String!, $p: String!, $a: String!) {
  subscribePush(endpoint: $e, p256dh: $p, auth: $a) { id kind address verified unusableReason } }`;
const KEY = `query { webPushPublicKey }`;
const { setNotificationRules: RULES } = PAGING_DOCUMENTS;
const NOTIFICATIONS = `query($id: ID!) { incident(id: $id) { status
  notifications { id channel targetName status lastError nextAttemptAt attempts } timeline { type data } } }`;

interface Payload {
  v: number;
  kind: string;
  notificationId: number;
  incidentId: number | null;
  severity: string | null;
  status: string | null;
  title: string;
  body: string;
  url: string;
  actions: { ACKNOWLEDGE: string; ESCALATE: string } | null;
}

const form = (r: ReceivedRequest) => Object.fromEntries(new URLSearchParams(String(r.body)));
const twilioAccepted = () => ({ status: 201, headers: { 'content-type': 'application/json' }, body: '{"sid":"SM1"}' });

describe.each(testDatabaseKinds())('pages by Web Push on %s', (kind) => {
  let server: TestServer;
  let pushService: HttpReceiver;
  let twilioApi: HttpReceiver;
  const clock = new ManualClock('2026-12-03T03:00:00.000Z');
  let people: Record<string, number>;
  let ana: Record<string, string>;
  let phone: TestPushBrowser;
  const methods: Record<string, string> = {};

  const call = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables, headers);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const pushes = (path = '/push/ana-phone') => pushService.requests.filter((r) => r.path === path);
  const payloadOf = (r: ReceivedRequest) => JSON.parse(phone.decrypt(r.raw)) as Payload;
  const texts = () => twilioApi.requests.filter((r) => r.path.endsWith('/Messages.json'));
  const calls = () => twilioApi.requests.filter((r) => r.path.endsWith('/Calls.json'));
  const send = () => server.app.notifications.runOnce();
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
  const act = (token: string) =>
    fetch(`${server.url}/api/actions/${token}`, { method: 'POST', headers: { accept: 'application/json' } });
  const subscribe = (b: TestPushBrowser, headers = ana) =>
    gql(server.graphqlUrl, SUBSCRIBE, { e: b.endpoint, p: b.p256dh, a: b.auth }, headers);

  beforeAll(async () => {
    pushService = await startHttpReceiver();
    pushService.reply(() => ({ status: 201 }));
    twilioApi = await startHttpReceiver();
    twilioApi.reply(twilioAccepted);
    server = await startTestServer(kind, {
      clock,
      config: {
        publicUrl: PUBLIC_URL,
        notify: quietNotify({
          twilio: { apiUrl: twilioApi.url, accountSid: SID, authToken: 'push-test-token', from: '+15005550006' },
          webPush: { subject: 'mailto:oncall-admin@example.com', keys: null },
        }),
      },
    });
    people = await setUpPaging(server);
    ana = (await sessionFor(server, people.ana)).headers;
    phone = new TestPushBrowser(`${pushService.url}/push/ana-phone`);

    const r = await subscribe(phone);
    expect(r.errors).toBeUndefined();
    methods.push = r.data!.subscribePush.id;
    // The subscription's endpoint and secret are not kept in the audit log.
    const audit = await call(`{ auditLog(filter: { action: "subscribePush" }, first: 50) { args } }`, {});
    expect(audit.auditLog).toEqual([
      { args: { endpoint: '[redacted]', auth: '[redacted]', p256dh: expect.any(String) } },
    ]);
    expect(JSON.stringify(audit)).not.toContain('ana-phone');
    // Her phone for texts and calls, verified with the code texted to it.
    for (const k of ['SMS', 'VOICE']) {
      const added = (
        await call(
          `mutation($u: ID!, $k: ContactKind!, $a: String!) { addContactMethod(userId: $u, kind: $k, address: $a) { id } }`,
          { u: String(people.ana), k, a: ANA_PHONE },
          ana,
        )
      ).addContactMethod;
      methods[k] = added.id;
      const code = /code is (\d{6})/.exec(form(texts().at(-1)!).Body)![1];
      await call(
        `mutation($id: ID!, $c: String!) { verifyContactMethod(id: $id, code: $c) { id } }`,
        { id: added.id, c: code },
        ana,
      );
    }
    await call(
      RULES,
      {
        u: 'HIGH',
        s: [
          { contactMethodId: methods.push, delayMinutes: 0 },
          { contactMethodId: methods.SMS, delayMinutes: 1 },
          { contactMethodId: methods.VOICE, delayMinutes: 3 },
        ],
      },
      ana,
    );
  });
  beforeEach(() => pushService.reply(() => ({ status: 201 })));
  afterAll(async () => {
    await server?.dispose();
    await pushService?.close();
    await twilioApi?.close();
  });

  it('the VAPID key is made once and kept in the database; a subscription is verified by being made', async () => {
    const key = (await call(KEY, {}, ana)).webPushPublicKey as string;
    expect(key).toMatch(/^B[\w-]{86}$/);
    expect((await call(KEY, {}, ana)).webPushPublicKey).toBe(key);
    const [row] = await server.app.db.dataSource.query(
      `SELECT value FROM server_secret WHERE name = 'vapid-private-key'`,
    );
    expect(row.value).toMatch(/^[\w-]{43}$/);
    const mine = (await call(`query { me { contactMethods { id kind verified unusableReason } } }`, {}, ana)).me
      .contactMethods;
    expect(mine).toContainEqual({ id: methods.push, kind: 'PUSH', verified: true, unusableReason: null });
  });

  it('refuses a bad subscription, naming the field, and changes nothing', async () => {
    const bad = async (patch: Record<string, string>, field: string) => {
      const r = await gql(
        server.graphqlUrl,
        SUBSCRIBE,
        { e: phone.endpoint, p: phone.p256dh, a: phone.auth, ...patch },
        ana,
      );
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field });
    };
    await bad({ p: phone.p256dh.slice(0, 80) }, 'p256dh');
    await bad({ a: 'short' }, 'auth');
    await bad({ e: 'not a url' }, 'endpoint');
    // A private address the operator did not allow: the server never calls it.
    await bad({ e: 'http://10.1.2.3/push/x' }, 'endpoint');
    const added = await gql(
      server.graphqlUrl,
      `mutation($u: ID!) { addContactMethod(userId: $u, kind: PUSH, address: "https://push.example.net/x") { id } }`,
      { u: String(people.ana) },
      ana,
    );
    expect(added.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'kind' });
    // A personal token cannot subscribe a browser in someone's name (session only).
    const viaToken = await userWithToken(server, 'Tok Holder', 'RESPONDER');
    expect(
      (await subscribe(new TestPushBrowser(`${pushService.url}/push/tok`), viaToken.headers)).errors?.[0].extensions,
    ).toMatchObject({ code: 'FORBIDDEN' });
    const mine = (await call(`query { me { contactMethods { kind } } }`, {}, ana)).me.contactMethods;
    expect(mine.filter((m: { kind: string }) => m.kind === 'PUSH')).toHaveLength(1);
  });

  it('a test page arrives encrypted for the subscription, signed with the server key, without actions', async () => {
    await call(`mutation($id: ID!) { sendTestPage(contactMethodId: $id) { id } }`, { id: methods.push }, ana);
    await send();
    const [req] = pushes();
    expect(req.headers['content-encoding']).toBe('aes128gcm');
    expect(req.headers.ttl).toBe('3600');
    expect(req.headers.urgency).toBe('normal');
    const vapid = verifyVapid(req.headers.authorization);
    expect(vapid).toMatchObject({
      publicKey: (await call(KEY, {}, ana)).webPushPublicKey,
      aud: pushService.url,
      sub: 'mailto:oncall-admin@example.com',
    });
    expect(vapid.exp * 1000).toBeGreaterThan(Date.now());
    expect(vapid.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 60 * MINUTE);
    expect(payloadOf(req)).toMatchObject({
      v: 1,
      kind: 'TEST',
      incidentId: null,
      title: 'Vigil test page',
      actions: null,
    });
    // The body is ciphertext: the title is nowhere in it.
    expect(req.raw.toString('latin1')).not.toContain('Vigil test page');
  });

  it('push at 0, SMS at 1 min, voice at 3; acknowledging from the push cancels the SMS and the call', async () => {
    const before = { pushes: pushes().length, texts: texts().length };
    const id = await declare('P1', 'Checkout down');
    await send();
    const req = pushes().at(-1)!;
    expect(pushes()).toHaveLength(before.pushes + 1);
    expect(req.headers.urgency).toBe('high');
    const payload = payloadOf(req);
    expect(payload).toMatchObject({
      kind: 'PAGE',
      incidentId: id,
      severity: 'P1',
      status: 'TRIGGERED',
      title: 'Checkout down',
      url: `${PUBLIC_URL}/m/incidents/${id}`,
      actions: {
        ACKNOWLEDGE: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
        ESCALATE: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      },
    });
    expect(texts()).toHaveLength(before.texts);

    const res = await act(payload.actions!.ACKNOWLEDGE);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      done: true,
      title: `Acknowledged incident #${id}`,
      status: 'ACKNOWLEDGED',
    });
    const incident = (await call(NOTIFICATIONS, { id: String(id) })).incident;
    expect(incident.status).toBe('ACKNOWLEDGED');
    expect(incident.timeline.find((t: { type: string }) => t.type === 'ACKNOWLEDGED').data).toMatchObject({
      via: 'push',
    });
    // A token works once.
    const again = await act(payload.actions!.ACKNOWLEDGE);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ done: false, message: expect.stringMatching(/already used/) });

    clock.advance(5 * MINUTE);
    await send();
    expect(texts()).toHaveLength(before.texts);
    expect(calls()).toHaveLength(0);
    expect((await anaRows(id)).map((n) => [n.channel, n.status])).toEqual([
      ['PUSH', 'SENT'],
      ['SMS', 'CANCELLED'],
      ['VOICE', 'CANCELLED'],
    ]);
  });

  it('acknowledging after the SMS cancels the call', async () => {
    const before = { texts: texts().length, calls: calls().length };
    const id = await declare('P1', 'Search down');
    await send();
    clock.advance(MINUTE);
    await send();
    expect(texts()).toHaveLength(before.texts + 1);
    const res = await act(payloadOf(pushes().at(-1)!).actions!.ACKNOWLEDGE);
    expect(res.status).toBe(200);
    clock.advance(5 * MINUTE);
    await send();
    expect(calls()).toHaveLength(before.calls);
    expect((await anaRows(id)).map((n) => [n.channel, n.status])).toEqual([
      ['PUSH', 'SENT'],
      ['SMS', 'SENT'],
      ['VOICE', 'CANCELLED'],
    ]);
  });

  it('a 5xx or no answer stays pending and is retried; a 400 is skipped with its reason, not retried', async () => {
    pushService.reply(() => ({ status: 503 }));
    const id = await declare('P1', 'Payments slow');
    await send();
    let [push] = await anaRows(id);
    expect(push).toMatchObject({ channel: 'PUSH', status: 'PENDING', attempts: 1 });
    expect(push.lastError).toMatch(/push service did not take the page \(http-503\)/);
    pushService.reply(() => ({ status: 201 }));
    clock.advance(MINUTE);
    await send();
    [push] = await anaRows(id);
    expect(push).toMatchObject({ status: 'SENT', attempts: 2 });
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);

    pushService.reply(() => ({ status: 400 }));
    const id2 = await declare('P1', 'Login flaky');
    const sent = pushes().length;
    await send();
    const rows = await anaRows(id2);
    expect(rows[0]).toMatchObject({
      channel: 'PUSH',
      status: 'SKIPPED',
      attempts: 1,
      lastError: 'the push service refused the page (HTTP 400)',
    });
    // The rules move on: the SMS is due at once, and went out in the same pass.
    expect(rows[1]).toMatchObject({ channel: 'SMS', status: 'SENT' });
    clock.advance(10 * MINUTE);
    pushService.reply(() => ({ status: 201 }));
    await send();
    expect(pushes()).toHaveLength(sent + 1);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id2) }, ana);
    const mine = (await call(`query { me { contactMethods { id unusableReason } } }`, {}, ana)).me.contactMethods;
    expect(mine).toContainEqual({ id: methods.push, unusableReason: null });
  });

  it('a 410 marks the subscription gone: skipped with the reason, the SMS goes at once, later pages skip it', async () => {
    pushService.reply(() => ({ status: 410 }));
    const id = await declare('P1', 'Queue stuck');
    const sentTexts = texts().length;
    await send();
    const gone = "the push service says this browser's subscription is gone (HTTP 410); subscribe this browser again";
    expect((await anaRows(id)).map((n) => [n.channel, n.status, n.lastError])).toEqual([
      ['PUSH', 'SKIPPED', gone],
      ['SMS', 'SENT', null],
      ['VOICE', 'PENDING', null],
    ]);
    expect(texts()).toHaveLength(sentTexts + 1);
    const mine = (await call(`query { me { contactMethods { id verified unusableReason unusableAt } } }`, {}, ana)).me
      .contactMethods;
    expect(mine).toContainEqual({
      id: methods.push,
      verified: true,
      unusableReason: gone,
      unusableAt: clock.now().toISOString(),
    });
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id) }, ana);

    // The next page does not try it: planned as skipped with the same reason, and the SMS is due at once.
    const requests = pushes().length;
    const id2 = await declare('P1', 'Queue stuck again');
    expect((await anaRows(id2)).map((n) => [n.channel, n.status, n.lastError])).toEqual([
      ['PUSH', 'SKIPPED', gone],
      ['SMS', 'PENDING', null],
      ['VOICE', 'PENDING', null],
    ]);
    await send();
    expect(pushes()).toHaveLength(requests);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id2) }, ana);

    // Subscribing this browser again makes it usable.
    pushService.reply(() => ({ status: 201 }));
    const again = (await subscribe(phone)).data!.subscribePush;
    expect(again).toMatchObject({ id: methods.push, verified: true, unusableReason: null });
    const id3 = await declare('P1', 'Queue stuck a third time');
    await send();
    expect(payloadOf(pushes().at(-1)!).incidentId).toBe(id3);
    await call(`mutation($id: ID!) { acknowledgeIncident(id: $id) { id } }`, { id: String(id3) }, ana);
  });
});
