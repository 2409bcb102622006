import { Router } from 'express';
import { Database } from '../db/data-source';
import { FanoutStatus } from '../pubsub/redis-fanout';

/**
 * /healthz: the process answers. /readyz: the database answers and no migration is pending. Redis is reported by
 * name but does not make a replica unready: without it a replica still takes alerts, pages and serves its own
 * subscribers; only fan-out to the other replicas waits for it.
 */
export function healthRoutes(db: Database, pubsubStatus: () => FanoutStatus | null = () => null): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await db.dataSource.query('SELECT 1');
      const pending = await db.dataSource.showMigrations();
      if (pending) {
        res.status(503).json({ status: 'migrations pending' });
        return;
      }
      const fanout = pubsubStatus();
      res.json({
        status: fanout && fanout.redis !== 'connected' ? 'degraded' : 'ready',
        database: db.kind,
        ...(fanout ? { redis: fanout.redis, failedPublishes: fanout.failedPublishes } : {}),
      });
    } catch {
      res.status(503).set('Retry-After', '5').json({ status: 'database unreachable' });
    }
  });
  return router;
}
