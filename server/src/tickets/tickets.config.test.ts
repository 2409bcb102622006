import { parseTicketsConfig } from './tickets.config';

const fail = (m: string) => new Error(m);

describe('GitHub ticket settings', () => {
  it('are off by default, against api.github.com', () =>
    expect(parseTicketsConfig({}, fail)).toEqual({
      github: { apiUrl: 'https://api.github.com', token: null, defaultRepository: null, webhookSecret: null },
    }));

  it('read GitHub Enterprise’s base URL, the token, the default repository and the webhook secret', () =>
    expect(
      parseTicketsConfig(
        {
          VIGIL_GITHUB_API_URL: 'https://github.acme.internal/api/v3/',
          VIGIL_GITHUB_TOKEN: ' ghp_x ',
          VIGIL_GITHUB_REPOSITORY: 'acme/payments',
          VIGIL_GITHUB_ISSUES_WEBHOOK_SECRET: 'a-secret-of-enough-length',
        },
        fail,
      ).github,
    ).toEqual({
      apiUrl: 'https://github.acme.internal/api/v3',
      token: 'ghp_x',
      defaultRepository: 'acme/payments',
      webhookSecret: 'a-secret-of-enough-length',
    }));

  it.each([
    [{ VIGIL_GITHUB_API_URL: 'github.com' }, /VIGIL_GITHUB_API_URL/],
    [{ VIGIL_GITHUB_REPOSITORY: 'payments' }, /VIGIL_GITHUB_REPOSITORY/],
    [{ VIGIL_GITHUB_ISSUES_WEBHOOK_SECRET: 'short' }, /at least 16/],
  ])('%j is refused, naming the variable', (env, message) =>
    expect(() => parseTicketsConfig(env, fail)).toThrow(message),
  );
});
