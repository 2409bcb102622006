import http from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** The body's bytes as they arrived (an encrypted push message is not text). */
  raw: Buffer;
  /** When it arrived (wall clock), for ordering only. */
  at: number;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A real HTTP server standing in for Slack, a webhook receiver or a ticket system. Only requests answered 2xx
 * count as delivered (`delivered`); every request, whatever the answer, is in `requests`.
 */
export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  delivered(path?: string): ReceivedRequest[];
  /** Requests that arrived and are not answered yet (a slow reply): deliveries in flight. */
  pending(): ReceivedRequest[];
  /** Decides the answer to each request (default: 200 "ok"); a promise answers when it settles (a slow receiver). */
  reply(fn: ((req: ReceivedRequest) => Reply | Promise<Reply>) | null): void;
  /** Stops listening: the next delivery gets "connection refused". */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a local HTTP receiver on a free port, on 127.0.0.1 unless told another loopback address (127.0.0.2 …). */
export async function startHttpReceiver(host = '127.0.0.1'): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const ok = new WeakSet<ReceivedRequest>();
  const answered = new WeakSet<ReceivedRequest>();
  let replier: ((req: ReceivedRequest) => Reply | Promise<Reply>) | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the raw text: the assertion will show it
      }
      const received: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        raw,
        at: Date.now(),
      };
      requests.push(received);
      const reply = (await replier?.(received)) ?? { status: 200, body: 'ok' };
      // Answered to a sender that may be gone by now: the receiver acted on it all the same (a page went out).
      answered.add(received);
      if (reply.status >= 200 && reply.status < 300) ok.add(received);
      res.writeHead(reply.status, { 'content-type': 'text/plain', connection: 'close', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://${host}:${port}`,
    requests,
    delivered: (path) => requests.filter((r) => ok.has(r) && (path === undefined || r.path === path)),
    pending: () => requests.filter((r) => !answered.has(r)),
    reply: (fn) => {
      replier = fn;
    },
    down: stop,
    up: () => listen(port),
    close: async () => {
      if (server.listening) await stop();
    },
  };
}

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
}

export interface SmtpReceiver {
  /** smtp:// URL for VIGIL_SMTP_URL. */
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server (the smtp-server package) on a free port, keeping every message it accepts. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, subject });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = ((server as unknown as { server: http.Server }).server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
