jest.setTimeout(60_000);

import { HistoryRecord, parseCsv, parseHistory, parsePagerDutyCsv } from '../../server/src/history/history.parse';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer } from '../support/server';
import { ManualClock } from '@vigil/shared';

describe('CSV parser', () => {
  it.each([
    [
      'plain',
      'a,b,c\n1,2,3\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'CRLF and no final newline',
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['quoted commas', 'a,"b,c",d', [['a', 'b,c', 'd']]],
    [
      'newlines in quotes',
      'a,"line 1\nline 2"\nx,y',
      [
        ['a', 'line 1\nline 2'],
        ['x', 'y'],
      ],
    ],
    ['doubled quotes', '"say ""hi""",2', [['say "hi"', '2']]],
    [
      'empty fields',
      ',,\n"",x',
      [
        ['', '', ''],
        ['', 'x'],
      ],
    ],
    [
      'BOM and blank lines',
      '\ufeffa,b\n\n1,2\n\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['CRLF inside quotes kept', '"a\r\nb",c', [['a\r\nb', 'c']]],
  ])('%s', (_l, input, rows) => expect(parseCsv(input)).toEqual(rows));

  it.each([
    ['unterminated quote', 'a,"b\n1,2'],
    ['quote inside a bare field', 'ab"c,d'],
  ])('rejects %s on the content field', (_l, input) => {
    expect(() => parseCsv(input)).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'content' }));
  });
});

const PD_CSV = [
  'id,incident_number,description,service_name,urgency,priority_name,created_on,acknowledged_on,resolved_on,seconds_to_first_ack',
  'PABC123,101,"Checkout 500s, EU only",checkout-api,high,P1,2026-02-01T10:00:00Z,2026-02-01T10:04:30Z,2026-02-01T11:00:00Z,270',
  'PABC124,102,"Search ""slow""\nfor some users",search,low,,2026-02-03T08:00:00.250Z,,2026-02-03T20:00:00Z,600',
  'PABC125,103,Cache miss storm,checkout-api,high,P3,2026-02-05T00:00:00Z,,2026-02-05T01:00:00Z,',
].join('\r\n');

describe('PagerDuty CSV and JSON mapping', () => {
  it('maps a PagerDuty export with original times, priorities and services', () => {
    const [a, b, c] = parsePagerDutyCsv(PD_CSV);
    expect(a).toEqual<HistoryRecord>({
      externalId: 'PABC123',
      title: 'Checkout 500s, EU only',
      severity: 'P0',
      detectedAt: new Date('2026-02-01T10:00:00Z'),
      acknowledgedAt: new Date('2026-02-01T10:04:30Z'),
      mitigatedAt: null,
      resolvedAt: new Date('2026-02-01T11:00:00Z'),
      services: ['checkout-api'],
    });
    // No acknowledged_on: seconds_to_first_ack counts from creation; low urgency without priority is P3.
    expect(b).toMatchObject({
      title: 'Search "slow"\nfor some users',
      severity: 'P3',
      acknowledgedAt: new Date('2026-02-03T08:10:00.250Z'),
    });
    expect(c).toMatchObject({ severity: 'P2', acknowledgedAt: null });
  });

  it.each([
    ['a bad date', 'PAGERDUTY_CSV', 'id,created_on\nP1,yesterday', /row 2: created_on/],
    ['no created column', 'PAGERDUTY_CSV', 'id,title\nP1,x', /created_on/],
    [
      'resolution before detection',
      'JSON',
      JSON.stringify([
        { externalId: 'a', severity: 'P1', detectedAt: '2026-01-02T00:00:00Z', resolvedAt: '2026-01-01T00:00:00Z' },
      ]),
      /incident 1: resolvedAt/,
    ],
    [
      'an unknown severity',
      'JSON',
      JSON.stringify({ incidents: [{ externalId: 'a', severity: 'P7', detectedAt: '2026-01-02T00:00:00Z' }] }),
      /severity/,
    ],
    [
      'a duplicate id',
      'JSON',
      JSON.stringify([
        { externalId: 'a', severity: 'P1', detectedAt: '2026-01-02T00:00:00Z' },
        { externalId: 'a', severity: 'P1', detectedAt: '2026-01-03T00:00:00Z' },
      ]),
      /twice/,
    ],
    ['not JSON', 'JSON', '{nope', /not valid JSON/],
    ['too much content', 'JSON', 'x'.repeat(200_001), /at most/],
  ] as const)('rejects %s', (_l, format, content, message) => {
    expect(() => parseHistory(format, content)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field: 'content', message: expect.stringMatching(message) }),
    );
  });
});

const IMPORT = `mutation($format: HistoryFormat!, $content: String!) { importIncidentHistory(format: $format, content: $content) { created alreadyImported } }`;

