import http from 'node:http';
import net from 'node:net';
import { testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer, userWithToken } from '../support/server';
import { DEFAULT_STATUS_PAGE_CONFIG } from '../../server/src/statuspage/statuspage.config';

jest.setTimeout(60_000);

/** A live stream opened from a given client address (127.0.0.x locally, or IPv6 named by the loopback proxy). */
interface Stream {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  close(): void;
  /** Resolves once the body contains `text`. */
  until(text: string | RegExp): Promise<void>;
}

function openStream(url: string, from = '127.0.0.1'): Promise<Stream> {
  return new Promise((resolve, reject) => {
    // An IPv6 client comes through the (loopback) proxy that names it; 127.0.0.x clients connect themselves.
    const via = from.includes(':')
      ? { localAddress: '127.0.0.1', headers: { 'x-forwarded-for': from } }
      : { localAddress: from };
    const req = http.get(`${url}/api/status/stream`, { ...via, agent: false }, (res) => {
      const waiting: Array<{ text: string | RegExp; done: () => void }> = [];
      const stream: Stream = {
        status: res.statusCode ?? 0,
        body: '',
        headers: res.headers,
        close: () => req.destroy(),
        until: (text) =>
          new Promise((done) => {
            waiting.push({ text, done });
            check();
          }),
      };
      const check = () => {
        for (const w of [...waiting]) {
          if (typeof w.text === 'string' ? stream.body.includes(w.text) : w.text.test(stream.body)) {
            waiting.splice(waiting.indexOf(w), 1);
            w.done();
          }
        }
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        stream.body += chunk;
        check();
      });
      res.on('error', () => undefined);
      // A refusal is a whole JSON answer; a stream has sent its headers.
      if (res.statusCode !== 200) res.on('end', () => resolve(stream));
      else resolve(stream);
    });
    req.on('error', reject);
  });
}

