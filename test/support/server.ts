import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Clock } from '@vigil/shared';
import { Config, loadConfig } from '../../server/src/config';
import { RunningServer, startServer } from '../../server/src/server';
import { TestDatabase, TestDbKind, createTestDatabase } from './databases';

export interface TestServer extends RunningServer {
  db: TestDatabase;
  /** Stops the server and drops its database. */
  dispose(): Promise<void>;
}

/** A real Vigil server on a free port over a fresh database. One per test file; always dispose it. */
export async function startTestServer(kind: TestDbKind, options: { redisUrl?: string | null; clock?: Clock; config?: Partial<Config> } = {}): Promise<TestServer> {
  const db = await createTestDatabase(kind);
  const config: Config = {
    ...loadConfig({ PORT: '0', VIGIL_LOG: 'silent', VIGIL_WEB_DIST: 'none' }),
    host: '127.0.0.1',
    databaseUrl: db.databaseUrl,
    sqlitePath: db.sqlitePath,
    redisUrl: options.redisUrl ?? null,
    ...options.config,
  };
  const server = await startServer(config, { clock: options.clock, log: () => undefined });
  return {
    ...server,
    db,
    async dispose() {
      await server.stop();
      await db.drop();
    },
  };
}

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/** A GraphQL request over real HTTP. */
export async function gql<T = Record<string, any>>(
  url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {},
): Promise<GqlResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GqlResult['errors'] };
  return { status: res.status, data: body.data, errors: body.errors };
}

/** A graphql-ws client over a real WebSocket. */
export function wsClient(wsUrl: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false });
}

/** Subscribes and collects every payload; `next(n)` waits until n have arrived (or fails after a timeout). */
export function collect<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const items: T[] = [];
  const errors: unknown[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = client.subscribe<T>({ query, variables }, {
    next: (v) => {
      if (v.errors) errors.push(v.errors);
      if (v.data) items.push(v.data as T);
      wake?.();
    },
    error: (e) => {
      errors.push(e);
      wake?.();
    },
    complete: () => undefined,
  });
  return {
    items,
    errors,
    unsubscribe,
    async next(count: number, timeoutMs = 5000): Promise<T[]> {
      const deadline = Date.now() + timeoutMs;
      while (items.length < count) {
        if (errors.length) throw new Error(`subscription error: ${JSON.stringify(errors)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${count} events, got ${items.length}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, Math.min(left, 200));
        });
      }
      return items.slice(0, count);
    },
  };
}

/** graphql-ws has no "subscribed" acknowledgement: give the server a moment to register before publishing. */
export async function settle(ms = 150): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
