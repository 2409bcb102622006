import { testDatabaseKinds } from '../support/databases';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { TestServer, gql, startTestServer } from '../support/server';

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
});
