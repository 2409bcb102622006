import { Octokit } from '@octokit/rest';

/** An issue as Vigil keeps it. */
export interface IssueRef {
  number: number;
  url: string;
  state: string;
}

/** What a failed call to the tracker means for the outbox: no answer or 408/429/5xx is retried, the rest is final. */
export class TrackerError extends Error {
  constructor(
    message: string,
    /** HTTP status; null when nothing answered. */
    readonly status: number | null,
    readonly retryAfter: string | null,
  ) {
    super(message);
  }
}

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * GitHub Issues through the official client (@octokit/rest) at a configurable base URL: api.github.com, GitHub
 * Enterprise's /api/v3, or a test's receiver. Only the five calls tickets need; errors become TrackerError.
 */
export class GitHubIssues {
  private readonly octokit: Octokit;

  constructor(apiUrl: string, token: string) {
    this.octokit = new Octokit({ auth: token, baseUrl: apiUrl, userAgent: 'Vigil-Tickets' });
  }

  async create(repository: string, issue: { title: string; body: string; labels: string[] }): Promise<IssueRef> {
    const { owner, repo } = split(repository);
    const res = await call(() =>
      this.octokit.rest.issues.create({ owner, repo, ...issue, request: { signal: timeout() } }),
    );
    return { number: res.data.number, url: res.data.html_url, state: res.data.state };
  }

  /** The newest issues labelled `incident` whose body carries `marker`: a ticket an earlier attempt created. */
  async findByMarker(repository: string, marker: string): Promise<IssueRef | null> {
    const { owner, repo } = split(repository);
    const res = await call(() =>
      this.octokit.rest.issues.listForRepo({
        owner,
        repo,
        state: 'all',
        labels: 'incident',
        sort: 'created',
        direction: 'desc',
        per_page: 100,
        request: { signal: timeout() },
      }),
    );
    const found = res.data.find((i) => (i.body ?? '').includes(marker));
    return found ? { number: found.number, url: found.html_url, state: found.state } : null;
  }

  /** Rewrites the issue's title and body (the labels, state and comments stay). */
  async edit(repository: string, number: number, issue: { title: string; body: string }): Promise<void> {
    const { owner, repo } = split(repository);
    await call(() =>
      this.octokit.rest.issues.update({ owner, repo, issue_number: number, ...issue, request: { signal: timeout() } }),
    );
  }

  async setState(
    repository: string,
    number: number,
    state: 'open' | 'closed',
    reason: 'completed' | 'not_planned' | null,
  ): Promise<void> {
    const { owner, repo } = split(repository);
    await call(() =>
      this.octokit.rest.issues.update({
        owner,
        repo,
        issue_number: number,
        state,
        ...(reason ? { state_reason: reason } : state === 'open' ? { state_reason: 'reopened' as const } : {}),
        request: { signal: timeout() },
      }),
    );
  }
}

function split(repository: string): { owner: string; repo: string } {
  const [owner, repo] = repository.split('/');
  return { owner, repo };
}

function timeout(): AbortSignal {
  return AbortSignal.timeout(REQUEST_TIMEOUT_MS);
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw asTrackerError(e);
  }
}

/** Octokit's RequestError carries the status and the response; a network failure has no response. */
function asTrackerError(e: unknown): TrackerError {
  const err = e as {
    status?: number;
    message?: string;
    response?: { headers?: Record<string, string | undefined> };
    cause?: { message?: string; code?: string };
  };
  if (!err.response) {
    const cause = err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
    return new TrackerError(`GitHub did not answer (${cause})`.slice(0, 300), null, null);
  }
  const status = typeof err.status === 'number' ? err.status : null;
  const message = (err.message ?? 'error').split('\n')[0].slice(0, 200);
  return new TrackerError(
    `GitHub answered ${status ?? '?'}: ${message}`,
    status,
    err.response.headers?.['retry-after'] ?? null,
  );
}
