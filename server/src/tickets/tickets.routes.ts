import crypto from 'node:crypto';
import { IncomingMessage } from 'node:http';
import express from 'express';
import { HttpError } from '../http/http-error';
import { TicketService } from './tickets.service';

type RawRequest = IncomingMessage & { rawBody?: Buffer };

/** Remembers deliveries already served (the server's replay guard: Redis with replicas, else memory). */
export interface DeliveryGuard {
  /** True when `key` is new (then remembered for `ttlMs`); false for a replay. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets a claim whose request then failed, so GitHub's redelivery is served. */
  release(key: string): Promise<void>;
}

/**
 * GitHub signs the body only (not X-GitHub-Delivery), so a captured delivery could be sent again as it is: a
 * signature is served once a day. The body carries the issue's updated_at, so GitHub's own events never collide.
 */
const REPLAY_WINDOW_MS = 24 * 60 * 60_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** GitHub signs the raw body: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 with the webhook's secret>`. */
function verifyHubSignature(secret: string, header: unknown, body: Buffer): void {
  const hex = typeof header === 'string' ? /^sha256=([0-9a-fA-F]{64})$/.exec(header)?.[1] : undefined;
  if (!hex) throw new HttpError('UNAUTHENTICATED', 'A valid X-Hub-Signature-256 header is required.', 'signature');
  const expected = crypto.createHmac('sha256', secret).update(body).digest();
  if (!crypto.timingSafeEqual(expected, Buffer.from(hex, 'hex')))
    throw new HttpError('UNAUTHENTICATED', 'The X-Hub-Signature-256 signature does not match.', 'signature');
}

/**
 * `POST /api/tickets/github`: GitHub's `issues` webhook. Off (404) until VIGIL_GITHUB_ISSUES_WEBHOOK_SECRET is set;
 * an unsigned or wrongly signed delivery is 401 and changes nothing.
 */
export function ticketRoutes(tickets: TicketService, secret: string | null, guard: DeliveryGuard): express.Router {
  const router = express.Router();
  const json = express.json({
    limit: '1mb',
    type: () => true,
    verify: (req, _res, buf) => {
      (req as RawRequest).rawBody = buf;
    },
  });
  router.post('/api/tickets/github', (_req, _res, next) => {
    if (!secret)
      throw new HttpError('NOT_FOUND', 'GitHub issue webhooks are off: set VIGIL_GITHUB_ISSUES_WEBHOOK_SECRET.');
    next();
  });
  router.post('/api/tickets/github', json, async (req, res) => {
    verifyHubSignature(
      secret!,
      req.headers['x-hub-signature-256'],
      (req as unknown as RawRequest).rawBody ?? Buffer.alloc(0),
    );
    const event = req.headers['x-github-event'];
    if (event === 'ping') return void res.json({ ok: true });
    if (event !== 'issues') return void res.status(202).json({ ok: true, ignored: `event ${String(event)}` });
    const body: unknown = req.body;
    const issue = isObject(body) && isObject(body.issue) ? body.issue : null;
    const repository = isObject(body) && isObject(body.repository) ? body.repository.full_name : null;
    if (
      !isObject(body) ||
      typeof body.action !== 'string' ||
      !issue ||
      typeof issue.number !== 'number' ||
      typeof repository !== 'string'
    )
      throw new HttpError('VALIDATION', 'An issues event needs action, issue.number and repository.full_name.', 'body');
    const assignee = isObject(body.assignee) && typeof body.assignee.login === 'string' ? body.assignee.login : null;
    const key = `tickets:github:${String(req.headers['x-hub-signature-256']).toLowerCase()}`;
    if (!(await guard.claim(key, REPLAY_WINDOW_MS))) return void res.json({ ok: true, result: 'REPLAYED' });
    try {
      const result = await tickets.fromGitHub({
        action: body.action,
        repository,
        number: issue.number,
        stateReason: typeof issue.state_reason === 'string' ? issue.state_reason : null,
        assignee,
      });
      res.json({ ok: true, result });
    } catch (e) {
      await guard.release(key);
      throw e;
    }
  });
  return router;
}
