import { captureLog } from '../support/logs';
import { TestServer, startTestServer } from '../support/server';

/**
 * Structured logs (issue 22): one JSON access line per request, with its request id (echoed as X-Request-Id), the
 * GraphQL operation and the incident it concerns; no credential in any line, whether it came in a header, a query
 * parameter or a path.
 */
describe('structured logs', () => {
  let server: TestServer;
  let log: ReturnType<typeof captureLog>;

  beforeAll(async () => {
    log = captureLog();
    server = await startTestServer('sqlite', { logger: log.logger });
  });

  afterAll(async () => {
    await server?.stop();
  });

  const accessLines = (id: string) => log.lines().filter((line) => line.req?.id === id);

  async function graphql(requestId: string, operationName: string, query: string, variables = {}) {
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${server.db.adminToken}`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ operationName, query, variables }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    return (await res.json()) as { data: Record<string, any> };
  }

  it('writes one JSON access line per request, with its request id, operation, incident and duration', async () => {
    const declared = await graphql(
      'declare-1',
      'DeclareIncident',
      `mutation DeclareIncident($title: String!) { declareIncident(input: { title: $title, severity: P2 }) { id } }`,
      { title: 'Search is slow' },
    );
    const id = String(declared.data.declareIncident.id);
    await graphql('read-1', 'Incident', `query Incident($id: ID!) { incident(id: $id) { id status } }`, { id });
    await graphql(
      'ack-1',
      'AcknowledgeIncident',
      `mutation AcknowledgeIncident($incidentId: ID!) { acknowledgeIncident(id: $incidentId) { status } }`,
      { incidentId: id },
    );

    const [declare] = accessLines('declare-1');
    expect(accessLines('declare-1')).toHaveLength(1);
    expect(declare).toMatchObject({
      level: 30,
      service: 'vigil',
      operation: 'DeclareIncident',
      req: { id: 'declare-1', method: 'POST', url: '/graphql' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(new Date(declare.time as string).toISOString()).toBe(declare.time);
    expect(accessLines('read-1')).toEqual([expect.objectContaining({ operation: 'Incident', incidentId: id })]);
    expect(accessLines('ack-1')).toEqual([
      expect.objectContaining({ operation: 'AcknowledgeIncident', incidentId: id }),
    ]);
  });

  it('makes up a request id when none (or a strange one) is given, and sends it back', async () => {
    for (const given of [undefined, 'has spaces and "quotes"', 'x'.repeat(200)]) {
      const res = await fetch(`${server.url}/healthz`, { headers: given ? { 'x-request-id': given } : {} });
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(accessLines(id)).toHaveLength(1);
    }
  });

  it('never writes a credential: not from a header, a cookie, a query parameter or a secret path', async () => {
    const wallToken = 'wall_QueryParamSecret1234567890';
    const actionToken = 'act_PathSecretABCDEFGHIJKLMNOPQRSTUV';
    const cookieSecret = 'cookie_SessionSecret0987654321';
    await fetch(`${server.url}/healthz?token=${wallToken}&view=wall`, {
      headers: { 'x-request-id': 'secrets-1', cookie: `vigil_session=${cookieSecret}` },
    });
    await fetch(`${server.url}/api/actions/${actionToken}`, { headers: { 'x-request-id': 'secrets-2' } });
    await fetch(`${server.url}/api/calendar/${actionToken}.ics`, { headers: { 'x-request-id': 'secrets-3' } });

    expect(accessLines('secrets-1')[0].req.url).toBe('/healthz?token=[redacted]&view=wall');
    expect(accessLines('secrets-2')[0].req.url).toBe('/api/actions/[redacted]');
    expect(accessLines('secrets-3')[0].req.url).toBe('/api/calendar/[redacted]');
    const everything = log.text();
    for (const secret of [server.db.adminToken, wallToken, actionToken, cookieSecret])
      expect([secret, everything.includes(secret)]).toEqual([secret, false]);
  });
});
