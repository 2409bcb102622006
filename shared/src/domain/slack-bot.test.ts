import {
  slackEscape,
  SLACK_MEMBER_ID,
  contactMethodProven,
  incidentChannelName,
  slackErrorVerdict,
  wantsIncidentChannel,
} from './slack-bot';

describe("Slack's Web API errors", () => {
  it.each([
    ['ratelimited', 'RETRY'],
    ['internal_error', 'RETRY'],
    ['fatal_error', 'RETRY'],
    ['service_unavailable', 'RETRY'],
    ['request_timeout', 'RETRY'],
    ['channel_not_found', 'SKIP'],
    ['not_in_channel', 'SKIP'],
    ['invalid_auth', 'SKIP'],
    ['token_revoked', 'SKIP'],
    ['account_inactive', 'SKIP'],
    ['user_not_found', 'SKIP'],
    ['missing_scope', 'SKIP'],
    ['is_archived', 'SKIP'],
    ['something_new', 'SKIP'],
  ] as const)('%s → %s', (error, verdict) => {
    expect(slackErrorVerdict(error)).toBe(verdict);
  });
});

describe('incident channel names', () => {
  it.each([
    [12, 'Checkout down', 'inc-12-checkout-down'],
    [7, '  EU: API 5xx > 40% (eu-west-1)!! ', 'inc-7-eu-api-5xx-40-eu-west-1'],
    [3, 'Zahlungsausfall – Größe ÄÖÜ', 'inc-3-zahlungsausfall-grosse-aou'],
    [4, 'snake_case title', 'inc-4-snake_case-title'],
    [5, '🔥🔥', 'inc-5'],
    [6, '', 'inc-6'],
    [8, '---', 'inc-8'],
  ])('incident %i "%s" → %s', (id, title, name) => {
    expect(incidentChannelName(id, title)).toBe(name);
  });

  it('is cut to 80 characters, never ending in a hyphen', () => {
    // 69 characters of room after "inc-123456-": 68 a's and the hyphen before "bbbb", which is dropped.
    const name = incidentChannelName(123456, `${'a'.repeat(68)} bbbb`);
    expect(name).toBe(`inc-123456-${'a'.repeat(68)}`);
    expect(name).toHaveLength(79);
    const full = incidentChannelName(1, 'x'.repeat(200));
    expect(full).toHaveLength(80);
    expect(full).toMatch(/^inc-1-x+$/);
  });

  it('uses only what Slack allows in a name', () => {
    for (const title of ['Ünïcödé ∆ #chan @here <!channel>', 'A.B/C\\D', 'tab\tnew\nline'])
      expect(incidentChannelName(99, title)).toMatch(/^[a-z0-9_-]{1,80}$/);
  });
});

describe('which incidents get a channel', () => {
  it.each([
    ['P0', 'TRIGGERED', 'P1', true],
    ['P1', 'ACKNOWLEDGED', 'P1', true],
    ['P1', 'MITIGATED', 'P1', true],
    ['P1', 'RESOLVED', 'P1', false],
    ['P2', 'TRIGGERED', 'P1', false],
    ['P3', 'TRIGGERED', 'P1', false],
    ['P0', 'TRIGGERED', 'P0', true],
    ['P1', 'TRIGGERED', 'P0', false],
    ['P3', 'TRIGGERED', 'P3', true],
    ['P0', 'TRIGGERED', null, false],
  ] as const)('%s %s with the threshold %s → %s', (severity, status, threshold, wanted) => {
    expect(wantsIncidentChannel(severity, status, threshold)).toBe(wanted);
  });
});

describe('Slack member ids', () => {
  it.each([
    ['U024BE7LH', true],
    ['W0123ABCD', true],
    ['u024be7lh', false],
    ['C024BE7LH', false],
    ['U1', false],
    ['<@U024BE7LH>', false],
  ])('%s → %s', (id, ok) => {
    expect(SLACK_MEMBER_ID.test(id)).toBe(ok);
  });
});

describe('which contact methods count as verified', () => {
  const at = new Date('2026-12-03T03:00:00.000Z');
  it.each([
    ['SLACK', at, at, true, true],
    ['SLACK', at, null, true, false],
    ['SLACK', at, null, false, true],
    ['SLACK', null, at, true, false],
    ['SMS', at, null, true, true],
    ['EMAIL', at, null, true, true],
    ['SMS', null, at, true, false],
  ] as const)('%s verified %s, code sent %s, Slack codes %s → %s', (kind, verifiedAt, codeSentAt, byCode, proven) => {
    expect(contactMethodProven({ kind, verifiedAt, codeSentAt }, byCode)).toBe(proven);
  });
});

describe('slackEscape', () => {
  it.each([
    [
      'Cache <https://evil.example/x|click to ack> <!channel>',
      'Cache &lt;https://evil.example/x|click to ack&gt; &lt;!channel&gt;',
    ],
    ['R&D <@U123> & more', 'R&amp;D &lt;@U123&gt; &amp; more'],
    ['plain *bold* text', 'plain *bold* text'],
  ])('%j → %j', (text, escaped) => {
    expect(slackEscape(text)).toBe(escaped);
  });
});
