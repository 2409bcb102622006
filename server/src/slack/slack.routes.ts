import express from 'express';
import { HttpError, errorBoundary, route } from '../http/http-error';
import { SlackAuthError, SlackService } from './slack.service';

/**
 * Slack's interactivity (`/api/slack/interactions`) and slash command (`/api/slack/commands`) endpoints. The body is
 * read raw (the signature covers its exact bytes) and parsed only after the signature checked out.
 */
export function slackRoutes(slack: SlackService, log: (e: unknown) => void): express.Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: '256kb' });

  const handle = (work: (form: URLSearchParams, res: express.Response) => Promise<void>): express.RequestHandler =>
    route(async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      try {
        await slack.verify(body, req.get('x-slack-request-timestamp'), req.get('x-slack-signature'));
      } catch (e) {
        throw e instanceof SlackAuthError ? new HttpError('UNAUTHENTICATED', e.message, e.field) : e;
      }
      await work(new URLSearchParams(body.toString('utf8')), res);
    });

  router.post(
    '/api/slack/interactions',
    raw,
    handle(async (form, res) => {
      let payload: unknown;
      try {
        payload = JSON.parse(form.get('payload') ?? '');
      } catch {
        throw new HttpError('VALIDATION', 'The payload field is not JSON.', 'payload');
      }
      if (!payload || typeof payload !== 'object')
        throw new HttpError('VALIDATION', 'The payload field is not a JSON object.', 'payload');
      const reply = await slack.interaction(payload as Record<string, unknown>);
      if (reply) res.status(200).json(reply);
      else res.status(200).end();
    }),
  );

  router.post(
    '/api/slack/commands',
    raw,
    handle(async (form, res) => {
      res.status(200).json(await slack.command(form));
    }),
  );
  router.use(errorBoundary({ log }));
  return router;
}
