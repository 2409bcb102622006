import express from 'express';
import { DomainError, actionLinkVerb } from '@vigil/shared';
import { cspNonce } from '../http/security-headers';
import { ChannelActions } from './channel-actions';
import { EmailActionService, LinkError, LinkProblem } from './email-action.service';

const STATUS: Record<LinkProblem, number> = { MALFORMED: 400, TAMPERED: 403, EXPIRED: 410, USED: 409 };
const DOMAIN_STATUS: Record<string, number> = {
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  VALIDATION: 400,
};

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

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
  const fail = (res: express.Response, e: unknown) => {
    if (e instanceof LinkError)
      return page(res, STATUS[e.problem], 'This link cannot be used', `<p>${escapeHtml(e.message)}</p>`);
    if (e instanceof DomainError)
      return page(res, DOMAIN_STATUS[e.code] ?? 400, 'Nothing was done', `<p>${escapeHtml(e.message)}</p>`);
    log(e);
    return page(
      res,
      503,
      'Nothing was done',
      '<p>Vigil could not do this right now; try the link again in a moment.</p>',
    );
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
      fail(res, e);
    }
  });

  router.post('/api/actions/:token', async (req, res) => {
    try {
      const { link, incident } = await service.use(String(req.params.token), actions);
      const done = link.claims.action === 'ACKNOWLEDGE' ? 'Acknowledged' : 'Escalated';
      page(
        res,
        200,
        `${done} incident #${incident.id}`,
        `<p>${escapeHtml(done)} as ${escapeHtml(link.user.name)}; it is on the incident's timeline. The incident is now ${escapeHtml(incident.status)}.</p>` +
          `<p><a href="${escapeHtml(incidentUrl(incident.id))}">Open the incident in Vigil</a></p>`,
      );
    } catch (e) {
      fail(res, e);
    }
  });
  return router;
}
