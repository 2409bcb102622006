import crypto from 'node:crypto';
import { RequestHandler, Router } from 'express';
import { HttpError, route } from '../http/http-error';
import { VigilMetrics } from './metrics';

const digest = (text: string) => crypto.createHash('sha256').update(text).digest();

/**
 * `GET /metrics` for Prometheus, with `Authorization: Bearer <VIGIL_METRICS_TOKEN>`. Without a configured token the
 * path does not exist (404): metrics are never open to anyone by default. A missing or wrong token is 401.
 */
export function metricsRoutes(metrics: VigilMetrics, token: string | null, log: (e: unknown) => void): Router {
  const router = Router();
  const expected = token === null ? null : digest(token);
  router.get(
    '/metrics',
    route(async (req, res) => {
      if (expected === null) throw new HttpError('NOT_FOUND', `Not found: ${req.method} ${req.path}`);
      const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1];
      // Compared as hashes: equal lengths for timingSafeEqual, and nothing about the token's length leaks.
      if (given === undefined || !crypto.timingSafeEqual(digest(given), expected)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="vigil-metrics"');
        throw new HttpError('UNAUTHENTICATED', 'Send the metrics token as "Authorization: Bearer <token>".');
      }
      let text: string;
      try {
        text = await metrics.scrape();
      } catch (e) {
        log(e);
        throw new HttpError('UNAVAILABLE', 'The metrics could not be read right now; retry shortly.');
      }
      res.setHeader('Cache-Control', 'no-store');
      res.type(metrics.contentType).send(text);
    }),
  );
  return router;
}

/** Counts every 503 this server answers (shed load, draining, a database outage), by route group. */
export function countUnavailable(metrics: Pick<VigilMetrics, 'shed'>): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    res.once('finish', () => {
      if (res.statusCode === 503) metrics.shed(path);
    });
    next();
  };
}
