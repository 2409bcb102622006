import path from 'node:path';
import { Page } from 'playwright-core';
import { Clock } from '@vigil/shared';
import { loadConfig } from '../../server/src/config';
import { TestDatabase, createTestDatabase } from '../support/databases';
import { freePort } from '../support/processes';
import { TestServer, startTestServer } from '../support/server';

export const WEB_DIST = path.resolve(__dirname, '../../web/dist');

/**
 * A server for a browser: the web build, a fixed port (so a test can restart it in place) and that port's origin
 * allowed on the WebSocket. The database outlives restarts; `drop()` ends both.
 */
export class BrowserServer {
  server!: TestServer;
  private constructor(
    readonly db: TestDatabase,
    readonly port: number,
    private readonly allowedOrigins: string[],
    private readonly clock?: Clock,
    private readonly demo = false,
  ) {}

  /**
   * `allowedOrigins`: other origins the browser may come from (a proxy in front of the server); `clock`: the server's
   * time, when a test drives it; `demo`: demo mode (`--demo`), without the seed.
   */
  static async start(
    options: { allowedOrigins?: string[]; clock?: Clock; demo?: boolean } = {},
  ): Promise<BrowserServer> {
    const b = new BrowserServer(
      await createTestDatabase('sqlite'),
      await freePort(),
      options.allowedOrigins ?? [],
      options.clock,
      options.demo,
    );
    await b.restart();
    return b;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The bootstrap admin token: the browser pages use it in the URL, as a wall screen would. */
  get token(): string {
    return this.db.adminToken;
  }

  /** Starts (again) on the same port and database. */
  async restart(): Promise<void> {
    // As in production, the browser's session and anonymous pages may run only the web app's trusted documents: every
    // browser test also checks that the web app sends nothing else. (Tests' own requests use the admin's token.)
    const { auth, graphql } = loadConfig({
      PORT: String(this.port),
      VIGIL_BOOTSTRAP_TOKEN: this.db.adminToken,
      VIGIL_PUBLIC_URL: this.url,
      VIGIL_ALLOWED_ORIGINS: this.allowedOrigins.join(','),
      VIGIL_LOG: 'silent',
      VIGIL_TRUSTED_DOCUMENTS: 'require',
    });
    this.server = await startTestServer('sqlite', {
      clock: this.clock,
      database: this.db,
      config: { port: this.port, webDist: WEB_DIST, publicUrl: this.url, auth, graphql, demo: this.demo },
    });
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  async drop(): Promise<void> {
    await this.stop();
    await this.db.drop();
  }
}

/** Polls a test id's text until it matches (Playwright's expect is not available with playwright-core alone). */
export async function expectText(page: Page, testId: string, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const locator = page.getByTestId(testId).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = (await locator.textContent({ timeout: timeoutMs }).catch(() => '')) ?? '';
    if (pattern.test(text)) return;
    if (Date.now() > deadline) throw new Error(`expected ${testId} to match ${pattern}, saw "${text}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
