import { ConfigError, loadConfig } from '../../server/src/config';

describe('configuration from the environment', () => {
  it.each([
    [{}, 'vigil:sqlite:'],
    [{ DATABASE_URL: 'mysql://vigil@db:3306/vigil_prod' }, 'vigil:vigil_prod:'],
    [{ DATABASE_URL: 'mysql://vigil@db:3306/vigil_prod', VIGIL_REDIS_CHANNEL_PREFIX: 'eu1:' }, 'eu1:'],
  ])('Redis channels of %j are prefixed %s (replicas share a database, other deployments do not)', (env, prefix) => {
    expect(loadConfig(env).redisChannelPrefix).toBe(prefix);
  });

  it.each<[string | undefined, false | number | string]>([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['true', 1],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8, 192.168.1.1', '10.0.0.0/8, 192.168.1.1'],
  ])('VIGIL_TRUST_PROXY=%p trusts %p (never every hop: the client would choose its own address)', (raw, trusted) => {
    expect(loadConfig(raw === undefined ? {} : { VIGIL_TRUST_PROXY: raw }).auth.trustProxy).toEqual(trusted);
  });

  it('SMS and voice: off by default, all of SID, token and number or none, the number in E.164', () => {
    const twilio = { VIGIL_TWILIO_ACCOUNT_SID: 'AC1', VIGIL_TWILIO_AUTH_TOKEN: 't', VIGIL_TWILIO_FROM: '+15005550006' };
    expect(loadConfig({}).notify.twilio).toBeNull();
    expect(loadConfig(twilio).notify.twilio).toEqual({
      apiUrl: 'https://api.twilio.com/',
      accountSid: 'AC1',
      authToken: 't',
      from: '+15005550006',
    });
    expect(
      loadConfig({ ...twilio, VIGIL_TWILIO_API_URL: 'http://sms.internal:8080/twilio' }).notify.twilio?.apiUrl,
    ).toBe('http://sms.internal:8080/twilio');
    expect(() => loadConfig({ VIGIL_TWILIO_ACCOUNT_SID: 'AC1' })).toThrow(/must be set together/);
    expect(() => loadConfig({ ...twilio, VIGIL_TWILIO_FROM: '0151 123' })).toThrow(/VIGIL_TWILIO_FROM/);
    expect(() => loadConfig({ ...twilio, VIGIL_TWILIO_API_URL: 'ftp://x' })).toThrow(/VIGIL_TWILIO_API_URL/);
  });

  it('Slack bot: off by default, a bot token, a channel id, incident channels off or from a severity up', () => {
    const bot = { VIGIL_SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };
    expect(loadConfig({}).notify.slackBot).toBeNull();
    expect(loadConfig(bot).notify.slackBot).toEqual({
      token: 'xoxb-1-2-abc',
      apiUrl: 'https://slack.com/api/',
      channel: null,
      incidentChannels: null,
    });
    expect(
      loadConfig({
        ...bot,
        VIGIL_SLACK_API_URL: 'http://127.0.0.1:9000/api',
        VIGIL_SLACK_CHANNEL: 'C024BE91L',
        VIGIL_SLACK_INCIDENT_CHANNELS: 'P1',
      }).notify.slackBot,
    ).toMatchObject({ apiUrl: 'http://127.0.0.1:9000/api/', channel: 'C024BE91L', incidentChannels: 'P1' });
    expect(loadConfig({ ...bot, VIGIL_SLACK_INCIDENT_CHANNELS: 'off' }).notify.slackBot?.incidentChannels).toBeNull();
    expect(() => loadConfig({ VIGIL_SLACK_INCIDENT_CHANNELS: 'P1' })).toThrow(/need VIGIL_SLACK_BOT_TOKEN/);
    expect(() => loadConfig({ VIGIL_SLACK_BOT_TOKEN: 'hunter2' })).toThrow(/VIGIL_SLACK_BOT_TOKEN must be/);
    expect(() => loadConfig({ ...bot, VIGIL_SLACK_CHANNEL: '#incidents' })).toThrow(/VIGIL_SLACK_CHANNEL must be/);
    expect(() => loadConfig({ ...bot, VIGIL_SLACK_INCIDENT_CHANNELS: 'P5' })).toThrow(
      /VIGIL_SLACK_INCIDENT_CHANNELS must be off or a severity/,
    );
    expect(() => loadConfig({ ...bot, VIGIL_SLACK_API_URL: 'ftp://x' })).toThrow(/VIGIL_SLACK_API_URL/);
  });

  it('Teams: a webhook URL, http(s) only', () => {
    expect(loadConfig({}).notify.teamsWebhookUrl).toBeNull();
    const url = 'https://example.webhook.office.com/webhookb2/abc';
    expect(loadConfig({ VIGIL_TEAMS_WEBHOOK_URL: url }).notify.teamsWebhookUrl).toBe(url);
    expect(() => loadConfig({ VIGIL_TEAMS_WEBHOOK_URL: 'file:///etc/passwd' })).toThrow(/VIGIL_TEAMS_WEBHOOK_URL/);
  });

  it('Web Push: keys generated unless both are given; the subject a mailto: or https: URL', () => {
    const pub = `B${'x'.repeat(86)}`;
    const priv = 'y'.repeat(43);
    expect(loadConfig({ VIGIL_EMAIL_FROM: 'Vigil <pager@example.com>' }).notify.webPush).toEqual({
      subject: 'mailto:pager@example.com',
      keys: null,
    });
    expect(
      loadConfig({
        VIGIL_VAPID_SUBJECT: 'https://vigil.example.com',
        VIGIL_VAPID_PUBLIC_KEY: pub,
        VIGIL_VAPID_PRIVATE_KEY: priv,
      }).notify.webPush,
    ).toEqual({ subject: 'https://vigil.example.com', keys: { publicKey: pub, privateKey: priv } });
    expect(() => loadConfig({ VIGIL_VAPID_PUBLIC_KEY: pub })).toThrow(/must be set together/);
    expect(() => loadConfig({ VIGIL_VAPID_PUBLIC_KEY: 'short', VIGIL_VAPID_PRIVATE_KEY: priv })).toThrow(
      /VIGIL_VAPID_PUBLIC_KEY/,
    );
    expect(() => loadConfig({ VIGIL_VAPID_PUBLIC_KEY: pub, VIGIL_VAPID_PRIVATE_KEY: 'z' })).toThrow(
      /VIGIL_VAPID_PRIVATE_KEY/,
    );
    expect(() => loadConfig({ VIGIL_VAPID_SUBJECT: 'http://vigil.example.com' })).toThrow(/VIGIL_VAPID_SUBJECT/);
  });

  it('refuses a VIGIL_TRUST_PROXY that is neither a count nor addresses', () => {
    expect(() => loadConfig({ VIGIL_TRUST_PROXY: 'yes please' })).toThrow(/VIGIL_TRUST_PROXY/);
  });

  it('reuses credential checks for 2 s unless told otherwise, within 0–10 s', () => {
    expect(loadConfig({}).auth.credentialReuseMs).toBe(2000);
    expect(loadConfig({ VIGIL_CREDENTIAL_REUSE_MS: '0' }).auth.credentialReuseMs).toBe(0);
    expect(() => loadConfig({ VIGIL_CREDENTIAL_REUSE_MS: '60000' })).toThrow(ConfigError);
  });

  it('budgets 5,000,000 query-cost points of reads a caller a minute, never less in ten seconds than one allowed document costs', () => {
    expect(loadConfig({}).auth.rateLimits.readCostPerActor).toEqual({ capacity: 5_000_000 / 6, perMinute: 5_000_000 });
    expect(loadConfig({}).auth.rateLimits.readCostPerIp.perMinute).toBe(20_000_000);
    expect(() => loadConfig({ VIGIL_READ_COST_PER_MINUTE: '1000000' })).toThrow(/6 × VIGIL_MAX_QUERY_COST \(1200000\)/);
    expect(loadConfig({ VIGIL_READ_COST_PER_MINUTE: '6000', VIGIL_MAX_QUERY_COST: '1000' }).graphql.maxQueryCost).toBe(
      1000,
    );
  });
});
