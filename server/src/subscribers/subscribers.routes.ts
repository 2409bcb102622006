import express from 'express';
import { DomainError } from '@vigil/shared';
import { readScope } from '../db/data-source';
import { escapeHtml as h } from '../http/html';
import { HttpError, route, toHttpError } from '../http/http-error';
import { cspNonce } from '../http/security-headers';
import { LinkResult, SubscriberService } from './subscribers.service';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}' +
  'button{font-size:1.1rem;padding:.5rem 1.2rem}.error{color:#a40000;font-weight:600}';

function page(res: express.Response, status: number, title: string, body: string): void {
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
      '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
        '<meta name="viewport" content="width=device-width, initial-scale=1">' +
        `<title>${h(title)} · Status</title><style${nonce ? ` nonce="${nonce}"` : ''}>${STYLE}</style></head><body>` +
        `<h1>${h(title)}</h1>${body}<p><a href="/status">Back to the status page</a></p></body></html>`,
    );
}

const wantsJson = (req: express.Request) =>
  req.is('application/json') === 'application/json' || req.accepts(['html', 'json']) === 'json';

/** The form sends `component` once per ticked box (one value arrives as a string); JSON sends `components`. */
function componentsOf(body: Record<string, unknown>): string[] {
  const raw = body.components ?? body.component ?? [];
  return (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
}

const LINK_PAGES: Record<'confirm' | 'unsubscribe', Record<LinkResult, [number, string, string]>> = {
  confirm: {
    DONE: [
      200,
      'Subscription confirmed',
      'You will receive an email when an incident is published, updated or resolved, and when maintenance is scheduled. Every email has a link to unsubscribe.',
    ],
    ALREADY: [200, 'Already confirmed', 'This address is already subscribed.'],
    INVALID: [
      400,
      'This link cannot be used',
      'This confirmation link is not valid (it may have been replaced by a newer one). Subscribe again from the status page.',
    ],
    EXPIRED: [
      410,
      'This link has expired',
      'Confirmation links work for two days. Subscribe again from the status page.',
    ],
  },
  unsubscribe: {
    DONE: [200, 'Unsubscribed', 'You will receive no more status emails. Your address was deleted.'],
    ALREADY: [200, 'Unsubscribed', 'This address is not subscribed (any more).'],
    INVALID: [400, 'This link cannot be used', 'This unsubscribe link is not valid.'],
    EXPIRED: [410, 'This link has expired', 'This unsubscribe link is not valid.'],
  },
};

/**
 * The public side of subscriptions, plain HTML forms that work without JavaScript: POST /status/subscribe (the
 * status page's form, or JSON), and the confirm and unsubscribe links. A GET on a link only shows a button (mail
 * scanners follow links); its POST acts. A POST to the unsubscribe link is RFC 8058's one-click unsubscribe.
 * These write, so they leave the read pool the /status paths are given.
 */
export function subscriberRoutes(service: SubscriberService): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 1000 });
  const json = express.json({ limit: '16kb' });
  const writing =
    (handler: (req: express.Request, res: express.Response) => Promise<void>): express.RequestHandler =>
    (req, res, next) =>
      readScope.run({ pool: 'write' }, () => route(handler)(req, res, next));

  router.post(
    '/status/subscribe',
    form,
    json,
    writing(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      try {
        await service.subscribe({ email: body.email, components: componentsOf(body) }, req.ip ?? null);
      } catch (e) {
        if (wantsJson(req) || !(e instanceof DomainError)) throw e;
        const error = toHttpError(e);
        if (error.code === 'RATE_LIMITED') res.set('Retry-After', String(e.details?.retryAfterSeconds ?? 60));
        page(
          res,
          error.status,
          error.code === 'RATE_LIMITED' ? 'Too many requests' : 'Not subscribed',
          `<p class="error" data-field="${h(error.field ?? '')}">${h(error.message)}</p>`,
        );
        return;
      }
      if (wantsJson(req)) {
        res.set('cache-control', 'no-store').json({ ok: true });
        return;
      }
      page(
        res,
        200,
        'Check your inbox',
        '<p>If this address is not subscribed yet, we sent it an email with a link to confirm. Nothing is sent to it until the link is opened.</p>',
      );
    }),
  );

  for (const kind of ['confirm', 'unsubscribe'] as const) {
    const params = (req: express.Request) => {
      const id = Number(req.query.s);
      const token = typeof req.query.t === 'string' ? req.query.t : '';
      if (!Number.isInteger(id) || id <= 0 || !token)
        throw new HttpError('VALIDATION', 'This link is incomplete.', 's');
      return { id, token };
    };
    const answer = (res: express.Response, result: LinkResult) => {
      const [status, title, text] = LINK_PAGES[kind][result];
      page(res, status, title, `<p>${h(text)}</p>`);
    };
    router.get(
      `/status/${kind}`,
      writing(async (req, res) => {
        const { id, token } = params(req);
        const check =
          kind === 'confirm' ? await service.checkConfirm(id, token) : await service.checkUnsubscribe(id, token);
        if (check !== 'DONE') return answer(res, check);
        const action = `/status/${kind}?s=${id}&t=${encodeURIComponent(token)}`;
        page(
          res,
          200,
          kind === 'confirm' ? 'Confirm your subscription' : 'Unsubscribe from status emails',
          `<form method="post" action="${h(action)}"><button type="submit">${kind === 'confirm' ? 'Confirm' : 'Unsubscribe'}</button></form>`,
        );
      }),
    );
    router.post(
      `/status/${kind}`,
      form,
      writing(async (req, res) => {
        const { id, token } = params(req);
        answer(res, kind === 'confirm' ? await service.confirm(id, token) : await service.unsubscribe(id, token));
      }),
    );
  }
  return router;
}
