import { ManualClock } from '@vigil/shared';
import { testDatabaseKinds } from '../support/databases';
import { HttpReceiver, startHttpReceiver } from '../support/receivers';
import { quietNotify } from '../support/notify-config';
import { TestServer, gql, sessionFor, startTestServer } from '../support/server';
import { setUpTeamPaging } from '../support/paging';

jest.setTimeout(90_000);

const PUBLIC_URL = 'https://vigil.example.com';
const INCIDENT = `query($id: ID!) { incident(id: $id) { notifications { channel targetName address status lastError attempts } } }`;

describe.each(testDatabaseKinds())('Microsoft Teams through an incoming webhook on %s', (kind) => {
  let server: TestServer;
  let teams: HttpReceiver;
  const clock = new ManualClock('2026-12-03T03:00:00.000Z');

  const declare = async (severity: string, title: string, services?: string[]) => {
    const r = await gql(
      server.graphqlUrl,
      `mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`,
      {
        i: { title, severity, source: 'MONITORING_ALERT', summary: 'Error rate above 40%', services },
      },
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return Number(r.data!.declareIncident.id);
  };
  const teamsRows = async (id: number) =>
    (
      (await gql(server.graphqlUrl, INCIDENT, { id: String(id) })).data!.incident.notifications as Array<
        Record<string, any>
      >
    ).filter((n) => n.channel === 'TEAMS');
  const send = () => server.app.notifications.runOnce();

  beforeAll(async () => {
    teams = await startHttpReceiver();
    server = await startTestServer(kind, {
      clock,
      config: {
        publicUrl: PUBLIC_URL,
        notify: quietNotify({
          teamsWebhookUrl: `${teams.url}/webhookb2/global`,
        }),
      },
    });
  });
  beforeEach(() => teams.reply(null));
  afterAll(async () => {
    await server?.dispose();
    await teams?.close();
  });

  it('what #incidents hears, Teams hears: one Adaptive Card with severity, title, status and a link to the incident', async () => {
    const id = await declare('P1', 'Checkout down');
    await send();
    const [row] = await teamsRows(id);
    // The webhook URL is a credential: it is not on the row anyone reading the incident sees.
    expect(row).toMatchObject({ targetName: 'Teams', address: null, status: 'SENT', attempts: 1 });
    const got = teams.delivered('/webhookb2/global');
    expect(got).toHaveLength(1);
    expect(got[0].headers['content-type']).toBe('application/json');
    expect(got[0].body).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            type: 'AdaptiveCard',
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            version: '1.4',
            body: [
              {
                type: 'TextBlock',
                text: 'P1 · Checkout down',
                size: 'Large',
                weight: 'Bolder',
                wrap: true,
                color: 'Attention',
              },
              {
                type: 'FactSet',
                facts: [
                  { title: 'Severity', value: 'P1' },
                  { title: 'Status', value: 'TRIGGERED' },
                  { title: 'Incident', value: `#${id}` },
                ],
              },
              { type: 'TextBlock', text: 'P1 incident declared: Checkout down\nError rate above 40%', wrap: true },
              { type: 'TextBlock', text: 'Vigil · INCIDENT_DECLARED', size: 'Small', isSubtle: true },
            ],
            actions: [
              { type: 'Action.OpenUrl', title: 'Open incident in Vigil', url: `${PUBLIC_URL}/incidents/${id}` },
            ],
          },
        },
      ],
    });
  });

  it('Markdown in alert text arrives escaped: a link or emphasis in a title shows as its characters', async () => {
    const before = teams.delivered('/webhookb2/global').length;
    await declare('P2', 'DB down [re-login here](https://evil.example/phish) **now**');
    await send();
    const card = teams.delivered('/webhookb2/global')[before].body.attachments[0].content;
    const texts = (card.body as Array<{ type: string; text?: string }>).filter((b) => b.type === 'TextBlock');
    const escaped = 'DB down \\[re-login here\\]\\(https://evil.example/phish\\) \\*\\*now\\*\\*';
    expect(texts[0].text).toBe(`P2 · ${escaped}`);
    expect(texts[1].text).toContain(escaped);
    expect(JSON.stringify(card.body)).not.toMatch(/[^\\]\]\(https:\/\/evil|[^\\]\*\*now/);
  });

  it('Teams answering 4xx is a skip with its reason, not retried; 5xx is retried and shown as pending', async () => {
    teams.reply(() => ({ status: 400, body: 'Bad payload' }));
    const refused = await declare('P2', 'Refused card');
    await send();
    expect(await teamsRows(refused)).toEqual([
      expect.objectContaining({ status: 'SKIPPED', lastError: 'Microsoft Teams refused the message (HTTP 400)' }),
    ]);

    teams.reply(() => ({ status: 502, body: 'Bad gateway' }));
    const flaky = await declare('P2', 'Flaky Teams');
    await send();
    expect(await teamsRows(flaky)).toEqual([expect.objectContaining({ status: 'PENDING', attempts: 1 })]);
    expect((await teamsRows(flaky))[0].lastError).toMatch(/http-502.*backing off/);
    teams.reply(null);
    clock.advance(60_000);
    await send();
    expect(await teamsRows(flaky)).toEqual([expect.objectContaining({ status: 'SENT', attempts: 2 })]);
  });

  it("a team's own webhook: set by a lead of that team only, refused for private addresses, never shown, used for its incidents", async () => {
    const pay = await setUpTeamPaging(server, 'Pay');
    const SET = `mutation($t: ID!, $u: String) { setTeamTeamsWebhook(teamId: $t, url: $u) { id teamsWebhookConfigured } }`;
    await gql(
      server.graphqlUrl,
      `mutation($t: ID!, $u: ID!) { setTeamMemberRole(teamId: $t, userId: $u, role: LEAD) { id } }`,
      {
        t: pay.teamId,
        u: String(pay.lead),
      },
    );
    const lead = (await sessionFor(server, pay.lead)).headers;
    const responder = (await sessionFor(server, pay.oncall)).headers;
    const url = `${teams.url}/webhookb2/pay`;

    // A responder cannot point the team's announcements anywhere.
    const denied = await gql(server.graphqlUrl, SET, { t: pay.teamId, u: url }, responder);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Nor can a lead aim it at the server's own network or the cloud's metadata service.
    for (const bad of [
      'http://127.0.0.2:8080/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'ftp://x/',
    ]) {
      const r = await gql(server.graphqlUrl, SET, { t: pay.teamId, u: bad }, lead);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION', field: 'url' });
    }
    const [before] = await server.app.db.dataSource.query(`SELECT teamsWebhookUrl FROM team WHERE id = ?`, [
      Number(pay.teamId),
    ]);
    expect(before.teamsWebhookUrl).toBeNull();

    const set = await gql(server.graphqlUrl, SET, { t: pay.teamId, u: url }, lead);
    expect(set.data?.setTeamTeamsWebhook).toEqual({ id: pay.teamId, teamsWebhookConfigured: true });
    // The URL is a credential: no field of Team gives it back.
    const fields = await gql(server.graphqlUrl, `{ __type(name: "Team") { fields { name } } }`);
    expect(JSON.stringify(fields.data)).not.toMatch(/webhookUrl/i);
    // Nor does the audit log: the call is recorded with the URL redacted.
    const audit = await gql(
      server.graphqlUrl,
      `{ auditLog(filter: { action: "setTeamTeamsWebhook" }, first: 50) { args } }`,
    );
    expect(audit.data!.auditLog.length).toBeGreaterThan(0);
    expect(audit.data!.auditLog).toContainEqual({ args: { teamId: pay.teamId, url: '[redacted]' } });
    expect(JSON.stringify(audit.data)).not.toContain(url);

    const id = await declare('P2', 'Card payments failing', [pay.serviceName]);
    await send();
    const [row] = await teamsRows(id);
    expect(row).toMatchObject({ targetName: expect.stringMatching(/^Teams \(Pay team /), status: 'SENT' });
    expect(row.address).toBe(`team:${pay.teamId}`);
    const got = teams.delivered('/webhookb2/pay');
    expect(got).toHaveLength(1);
    expect(got[0].body.attachments[0].content.body[1].facts).toContainEqual({
      title: 'Team',
      value: expect.stringMatching(/^Pay team /),
    });
    expect(
      teams.delivered('/webhookb2/global').filter((r) => JSON.stringify(r.body).includes('Card payments')),
    ).toEqual([]);

    // Cleared: the global webhook again.
    await gql(server.graphqlUrl, SET, { t: pay.teamId, u: null }, lead);
    const next = await declare('P2', 'Card payments failing again', [pay.serviceName]);
    await send();
    expect((await teamsRows(next))[0]).toMatchObject({ targetName: 'Teams', address: null, status: 'SENT' });
  });

  it('every delivery goes through the outbound guard: a stored address it refuses is skipped, and nothing is sent there', async () => {
    // Saved before VIGIL_OUTBOUND_ALLOW was narrowed (or a name that now resolves inward): the guard decides on send.
    const inside = await startHttpReceiver('127.0.0.2');
    try {
      const ops = await setUpTeamPaging(server, 'Ops');
      await server.app.db.dataSource.query(`UPDATE team SET teamsWebhookUrl = ? WHERE id = ?`, [
        `${inside.url}/webhookb2/ops`,
        Number(ops.teamId),
      ]);
      const id = await declare('P2', 'Inward webhook', [ops.serviceName]);
      await send();
      expect(await teamsRows(id)).toEqual([
        expect.objectContaining({
          status: 'SKIPPED',
          attempts: 1,
          lastError: 'the Microsoft Teams webhook address is refused (refused-address)',
        }),
      ]);
      expect(inside.requests).toEqual([]);
    } finally {
      await inside.close();
    }
  });
});
