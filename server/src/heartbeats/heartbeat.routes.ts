import express from 'express';
import { HeartbeatService } from './heartbeat.service';

/** `GET|POST /api/heartbeats/:key`: a job saying "still alive". Unknown keys get 404 naming the field. */
export function heartbeatRoutes(heartbeats: HeartbeatService, log: (e: unknown) => void): express.Router {
  const router = express.Router();
  const ping: express.RequestHandler = async (req, res) => {
    const key = String(req.params.key ?? '');
    try {
      const monitor = /^[A-Za-z0-9_-]{20,100}$/.test(key) ? await heartbeats.ping(key) : null;
      if (!monitor) {
        res.status(404).json({ error: 'Unknown heartbeat key.', field: 'key' });
        return;
      }
      res.status(200).json({ ok: true, monitor: monitor.name, status: monitor.status, nextDeadline: monitor.dueAt.toISOString() });
    } catch (e) {
      log(e);
      res.status(503).json({ error: 'Vigil could not record the ping right now; retry shortly.' });
    }
  };
  router.get('/api/heartbeats/:key', ping);
  router.post('/api/heartbeats/:key', ping);
  return router;
}
