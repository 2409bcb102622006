import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream, Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export type { Logger } from 'pino';

/** VIGIL_LOG: JSON lines (`info`, the default; `debug`), nothing (`silent`), or coloured lines for a laptop (`pretty`). */
export type LogLevel = 'silent' | 'info' | 'debug' | 'pretty';

/**
 * What never reaches a log line, by path: credentials in request headers and in any logged object. Paths in URLs
 * are cleaned by `loggedUrl` (secrets travel in a few: action links, calendar feeds, heartbeats, wall tokens).
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-vigil-token"]',
  'req.headers["x-twilio-signature"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-grafana-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
];

/** The server's logger: JSON lines with level, time and message, to stdout unless a destination is given (tests). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level: level === 'pretty' ? 'info' : level,
    base: { service: 'vigil' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  if (destination) return pino(options, destination);
  if (level === 'pretty') return pino({ ...options, transport: { target: 'pino-pretty' } });
  return pino(options);
}

/**
 * A query parameter whose value is, or may carry, a credential: dropped from logged URLs. GraphQL over GET puts the
 * document and its variables in the query string (a login's or changePassword's password, a one-time code).
 */
const SECRET_PARAM = /^(token|key|secret|signature|code|sig|password|access_token|query|variables|extensions)$/i;
/** A path segment that is a random secret (action tokens, calendar and heartbeat keys): 20+ URL-safe characters. */
const SECRET_SEGMENT = /^[A-Za-z0-9_-]{20,}(\.[a-z]+)?$/;

/** A request URL as it may be logged: secret query values and secret-looking path segments replaced. */
export function loggedUrl(url: string): string {
  const [pathPart, query] = url.split('?', 2);
  const cleanPath = pathPart
    .split('/')
    .map((segment) => (SECRET_SEGMENT.test(segment) ? '[redacted]' : segment))
    .join('/');
  if (query === undefined) return cleanPath;
  const params = new URLSearchParams(query);
  for (const name of [...params.keys()]) if (SECRET_PARAM.test(name)) params.set(name, '[redacted]');
  return `${cleanPath}?${params.toString().replace(/%5Bredacted%5D/g, '[redacted]')}`;
}

/** A request id from the caller (a proxy's X-Request-Id) when it is a sane token, else a new one. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

interface GraphQLBody {
  operationName?: unknown;
  variables?: Record<string, unknown>;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/** What a GraphQL request was: its operation name, and the incident it concerns when its variables name one. */
function graphqlFields(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  const { operationName, variables } = body as GraphQLBody;
  const fields: Record<string, unknown> = {};
  if (typeof operationName === 'string') fields.operation = operationName;
  const incident =
    variables?.incidentId ??
    (typeof operationName === 'string' && /incident/i.test(operationName) ? variables?.id : undefined);
  if (typeof incident === 'string' || typeof incident === 'number') fields.incidentId = String(incident);
  return fields;
}

/**
 * One JSON access line per request (pino-http): request id (also sent back as X-Request-Id), method, cleaned URL,
 * status, duration, and for GraphQL the operation name and the incident id.
 */
export function accessLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: requestId,
    customProps: (req) => graphqlFields((req as IncomingMessage & { body?: unknown }).body),
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: loggedUrl(req.url),
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
  });
}
