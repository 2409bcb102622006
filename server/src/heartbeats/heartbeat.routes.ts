import express from 'express';
import { HttpError, errorBoundary, route } from '../http/http-error';
import { HeartbeatService } from './heartbeat.service';

/** `GET|POST /api/heartbeats/:key`: a job saying "still alive". Unknown keys get 404 naming the field. */
export function heartbeatRoutes(heartbeats: HeartbeatService, log: (e: unknown) => void): express.Router {
  const router = express.Router();
  const ping = route(async (req, res) => {
    const key = String(req.params.key ?? '');
    let monitor: Awaited<ReturnType<HeartbeatService['ping']>>;
    try {
      monitor = /^[A-Za-z0-9_-]{20,100}$/.test(key) ? await heartbeats.ping(key) : null;
    } catch (e) {
      // The job pinging us retries a 503; a lost ping must not read as "job dead".
      log(e);
      throw new HttpError('UNAVAILABLE', 'Vigil could not record the ping right now; retry shortly.');
    }
    if (!monitor) throw new HttpError('NOT_FOUND', 'Unknown heartbeat key.', 'key');
    res
      .status(200)
      .json({ ok: true, monitor: monitor.name, status: monitor.status, nextDeadline: monitor.dueAt.toISOString() });
  });
  router.get('/api/heartbeats/:key', ping);
  router.post('/api/heartbeats/:key', ping);
  router.use(errorBoundary({ log }));
  return router;
}
