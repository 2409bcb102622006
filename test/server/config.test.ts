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

  it('refuses a VIGIL_TRUST_PROXY that is neither a count nor addresses', () => {
    expect(() => loadConfig({ VIGIL_TRUST_PROXY: 'yes please' })).toThrow(/VIGIL_TRUST_PROXY/);
  });

  it('reuses credential checks for 2 s unless told otherwise, within 0–10 s', () => {
    expect(loadConfig({}).auth.credentialReuseMs).toBe(2000);
    expect(loadConfig({ VIGIL_CREDENTIAL_REUSE_MS: '0' }).auth.credentialReuseMs).toBe(0);
    expect(() => loadConfig({ VIGIL_CREDENTIAL_REUSE_MS: '60000' })).toThrow(ConfigError);
  });
});
