import express from 'express';
import { DomainError, actionLinkVerb } from '@vigil/shared';
import { cspNonce } from '../http/security-headers';
import { ChannelActions } from './channel-actions';
import { EmailActionService, LinkError, LinkProblem } from './email-action.service';
import { escapeHtml } from '../http/html';

const STATUS: Record<LinkProblem, number> = { MALFORMED: 400, TAMPERED: 403, EXPIRED: 410, USED: 409 };
const DOMAIN_STATUS: Record<string, number> = {
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  VALIDATION: 400,
};

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}button{font-size:1.2rem;padding:.6rem 1.4rem}';

function page(res: express.Response, status: number, title: string, body: string): void {
  // The Content-Security-Policy refuses style attributes; a <style> element with this response's nonce is allowed.
  const nonce = cspNonce(res);
  res
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex',
    })
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(title)} · Vigil</title><style${nonce ? ` nonce="${nonce}"` : ''}>${STYLE}</style></head><body>` +
        `<h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}

/** The service worker of a push notification asks for JSON; a person's browser following an email link gets HTML. */
const wantsJson = (req: express.Request) => req.accepts(['html', 'json']) === 'json';

/**
 * `GET /api/actions/:token` only shows what the link would do (mail scanners follow links; nothing may happen on a
 * GET); the page's single button POSTs to the same address, which performs the action once.
 */
export function emailActionRoutes(
  service: EmailActionService,
  actions: ChannelActions,
  incidentUrl: (id: number) => string,
  log: (e: unknown) => void,
): express.Router {
  const router = express.Router();
  const fail = (req: express.Request, res: express.Response, e: unknown) => {
    const answer = (status: number, title: string, message: string) =>
      wantsJson(req)
        ? res.status(status).set('cache-control', 'no-store').json({ done: false, title, message })
        : page(res, status, title, `<p>${escapeHtml(message)}</p>`);
    if (e instanceof LinkError) return answer(STATUS[e.problem], 'This link cannot be used', e.message);
    if (e instanceof DomainError) return answer(DOMAIN_STATUS[e.code] ?? 400, 'Nothing was done', e.message);
    log(e);
    return answer(503, 'Nothing was done', 'Vigil could not do this right now; try again in a moment.');
  };

  router.get('/api/actions/:token', async (req, res) => {
    try {
      const { claims, user, incident } = await service.verify(String(req.params.token));
      const verb = actionLinkVerb(claims.action);
      page(
        res,
        200,
        `${verb} incident #${incident.id}?`,
        `<p><strong>[${escapeHtml(incident.severity)}] ${escapeHtml(incident.title)}</strong> — ${escapeHtml(incident.status)}</p>` +
          `<p>You are acting as ${escapeHtml(user.name)}. This link works once.</p>` +
          `<form method="post"><button type="submit">${verb}</button></form>` +
          `<p><a href="${escapeHtml(incidentUrl(incident.id))}">Open the incident in Vigil</a></p>`,
      );
    } catch (e) {
      fail(req, res, e);
    }
  });

  router.post('/api/actions/:token', async (req, res) => {
    try {
      const { link, incident } = await service.use(String(req.params.token), actions);
      const done = link.claims.action === 'ACKNOWLEDGE' ? 'Acknowledged' : 'Escalated';
      if (wantsJson(req)) {
        // A push notification's service worker: it shows this as the result, on the lock screen.
        res.set('cache-control', 'no-store').json({
          done: true,
          title: `${done} incident #${incident.id}`,
          message: `${done} as ${link.user.name}. The incident is now ${incident.status}.`,
          incidentId: incident.id,
          status: incident.status,
        });
        return;
      }
      page(
        res,
        200,
        `${done} incident #${incident.id}`,
        `<p>${escapeHtml(done)} as ${escapeHtml(link.user.name)}; it is on the incident's timeline. The incident is now ${escapeHtml(incident.status)}.</p>` +
          `<p><a href="${escapeHtml(incidentUrl(incident.id))}">Open the incident in Vigil</a></p>`,
      );
    } catch (e) {
      fail(req, res, e);
    }
  });
  return router;
}
