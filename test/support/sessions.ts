import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { trustedDocument } from './trusted';

/** What a browser would keep from a response: the session cookie it sets, or that it clears it. */
export interface SessionCookieChange {
  /** `vigil_session=<secret>` to send back, or null when the response cleared the cookie. */
  cookie: string | null;
  cleared: boolean;
}

/** Reads the response's Set-Cookie for the session cookie: set, cleared, or untouched (undefined). */
export function sessionCookieChange(res: Response): SessionCookieChange | undefined {
  const mine = res.headers.getSetCookie().filter((c) => c.startsWith('vigil_session='));
  if (mine.length === 0) return undefined;
  // A browser applies them in order: the last one wins.
  const last = mine[mine.length - 1];
  const pair = last.split(';')[0];
  const cleared = pair === 'vigil_session=' || /expires=Thu, 01 Jan 1970/i.test(last);
  return { cookie: cleared ? null : pair, cleared };
}

export interface RawResult {
  res: Response;
  status: number;
  data?: Record<string, any>;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/** A GraphQL request with exactly these headers (no admin token added): for cookie-only callers. */
export async function raw(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<RawResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: RawResult['errors'] };
  return { res, status: res.status, data: body.data, errors: body.errors };
}

/**
 * Signs in over HTTP and returns the cookie to send back (throws when sign-in fails). With the web app's Login
 * document, as a browser does: it works where anonymous callers may run only trusted documents (production).
 */
export async function signIn(
  url: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const r = await raw(url, trustedDocument('Login').text, { email, password }, headers);
  const cookie = sessionCookieChange(r.res)?.cookie;
  if (r.errors || !cookie) throw new Error(`sign-in failed: ${r.status} ${JSON.stringify(r.errors)}`);
  return cookie;
}

/** A graphql-ws client that connects as a browser would: the session cookie on the upgrade request, no token. */
export function cookieWsClient(wsUrl: string, cookie: string): Client {
  class CookieSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  // The socket being closed by a revocation is what the tests wait for, not an error to print.
  return createClient({
    url: wsUrl,
    webSocketImpl: CookieSocket,
    connectionParams: {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
}

/** Resolves with the close code once the client's socket closes. */
export function closeCode(client: Client): Promise<number> {
  return new Promise((resolve) => client.on('closed', (e) => resolve((e as { code: number }).code)));
}

/** Resolves once the client's socket is open and acknowledged. */
export function connected(client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('closed', (e) => reject(new Error(`closed before connecting: ${(e as { code: number }).code}`)));
  });
}
