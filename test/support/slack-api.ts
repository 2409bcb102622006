import { HttpReceiver, ReceivedRequest, startHttpReceiver } from './receivers';

/** One Web API call as it arrived: the method from the path, the Bearer header, the form fields (JSON ones parsed). */
interface SlackCall {
  method: string;
  authorization: string | undefined;
  contentType: string | undefined;
  args: Record<string, any>;
  raw: ReceivedRequest;
}

type Answer = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };

/**
 * A local HTTP server in Slack's Web API's place (`/api/<method>`), answering like Slack: HTTP 200 with
 * `{ ok: true, … }` or `{ ok: false, error }`. `answer` sets a method's next answers (then it falls back to ok).
 */
export interface SlackApi {
  /** VIGIL_SLACK_API_URL for the server. */
  apiUrl: string;
  receiver: HttpReceiver;
  calls(method?: string): SlackCall[];
  /** Answers the next calls of `method` with these, in order; after them, the default answer. */
  answer(method: string, ...answers: Answer[]): void;
  /** Answers every call of `method` this way until called again with null (after the queued answers). */
  always(method: string, answer: ((args: Record<string, any>) => Answer) | null): void;
  close(): Promise<void>;
}

const parse = (r: ReceivedRequest): Record<string, any> => {
  const args: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(typeof r.body === 'string' ? r.body : '')) {
    try {
      args[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      args[k] = v;
    }
  }
  return args;
};

export async function startSlackApi(
  defaults: Record<string, (args: Record<string, any>) => Answer> = {},
): Promise<SlackApi> {
  const receiver = await startHttpReceiver();
  const queued = new Map<string, Answer[]>();
  const fixed = new Map<string, (args: Record<string, any>) => Answer>();
  const methodOf = (r: ReceivedRequest) => r.path.replace(/^\/api\//, '').split('?')[0];
  const standard: Record<string, (args: Record<string, any>) => Answer> = {
    'chat.postMessage': (a) => ({ body: { ok: true, channel: a.channel, ts: `${Date.now() / 1000}` } }),
    'users.lookupByEmail': () => ({ body: { ok: false, error: 'users_not_found' } }),
    'conversations.create': (a) => ({
      body: { ok: true, channel: { id: 'C0INC0001', name: a.name, is_private: true } },
    }),
    'conversations.invite': (a) => ({ body: { ok: true, channel: { id: a.channel } } }),
    'conversations.list': () => ({ body: { ok: true, channels: [], response_metadata: { next_cursor: '' } } }),
    ...defaults,
  };
  receiver.reply((r) => {
    const method = methodOf(r);
    const answer = fixed.get(method) ?? standard[method];
    const next = queued.get(method)?.shift() ?? answer?.(parse(r)) ?? { body: { ok: false, error: 'unknown_method' } };
    return {
      status: next.status ?? 200,
      headers: { 'content-type': 'application/json', ...next.headers },
      body: JSON.stringify(next.body),
    };
  });
  return {
    apiUrl: `${receiver.url}/api/`,
    receiver,
    calls: (method) =>
      receiver.requests
        .filter((r) => method === undefined || methodOf(r) === method)
        .map((r) => ({
          method: methodOf(r),
          authorization: r.headers.authorization,
          contentType: r.headers['content-type'],
          args: parse(r),
          raw: r,
        })),
    answer: (method, ...answers) => queued.set(method, [...(queued.get(method) ?? []), ...answers]),
    always: (method, answer) => {
      if (answer) fixed.set(method, answer);
      else fixed.delete(method);
    },
    close: () => receiver.close(),
  };
}
