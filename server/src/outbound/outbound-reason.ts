/**
 * Why an outbound request did not succeed, in a word: all that is ever recorded or shown of it. Never the answer's
 * body (it is not even read), never the library's error text (it names resolved addresses).
 */
export type OutboundReason =
  | 'invalid-url'
  | 'refused-scheme'
  | 'refused-address'
  | 'dns'
  | 'timeout'
  | 'tls'
  | 'connection-refused'
  | 'connection-reset'
  | 'unreachable'
  | 'bad-response'
  | 'network'
  | `http-${number}`;

/** Reasons that trying again cannot change: recorded once, never retried. */
export const PERMANENT_REASONS: ReadonlySet<string> = new Set(['invalid-url', 'refused-scheme', 'refused-address']);

/** The filtering agent's refusal (request-filtering-agent 2.x words it "… is not allowed. Because …"). */
class RefusedAddress extends Error {}

const CODES: Array<[RegExp, OutboundReason]> = [
  [/^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NODATA|EAI_NONAME|EAI_ADDRFAMILY)$/, 'dns'],
  [/^(ETIMEDOUT|ESOCKETTIMEDOUT|ABORT_ERR|UND_ERR_CONNECT_TIMEOUT)$/, 'timeout'],
  [/^ECONNREFUSED$/, 'connection-refused'],
  [/^(ECONNRESET|EPIPE|ECONNABORTED)$/, 'connection-reset'],
  [/^(EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN|EADDRNOTAVAIL)$/, 'unreachable'],
  [
    /^(CERT_|ERR_TLS_|ERR_SSL_|ERR_OSSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|EPROTO)/,
    'tls',
  ],
  [/^HPE_/, 'bad-response'],
];

/** Classifies what a request threw: by the error's class or Node's error code, never by echoing its message. */
export function classifyOutboundError(e: unknown): OutboundReason {
  if (e instanceof RefusedAddress) return 'refused-address';
  const err = e as { name?: string; code?: string; message?: string } | null;
  if (err?.name === 'TimeoutError') return 'timeout';
  if (typeof err?.message === 'string' && / is not allowed\. Because/.test(err.message)) return 'refused-address';
  const code = typeof err?.code === 'string' ? err.code : '';
  for (const [pattern, reason] of CODES) if (pattern.test(code)) return reason;
  return 'network';
}

/** The reason for an answer that is not a success: its status, e.g. `http-500`; a redirect is not followed (`http-302`). */
export function statusReason(status: number): OutboundReason | null {
  return status >= 200 && status < 300 ? null : `http-${status}`;
}
