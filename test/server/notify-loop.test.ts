import { testDatabaseKinds } from '../support/databases';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { TestServer, gql, startTestServer } from '../support/server';
import { waitFor } from '../support/outbox';

/** The loop as production runs it: started by the server, woken after a commit, stopped with the server. */
// Starting a server runs every migration; on a busy MariaDB that alone can take longer than jest's 5 s default.
jest.setTimeout(60_000);

describe.each(testDatabaseKinds())('notification sender loop on %s', (kind) => {
  let server: TestServer;
  let http: HttpReceiver;

  beforeAll(async () => {
    http = await startHttpReceiver();
    server = await startTestServer(kind, {
      config: {
        notify: {
          slackWebhookUrl: `${http.url}/slack`,
          smtpUrl: null,
          emailFrom: 'vigil@example.com',
          stakeholderEmails: [],
          webhookUrl: null,
          ticketWebhookUrl: null,
          senderIntervalMs: 1500,
          leaseMs: 30_000,
        },
        // A held delivery must not end on its own while the test shows what it does to the next page.
        outbound: { allow: ['127.0.0.1'], timeoutMs: 30_000 },
      },
    });
  });

  afterAll(async () => {
    await server?.dispose();
    await http?.close();
  });

  it('delivers a declared incident to Slack without anyone calling runOnce', async () => {
    const r = await gql(
      server.graphqlUrl,
      `mutation { declareIncident(input: { title: "Queue backlog", severity: P2 }) { id } }`,
    );
    expect(r.errors).toBeUndefined();
    const deadline = Date.now() + 5000;
    while (http.delivered('/slack').length === 0 && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 50));
    expect(http.delivered('/slack').map((q) => q.body.text)).toEqual(['[P2] Queue backlog']);
  });

  it('a slow delivery holds up no later page: the next one goes out while the first still waits for its answer', async () => {
    let answerSlow: () => void = () => undefined;
    http.reply((r) =>
      String(r.body?.text).includes('Slow receiver')
        ? new Promise((resolve) => (answerSlow = () => resolve({ status: 200 })))
        : { status: 200 },
    );
    try {
      const declare = (title: string) =>
        gql(server.graphqlUrl, `mutation($t: String!) { declareIncident(input: { title: $t, severity: P2 }) { id } }`, {
          t: title,
        });
      expect((await declare('Slow receiver')).errors).toBeUndefined();
      expect(await waitFor(() => http.pending().length === 1, 10_000, 20)).toBe(true);
      expect((await declare('Right behind it')).errors).toBeUndefined();
      // Sent while the first is still unanswered (it is held for as long as this test waits).
      expect(
        await waitFor(() => http.delivered('/slack').some((q) => q.body.text === '[P2] Right behind it'), 10_000, 20),
      ).toBe(true);
      expect(http.pending()).toHaveLength(1);
    } finally {
      answerSlow();
      http.reply(null);
    }
    expect(
      await waitFor(() => http.delivered('/slack').some((q) => q.body.text === '[P2] Slow receiver'), 10_000),
    ).toBe(true);
  });

  it("a delivery that hangs does not stop the loop's timers (reminders, SLA breaches, hand-offs keep their rhythm)", async () => {
    let answerSlow: () => void = () => undefined;
    let ticks = 0;
    server.app.notifications.addTimer('probe', () => Promise.resolve(++ticks && 0));
    http.reply((r) =>
      String(r.body?.text).includes('Hung receiver')
        ? new Promise((resolve) => (answerSlow = () => resolve({ status: 200 })))
        : { status: 200 },
    );
    try {
      const r = await gql(
        server.graphqlUrl,
        `mutation { declareIncident(input: { title: "Hung receiver", severity: P2 }) { id } }`,
      );
      expect(r.errors).toBeUndefined();
      expect(await waitFor(() => http.pending().length === 1, 10_000, 20)).toBe(true);
      const before = ticks;
      // The job's interval is 1.5 s: the timers run again twice while the delivery still hangs.
      expect(await waitFor(() => ticks >= before + 2, 15_000, 50)).toBe(true);
      expect(http.pending()).toHaveLength(1);
    } finally {
      answerSlow();
      http.reply(null);
    }
  });
});
