import { ConfigError, loadConfig } from '../../server/src/config';

describe('configuration from the environment', () => {
  it.each([
    [{}, 'vigil:sqlite:'],
    [{ DATABASE_URL: 'mysql://vigil@db:3306/vigil_prod' }, 'vigil:vigil_prod:'],
    [{ DATABASE_URL: 'mysql://vigil@db:3306/vigil_prod', VIGIL_REDIS_CHANNEL_PREFIX: 'eu1:' }, 'eu1:'],
  ])('Redis channels of %j are prefixed %s (replicas share a database, other deployments do not)', (env, prefix) => {
    expect(loadConfig(env).redisChannelPrefix).toBe(prefix);
  });

  it('reuses credential checks for 2 s unless told otherwise, within 0–10 s', () => {
    expect(loadConfig({}).auth.credentialReuseMs).toBe(2000);
    expect(loadConfig({ VIGIL_CREDENTIAL_REUSE_MS: '0' }).auth.credentialReuseMs).toBe(0);
    expect(() => loadConfig({ VIGIL_CREDENTIAL_REUSE_MS: '60000' })).toThrow(ConfigError);
  });
});
