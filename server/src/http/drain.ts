import { RequestHandler } from 'express';
import { HttpError, sendHttpError } from './http-error';

/**
 * Shutting down: requests already running finish; new ones (keep-alive connections, a balancer that has not noticed
 * yet) are told to go elsewhere, all but the health check. Alert senders retry a 503 with Retry-After; nothing is
 * half-taken.
 */
export function drainGate(): { handler: RequestHandler; drain(): void } {
  let draining = false;
  return {
    handler: (req, res, next) => {
      if (!draining || req.path === '/healthz') return next();
      res.set('Connection', 'close');
      sendHttpError(
        res,
        new HttpError('UNAVAILABLE', 'This replica is shutting down: retry (another replica will answer).'),
      );
    },
    drain: () => {
      draining = true;
    },
  };
}
