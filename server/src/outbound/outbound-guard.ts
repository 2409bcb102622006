import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import ipaddr from 'ipaddr.js';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { OutboundConfig } from './outbound.config';
import { OutboundReason, classifyOutboundError, statusReason } from './outbound-reason';

/** The operator's VIGIL_OUTBOUND_ALLOW, parsed: address ranges and host names the guard lets through. */
export class OutboundAllowList {
  private readonly ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  private readonly hosts = new Set<string>();

  constructor(readonly entries: readonly string[]) {
    for (const entry of entries) {
      if (entry.includes('/')) this.ranges.push(ipaddr.parseCIDR(entry));
      else if (ipaddr.isValid(entry))
        this.ranges.push([ipaddr.process(entry), ipaddr.process(entry).kind() === 'ipv4' ? 32 : 128]);
      else this.hosts.add(entry);
    }
  }

  /** An address inside an allowed range (an IPv4-mapped IPv6 address counts as its IPv4 address). */
  allowsAddress(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    const addr = ipaddr.process(address);
    return this.ranges.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
  }

  /** A host name the operator allowed by name: whatever it resolves to is reached. */
  allowsHost(hostname: string): boolean {
    return this.hosts.has(hostname.toLowerCase().replace(/\.$/, ''));
  }

  /**
   * Why `url` can never be requested, judged from the text alone (for saving an address): not http(s), or a literal
   * loopback, private, link-local, CGNAT, metadata or otherwise non-public address that is not allowed. A host name
   * passes here; what it resolves to is checked on every request. null: nothing wrong with it.
   */
  literalRefusal(url: string): string | null {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'must be an http:// or https:// URL.';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http:// or https:// URL.';
    if (credentialsOf(parsed) === null)
      return 'has a user name or password that is not valid percent-encoding (write % as %25).';
    const host = bare(parsed.hostname);
    // The same rule as the filtering agent's: anything but a public unicast address is refused unless allowed.
    if (ipaddr.isValid(host) && !this.allowsAddress(host) && ipaddr.parse(host).range() !== 'unicast') {
      return `points at ${host}, a loopback, private, link-local or metadata address the server does not call (the operator may allow it in VIGIL_OUTBOUND_ALLOW).`;
    }
    return null;
  }
}

export interface OutboundRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Text (JSON) or bytes (an encrypted push message). */
  body?: string | Buffer;
  /** The whole request, connecting included; default VIGIL_OUTBOUND_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** What is kept of an answer: its status and a classified reason. Its body is never read. */
export interface OutboundResponse {
  /** A 2xx answer. */
  ok: boolean;
  /** The HTTP status; null when nothing answered. */
  status: number | null;
  /** null when ok; else `http-<status>`, `refused-address`, `timeout`, `dns`, `tls`, … (outbound-reason.ts). */
  reason: OutboundReason | null;
  retryAfter: string | null;
  durationMs: number;
}

/** `[::1]` in a URL is `::1` to the resolver and the address checks. */
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * The one way the server calls an address that came from a user (or the runbook file): contact-method and
 * notification webhooks, Slack, ticket systems, health checks, runbook webhooks. Only http(s); the address actually
 * connected to — after DNS, so a name re-pointed at 127.0.0.1 between check and use is caught — must be public
 * unless VIGIL_OUTBOUND_ALLOW allows it (request-filtering-agent checks it as the socket resolves); redirects are not
 * followed; one deadline covers the whole request; the answer's body is never read, only its status is kept.
 */
export class OutboundGuard {
  readonly allowList: OutboundAllowList;
  private readonly filtering: Record<'http:' | 'https:', http.Agent>;
  private readonly trusted: Record<'http:' | 'https:', http.Agent>;

  constructor(private readonly config: OutboundConfig) {
    this.allowList = new OutboundAllowList(config.allow);
    // request-filtering-agent 2.x (the CommonJS line) matches its allow list with `includes(address)`, exact
    // addresses only: this list answers `includes` for whole CIDR ranges (tested in outbound-guard.test.ts).
    const allowIPAddressList = Object.assign([...config.allow], {
      includes: (address: string) => this.allowList.allowsAddress(address),
    });
    this.filtering = {
      'http:': new RequestFilteringHttpAgent({ allowIPAddressList }),
      'https:': new RequestFilteringHttpsAgent({ allowIPAddressList }),
    };
    this.trusted = { 'http:': new http.Agent(), 'https:': new https.Agent() };
  }

  /** Sends one request through the guard; never throws, never reads the answer's body. */
  send(url: string, request: OutboundRequest = {}): Promise<OutboundResponse> {
    const started = performance.now();
    const answer = (
      status: number | null,
      reason: OutboundReason | null,
      retryAfter: string | null = null,
    ): OutboundResponse => ({
      ok: status !== null && reason === null,
      status,
      reason,
      retryAfter,
      durationMs: Math.round(performance.now() - started),
    });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve(answer(null, 'invalid-url'));
    }
    const protocol = target.protocol;
    if (protocol !== 'http:' && protocol !== 'https:') return Promise.resolve(answer(null, 'refused-scheme'));
    const hostname = bare(target.hostname);
    const agent = (this.allowList.allowsHost(hostname) ? this.trusted : this.filtering)[protocol];
    const client = protocol === 'https:' ? https : http;
    const auth = credentialsOf(target);
    if (auth === null) return Promise.resolve(answer(null, 'invalid-url'));
    return new Promise<OutboundResponse>((resolve) => {
      let settled = false;
      let req: http.ClientRequest | null = null;
      const finish = (r: OutboundResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(r);
      };
      const deadline = setTimeout(() => {
        finish(answer(null, 'timeout'));
        req?.destroy();
      }, request.timeoutMs ?? this.config.timeoutMs);
      try {
        req = client.request(
          {
            protocol,
            hostname,
            port: target.port || undefined,
            path: `${target.pathname}${target.search}`,
            auth,
            agent,
            method: request.method ?? 'GET',
            headers:
              request.body === undefined
                ? request.headers
                : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
          },
          (res) => {
            const status = res.statusCode ?? 0;
            const retryAfter = res.headers['retry-after'] ?? null;
            // The body is never read: nothing of it can be stored or shown.
            res.destroy();
            finish(answer(status, statusReason(status), typeof retryAfter === 'string' ? retryAfter : null));
          },
        );
      } catch (e) {
        // A literal address the agent refuses is refused synchronously, before any socket.
        finish(answer(null, classifyOutboundError(e)));
        return;
      }
      req.on('error', (e) => finish(answer(null, classifyOutboundError(e))));
      req.end(request.body);
    });
  }
}

/** Basic-auth credentials from a URL's user name and password; undefined when none, null when not decodable. */
function credentialsOf(url: URL): string | undefined | null {
  if (!url.username) return undefined;
  try {
    return `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  } catch {
    return null;
  }
}
