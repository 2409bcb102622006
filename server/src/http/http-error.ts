import express from 'express';
import { DomainError, ErrorCode } from '@vigil/shared';

/** Seconds a client should wait after a 503; alert senders retry 5xx, never 4xx. */
const RETRY_AFTER_SECONDS = 5;

/** Codes of the HTTP routes: the domain's, plus what only HTTP can say. */
export type HttpErrorCode = ErrorCode | 'PAYLOAD_TOO_LARGE' | 'UNAVAILABLE' | 'INTERNAL';

const STATUS: Record<HttpErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** An HTTP answer other than success: its code (which gives the status), what went wrong and the field to blame. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

/**
 * The two shapes an error body takes. `vigil`: `{ error, code, field? }`, every route's. `pagerduty`: PagerDuty's
 * Events API error (`{ status, message, errors }`, plus `code` and `field`), on the endpoints alert and change
 * senders call, so a PagerDuty client reads Vigil's refusals as it reads PagerDuty's.
 */
export type ErrorShape = 'vigil' | 'pagerduty';

const PAGERDUTY_WORD: Partial<Record<number, string>> = {
  400: 'invalid event',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  413: 'too large',
  429: 'throttled',
};

/**
 * What an error becomes over HTTP: an HttpError as it is; a domain error by its code; a request body the parser
 * could not read as 400/413 naming `body`; anything else as `unknown` (500, or 503 where the caller must retry).
 */
export function toHttpError(e: unknown, unknown: 'INTERNAL' | 'UNAVAILABLE' = 'INTERNAL'): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof DomainError) return new HttpError(e.code, e.message, e.field ?? null);
  const parser = e as { type?: string; status?: number };
  if (parser.type === 'entity.too.large')
    return new HttpError('PAYLOAD_TOO_LARGE', 'The body is larger than this endpoint accepts.', 'body');
  if (parser.type === 'entity.parse.failed') return new HttpError('VALIDATION', 'The body is not valid JSON.', 'body');
  if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500)
    return new HttpError('VALIDATION', 'The body could not be read.', 'body');
  return unknown === 'UNAVAILABLE'
    ? new HttpError('UNAVAILABLE', 'Vigil could not handle this right now; retry shortly.')
    : new HttpError('INTERNAL', 'Internal server error');
}

/** Writes the error in the route's shape (503 with Retry-After). Never a stack, never a receiver's text. */
export function sendHttpError(res: express.Response, error: HttpError, shape: ErrorShape = 'vigil'): void {
  if (error.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  const field = error.field ? { field: error.field } : {};
  const body =
    shape === 'pagerduty'
      ? {
          status: PAGERDUTY_WORD[error.status] ?? (error.status >= 500 ? 'unavailable' : 'error'),
          message: error.message,
          errors: [error.message],
          code: error.code,
          ...field,
        }
      : { error: error.message, code: error.code, ...field };
  res.status(error.status).json(body);
}

/**
 * The error boundary of a group of routes: everything a handler throws (or passes to `next`) is answered here in one
 * shape. Failures nobody expected are logged; `unknown` says what they become (ingestion: 503, so the sender retries).
 */
export function errorBoundary(options: {
  shape?: ErrorShape;
  unknown?: 'INTERNAL' | 'UNAVAILABLE';
  log: (e: unknown) => void;
}): express.ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    const error = toHttpError(err, options.unknown);
    // A failure nobody expected is logged; one a route already turned into an answer (a 503 it chose) is not.
    if (error.status >= 500 && !(err instanceof HttpError)) options.log(err);
    sendHttpError(res, error, options.shape);
  };
}

/** An async route handler whose failures reach the error boundary. */
export const route =
  (handler: (req: express.Request, res: express.Response) => Promise<void>): express.RequestHandler =>
  (req, res, next) => {
    handler(req, res).catch(next);
  };
