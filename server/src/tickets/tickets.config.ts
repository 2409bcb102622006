import { githubRepository } from '@vigil/shared';

/** GitHub as the ticket tracker (README "Action items as tickets"); every field has a variable. */
export interface TicketsConfig {
  github: {
    /** The REST API's base URL (VIGIL_GITHUB_API_URL): https://api.github.com, or GitHub Enterprise's /api/v3. */
    apiUrl: string;
    /** A token that may create and edit issues in the repositories (VIGIL_GITHUB_TOKEN); null: no tickets. */
    token: string | null;
    /** Where items of an incident whose team set no tracker go (VIGIL_GITHUB_REPOSITORY, owner/name); null: none. */
    defaultRepository: string | null;
    /** The secret GitHub signs `issues` webhooks with (VIGIL_GITHUB_ISSUES_WEBHOOK_SECRET); null: the route is off. */
    webhookSecret: string | null;
  };
}

const NO_TICKETS: TicketsConfig = {
  github: { apiUrl: 'https://api.github.com', token: null, defaultRepository: null, webhookSecret: null },
};

/** Reads the GitHub ticket variables; `fail` builds the error that names the variable. */
export function parseTicketsConfig(env: NodeJS.ProcessEnv, fail: (message: string) => Error): TicketsConfig {
  const apiUrl = (env.VIGIL_GITHUB_API_URL?.trim() || NO_TICKETS.github.apiUrl).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(apiUrl)) throw fail(`VIGIL_GITHUB_API_URL must be an http(s) URL, got "${apiUrl}".`);
  const repository = env.VIGIL_GITHUB_REPOSITORY?.trim() || null;
  const defaultRepository = repository ? repositoryOrFail(repository, fail) : null;
  const webhookSecret = env.VIGIL_GITHUB_ISSUES_WEBHOOK_SECRET?.trim() || null;
  if (webhookSecret !== null && webhookSecret.length < 16)
    throw fail('VIGIL_GITHUB_ISSUES_WEBHOOK_SECRET must be at least 16 characters.');
  return {
    github: { apiUrl, token: env.VIGIL_GITHUB_TOKEN?.trim() || null, defaultRepository, webhookSecret },
  };
}

function repositoryOrFail(raw: string, fail: (message: string) => Error): string {
  try {
    return githubRepository('VIGIL_GITHUB_REPOSITORY', raw);
  } catch (e) {
    throw fail((e as Error).message);
  }
}
