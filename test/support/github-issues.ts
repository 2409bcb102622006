import { HttpReceiver, ReceivedRequest, startHttpReceiver } from './receivers';

interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  state_reason: string | null;
}

/**
 * The few GitHub REST endpoints tickets use, on a real local HTTP server: create an issue, list a repository's
 * issues, update one. It checks the token on every request (401 otherwise) and keeps the issues it holds, so a test
 * can tell one ticket from two. `mode` makes it fail as a tracker would: refuse everything (a missing repository),
 * or create the issue and then answer 502 (an answer lost on the way back).
 */
export interface FakeGitHub {
  url: string;
  receiver: HttpReceiver;
  issues: Map<string, FakeIssue[]>;
  mode: 'ok' | 'refuse' | 'lose-answer';
  /** Requests by method and path without the query, e.g. `POST /repos/acme/payments/issues`. */
  calls(): string[];
  close(): Promise<void>;
}

export async function startFakeGitHub(token: string): Promise<FakeGitHub> {
  const receiver = await startHttpReceiver();
  const issues = new Map<string, FakeIssue[]>();
  const fake: FakeGitHub = {
    url: receiver.url,
    receiver,
    issues,
    mode: 'ok',
    calls: () => receiver.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`),
    close: () => receiver.close(),
  };
  const json = (status: number, body: unknown) => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const view = (repo: string, i: FakeIssue) => ({
    ...i,
    labels: i.labels.map((name) => ({ name })),
    html_url: `https://github.example/${repo}/issues/${i.number}`,
  });
  receiver.reply((r: ReceivedRequest) => {
    if (r.headers.authorization !== `token ${token}`) return json(401, { message: 'Bad credentials' });
    if (fake.mode === 'refuse') return json(404, { message: 'Not Found' });
    const [path, query] = r.path.split('?');
    const m = /^\/repos\/([^/]+\/[^/]+)\/issues(?:\/(\d+))?$/.exec(path);
    if (!m) return json(404, { message: 'Not Found' });
    const repo = m[1];
    const list = issues.get(repo) ?? [];
    issues.set(repo, list);
    if (r.method === 'POST' && !m[2]) {
      const issue: FakeIssue = {
        number: list.length + 1,
        title: r.body.title,
        body: r.body.body,
        labels: r.body.labels,
        state: 'open',
        state_reason: null,
      };
      list.push(issue);
      if (fake.mode === 'lose-answer') return json(502, { message: 'Bad gateway' });
      return json(201, view(repo, issue));
    }
    if (r.method === 'GET' && !m[2]) {
      const params = new URLSearchParams(query);
      const label = params.get('labels');
      const found = list.filter((i) => !label || i.labels.includes(label)).reverse();
      return json(
        200,
        found.map((i) => view(repo, i)),
      );
    }
    const issue = list.find((i) => i.number === Number(m[2]));
    if (r.method === 'PATCH' && issue) {
      // Like GitHub, a field left out stays as it is.
      if (r.body.state !== undefined) {
        issue.state = r.body.state;
        issue.state_reason = r.body.state_reason ?? null;
      }
      if (r.body.title !== undefined) issue.title = r.body.title;
      if (r.body.body !== undefined) issue.body = r.body.body;
      return json(200, view(repo, issue));
    }
    return json(404, { message: 'Not Found' });
  });
  return fake;
}