describe.each(testDatabaseKinds())('history import on %s', (kind) => {
  let server: TestServer;
  const clock = new ManualClock('2026-03-01T00:00:00Z');

  beforeAll(async () => {
    server = await startTestServer(kind, { clock });
  });

  afterAll(async () => {
    await server?.dispose();
  });

  const snapshot = async () => {
    const ds = server.app.db.dataSource;
    const n = async (t: string) => Number((await ds.query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n);
    return {
      incidents: await n('incident'),
      events: await n('timeline_event'),
      imported: await n('imported_incident'),
      services: await n('service'),
      postmortems: await n('postmortem'),
    };
  };

  it('imports a PagerDuty CSV with original timestamps; importing it again changes nothing', async () => {
    const first = await gql(server.graphqlUrl, IMPORT, { format: 'PAGERDUTY_CSV', content: PD_CSV });
    expect(first.errors).toBeUndefined();
    expect(first.data!.importIncidentHistory).toEqual({ created: 3, alreadyImported: 0 });
    const after = await snapshot();
    expect(after).toMatchObject({ incidents: 3, imported: 3, services: 2, postmortems: 0 });

    const list = await gql(
      server.graphqlUrl,
      `{ incidents(page: { first: 10 }) { nodes { title severity status detectedAt acknowledgedAt resolvedAt acknowledgeBy services { name } timeline { type at } } } }`,
    );
    const checkout = list.data!.incidents.nodes.find((i: { title: string }) => i.title === 'Checkout 500s, EU only');
    expect(checkout).toMatchObject({
      severity: 'P0',
      status: 'RESOLVED',
      detectedAt: '2026-02-01T10:00:00.000Z',
      acknowledgedAt: '2026-02-01T10:04:30.000Z',
      resolvedAt: '2026-02-01T11:00:00.000Z',
      acknowledgeBy: '2026-02-01T10:05:00.000Z',
      services: [{ name: 'checkout-api' }],
    });
    expect(checkout.timeline.map((e: { type: string; at: string }) => [e.type, e.at])).toEqual([
      ['DECLARED', '2026-02-01T10:00:00.000Z'],
      ['ACKNOWLEDGED', '2026-02-01T10:04:30.000Z'],
      ['RESOLVED', '2026-02-01T11:00:00.000Z'],
    ]);

    const again = await gql(server.graphqlUrl, IMPORT, { format: 'PAGERDUTY_CSV', content: PD_CSV });
    expect(again.data!.importIncidentHistory).toEqual({ created: 0, alreadyImported: 3 });
    expect(await snapshot()).toEqual(after);

    const metrics = await gql(
      server.graphqlUrl,
      `{ metrics(range: { from: "2026-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }, bucket: MONTH) { buckets { incidents timeToAcknowledge { count meanMs } } } }`,
    );
    expect(metrics.data!.metrics.buckets[0]).toEqual({
      incidents: 3,
      timeToAcknowledge: { count: 2, meanMs: (270_000 + 600_000) / 2 },
    });
  });

  it('imports JSON history; a bad record rejects the whole file and writes nothing', async () => {
    const good = {
      incidents: [
        {
          externalId: 'J-1',
          title: 'Login loop',
          severity: 'P1',
          detectedAt: '2026-02-10T09:00:00.123Z',
          acknowledgedAt: '2026-02-10T09:01:00Z',
          mitigatedAt: '2026-02-10T09:30:00Z',
          resolvedAt: '2026-02-10T10:00:00Z',
          services: ['auth'],
        },
        { externalId: 'J-2', title: 'Slow pages', severity: 'P3', detectedAt: '2026-02-11T09:00:00Z' },
      ],
    };
    const before = await snapshot();
    const bad = { incidents: [...good.incidents, { externalId: 'J-3', severity: 'P1', detectedAt: 'not a date' }] };
    const rejected = await gql(server.graphqlUrl, IMPORT, { format: 'JSON', content: JSON.stringify(bad) });
    expect(rejected.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'content' });
    expect(rejected.errors![0].message).toMatch(/incident 3: detectedAt/);
    expect(await snapshot()).toEqual(before);

    expect(
      (await gql(server.graphqlUrl, IMPORT, { format: 'JSON', content: JSON.stringify(good) })).data!
        .importIncidentHistory,
    ).toEqual({ created: 2, alreadyImported: 0 });
    // Keyed on (format, external id): the same file again is skipped record by record.
    expect(
      (await gql(server.graphqlUrl, IMPORT, { format: 'JSON', content: JSON.stringify(good) })).data!
        .importIncidentHistory,
    ).toEqual({ created: 0, alreadyImported: 2 });
    const open = await gql(
      server.graphqlUrl,
      `{ incidents(filter: { open: true }, page: { first: 10 }) { nodes { title status mitigatedAt } } }`,
    );
    expect(open.data!.incidents.nodes).toEqual([{ title: 'Slow pages', status: 'TRIGGERED', mitigatedAt: null }]);
    expect((await snapshot()).incidents).toBe(before.incidents + 2);
  });
});
