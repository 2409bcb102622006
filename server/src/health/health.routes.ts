import { Router } from 'express';
import { Database } from '../db/data-source';

/** /healthz: the process answers. /readyz: the database answers and no migration is pending. */
export function healthRoutes(db: Database): Router {
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
      res.json({ status: 'ready', database: db.kind });
    } catch {
      res.status(503).set('Retry-After', '5').json({ status: 'database unreachable' });
    }
  });
  return router;
}