/** Polls a condition on the server's own state (the thing itself), not a clock. */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(testDatabaseKinds())('the status page served from a snapshot on %s', (kind) => {
  let server: TestServer;
  let ana: Record<string, string>;
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(server.graphqlUrl, query, variables, ana);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const declare = async (severity: string, services: string[]) =>
    (
      await ok(
        `mutation($s: Severity!, $v: [String!]) { declareIncident(input: { title: "SECRET internal title", severity: $s, services: $v }) { id } }`,
        { s: severity, v: services },
      )
    ).declareIncident.id as string;
  const publicUpdate = (id: string, message: string) =>
    ok(
      `mutation($id: ID!, $m: String!) { postStatusUpdate(id: $id, input: { publicStatus: INVESTIGATING, publicMessage: $m }) { id } }`,
      { id, m: message },
    );
  const builds = () => server.app.statusPage.snapshots.stats().builds;

  beforeAll(async () => {
    // The defaults (a rebuild at most once a second, 10 streams per address), a small process cap and active list.
    server = await startTestServer(kind, {
      config: {
        statusPage: { ...DEFAULT_STATUS_PAGE_CONFIG, streamsMax: 12, maxActiveIncidents: 2, autoPublishUpTo: 'P3' },
        // Behind a proxy on loopback: a stream may say which (IPv6) client it is for.
        auth: { trustProxy: 'loopback' },
      },
    });
    ana = (await userWithToken(server, 'Ana', 'RESPONDER')).headers;
    expect(
      (
        await gql(
          server.graphqlUrl,
          `mutation { a: createService(input: { name: "checkout" }) { id } b: createService(input: { name: "search" }) { id } }`,
        )
      ).errors,
    ).toBeUndefined();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('200 anonymous requests in a burst cause at most a handful of rebuilds, also while incidents change', async () => {
    const id = await declare('P1', ['checkout']);
    await publicUpdate(id, 'Checkout is slow for some customers.');
    const paths = ['/api/status.json', '/status/feed.atom'];
    // The same burst at the health check first: what 200 requests cost this machine without any status page work.
    const h0 = Date.now();
    await Promise.all(Array.from({ length: 200 }, () => fetch(`${server.url}/healthz`).then((r) => r.text())));
    const healthMs = Date.now() - h0;
    const before = builds();
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${server.url}${paths[i % 2]}`).then(async (r) => ({ status: r.status, text: await r.text() })),
      ),
    );
    const quiet = builds() - before;
    const quietMs = Date.now() - started;
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(
      answers.filter((_a, i) => i % 2 === 0).every((a) => a.text.includes('Checkout is slow for some customers.')),
    ).toBe(true);
    expect(quiet).toBeLessThanOrEqual(2);

    // The same burst with public changes landing in the middle of it: at most one build a second, plus the first.
    const middle = builds();
    const t0 = Date.now();
    const changes = (async () => {
      for (let i = 0; i < 5; i++) await publicUpdate(id, `Update ${i}`);
    })();
    const busy = await Promise.all(
      Array.from({ length: 200 }, (_, i) => fetch(`${server.url}${paths[i % 2]}`).then((r) => r.status)),
    );
    await changes;
    // Read after the last change: it is on the page (a change is never hidden behind the cache).
    expect(await (await fetch(`${server.url}/api/status.json`)).text()).toContain('Update 4');
    const seconds = (Date.now() - t0) / 1000;
    const loaded = builds() - middle;
    expect(busy.every((s) => s === 200)).toBe(true);
    expect(loaded).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    console.log(
      `status snapshot on ${kind}: 200 requests → ${quiet} rebuild(s) in ${quietMs} ms quiet (200 × /healthz: ${healthMs} ms); 200 requests + 5 changes → ${loaded} rebuild(s) in ${seconds.toFixed(1)} s`,
    );
  });

  it('answers with an ETag and Cache-Control; If-None-Match is a 304 until the page changes', async () => {
    for (const path of ['/api/status.json', '/status/feed.atom']) {
      const first = await fetch(`${server.url}${path}`);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^W\/"[a-z]+-[A-Za-z0-9_-]{22}"$/);
      expect(first.headers.get('cache-control')).toBe('public, max-age=1, stale-if-error=86400');
      const again = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
    }
    const json = await fetch(`${server.url}/api/status.json`);
    const etag = json.headers.get('etag')!;
    // A rebuild that finds the same content keeps the ETag (the generation time is not part of it).
    const rebuilt = builds();
    server.app.statusPage.changed();
    expect((await fetch(`${server.url}/api/status.json`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect(builds()).toBe(rebuilt + 1);
    const id = await declare('P0', ['search']);
    const changed = await fetch(`${server.url}/api/status.json`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await changed.json()).activeIncidents.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('lists at most the configured number of active incidents, worst first; components count them all', async () => {
    const p3 = await declare('P3', []);
    const page = await (await fetch(`${server.url}/api/status.json`)).json();
    expect(page.activeIncidentCount).toBeGreaterThanOrEqual(3);
    expect(page.activeIncidents).toHaveLength(2);
    expect(page.activeIncidents.map((i: { impact: string }) => i.impact)).toEqual(['MAJOR_OUTAGE', 'PARTIAL_OUTAGE']);
    expect(page.activeIncidents.map((i: { id: string }) => i.id)).not.toContain(p3);
    expect(page.components).toEqual([
      { name: 'checkout', state: 'PARTIAL_OUTAGE' },
      { name: 'search', state: 'MAJOR_OUTAGE' },
    ]);
  });

  it('caps live streams per address (429) and per process (503); another address still gets in', async () => {
    const mine = await Promise.all(Array.from({ length: 10 }, () => openStream(server.url, '127.0.0.1')));
    expect(mine.map((s) => s.status)).toEqual(Array(10).fill(200));
    const refused = await openStream(server.url, '127.0.0.1');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    expect(JSON.parse(refused.body)).toEqual({
      code: 'RATE_LIMITED',
      error: expect.stringContaining('At most 10 live streams per address'),
    });
    const other = await openStream(server.url, '127.0.0.2');
    expect(other.status).toBe(200);
    await other.until('event: status');
    // The process's cap (12 in this test): a third address is refused with 503 and Retry-After.
    const third = await openStream(server.url, '127.0.0.3');
    expect(third.status).toBe(200);
    const full = await openStream(server.url, '127.0.0.4');
    expect(full.status).toBe(503);
    expect(full.headers['retry-after']).toBeDefined();
    // Closing one frees its address's slot.
    mine[0].close();
    await until(() => server.app.statusPage.stream.stats().listeners === 11, 'the closed stream to be noticed');
    const back = await openStream(server.url, '127.0.0.1');
    expect(back.status).toBe(200);
    expect(server.app.statusPage.stream.stats()).toMatchObject({ listeners: 12, refusedPerAddress: 1, refusedFull: 1 });
    for (const s of [...mine.slice(1), other, third, back]) s.close();
    await until(() => server.app.statusPage.stream.stats().listeners === 0, 'every stream to close');
  });

  it('counts an IPv6 caller by its /64: rotating through its addresses gets no more streams', async () => {
    const mine = await Promise.all(
      Array.from({ length: 10 }, (_, i) => openStream(server.url, `2001:db8:5:5::${(i + 1).toString(16)}`)),
    );
    expect(mine.map((s) => s.status)).toEqual(Array(10).fill(200));
    const sameNetwork = await openStream(server.url, '2001:db8:5:5:ffff::1');
    expect(sameNetwork.status).toBe(429);
    const elsewhere = await openStream(server.url, '2001:db8:5:6::1');
    expect(elsewhere.status).toBe(200);
    for (const s of [...mine, elsewhere]) s.close();
    await until(() => server.app.statusPage.stream.stats().listeners === 0, 'every stream to close');
  });

  it('a reconnecting listener whose Last-Event-ID is current gets only what changes next; a stale one gets the page', async () => {
    const first = await openStream(server.url);
    await first.until(/event: status\nid: (\S+)\n/);
    const version = /event: status\nid: (\S+)\n/.exec(first.body)![1];
    first.close();
    const reconnect = (lastEventId: string) =>
      new Promise<{ body: string; close(): void }>((resolve, reject) => {
        const req = http.get(
          `${server.url}/api/status/stream`,
          { headers: { 'last-event-id': lastEventId }, agent: false },
          (res) => {
            const stream = { body: '', close: () => void req.destroy() };
            res.setEncoding('utf8');
            res.on('data', (c: string) => {
              stream.body += c;
            });
            resolve(stream);
          },
        );
        req.on('error', reject);
      });
    const stale = await reconnect('some-older-version');
    const current = await reconnect(version);
    await until(() => server.app.statusPage.stream.stats().listeners === 2, 'both streams');
    const id = await declare('P0', ['checkout']);
    await until(() => current.body.includes('event: change'), 'the change');
    // The change is the first and only thing the current listener got: no page again.
    expect(current.body.startsWith('event: change\n')).toBe(true);
    expect(JSON.parse(current.body.split('data: ')[1]).from).toBe(version);
    expect(current.body).toContain(`"id":"${id}"`);
    await until(() => stale.body.includes(`"id":"${id}"`), 'the stale listener to hear of it');
    expect(stale.body.startsWith('event: status\n')).toBe(true);
    stale.close();
    current.close();
  });
});

describe.each(testDatabaseKinds())('a slow live listener on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    // Builds every 20 ms so a test can make many changes quickly; a 64 KiB unread limit.
    server = await startTestServer(kind, {
      config: { statusPage: { ...DEFAULT_STATUS_PAGE_CONFIG, rebuildMs: 20, streamBufferBytes: 64 * 1024 } },
    });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('is disconnected once it leaves more than its buffer unread; the others keep receiving', async () => {
    const ana = (await userWithToken(server, 'Ana', 'RESPONDER')).headers;
    const id = (
      await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "x", severity: P1 }) { id } }`, {}, ana)
    ).data!.declareIncident.id;
    // A client that sends its request and never reads a byte of the answer.
    const slow = net.connect({ host: '127.0.0.1', port: server.port, localAddress: '127.0.0.9' });
    slow.pause();
    let slowClosed = false;
    slow.on('close', () => {
      slowClosed = true;
    });
    slow.on('error', () => undefined);
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.write(`GET /api/status/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    const good = await openStream(server.url, '127.0.0.8');
    await good.until('event: status');
    await until(() => server.app.statusPage.stream.stats().listeners === 2, 'both listeners');

    const long = 'The payment provider is answering slowly; card payments may take longer than usual. '.repeat(100);
    let updates = 0;
    const stats = () => server.app.statusPage.stream.stats();
    while (stats().dropped === 0) {
      if (updates >= 200) throw new Error(`the slow listener was never dropped: ${JSON.stringify(stats())}`);
      const marker = `#${updates} `;
      const res = await gql(
        server.graphqlUrl,
        `mutation($id: ID!, $m: String!) { postStatusUpdate(id: $id, input: { publicStatus: INVESTIGATING, publicMessage: $m }) { id } }`,
        { id, m: marker + long },
        ana,
      );
      expect(res.errors).toBeUndefined();
      updates++;
      // The reading listener gets each change.
      await good.until(marker);
    }
    expect(stats()).toMatchObject({ listeners: 1, dropped: 1 });
    // The one that reads keeps hearing of changes after the drop.
    await gql(
      server.graphqlUrl,
      `mutation($id: ID!) { postStatusUpdate(id: $id, input: { publicStatus: INVESTIGATING, publicMessage: "after the drop" }) { id } }`,
      { id },
      ana,
    );
    await good.until('after the drop');
    // The slow client, reading at last, finds the stream ended: what it gets is bounded, not everything since.
    let received = 0;
    slow.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    slow.resume();
    await until(() => slowClosed, 'the slow socket to end');
    expect(good.body.length).toBeGreaterThan(received);
    console.log(
      `slow listener on ${kind}: dropped after ${updates} updates; it had received ${(received / 1024).toFixed(0)} KiB of the ${(good.body.length / 1024).toFixed(0)} KiB a reading listener got`,
    );
    good.close();
  });
});
