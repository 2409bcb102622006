import express from 'express';
import { SlackAuthError, SlackService } from './slack.service';

/**
 * Slack's interactivity (`/api/slack/interactions`) and slash command (`/api/slack/commands`) endpoints. The body is
 * read raw (the signature covers its exact bytes) and parsed only after the signature checked out.
 */
export function slackRoutes(slack: SlackService, log: (e: unknown) => void): express.Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: '256kb' });

  const handle = (work: (form: URLSearchParams, res: express.Response) => Promise<void>): express.RequestHandler => async (req, res) => {
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      await slack.verify(body, req.get('x-slack-request-timestamp'), req.get('x-slack-signature'));
      await work(new URLSearchParams(body.toString('utf8')), res);
    } catch (e) {
      if (e instanceof SlackAuthError) {
        res.status(401).json({ error: e.message, field: e.field });
        return;
      }
      log(e);
      res.status(500).json({ error: 'Vigil could not handle this Slack request.' });
    }
  };

  router.post('/api/slack/interactions', raw, handle(async (form, res) => {
    let payload: unknown;
    try {
      payload = JSON.parse(form.get('payload') ?? '');
    } catch {
      res.status(400).json({ error: 'The payload field is not JSON.', field: 'payload' });
      return;
    }
    if (!payload || typeof payload !== 'object') {
      res.status(400).json({ error: 'The payload field is not a JSON object.', field: 'payload' });
      return;
    }
    const reply = await slack.interaction(payload as Record<string, unknown>);
    if (reply) res.status(200).json(reply);
    else res.status(200).end();
  }));

  router.post('/api/slack/commands', raw, handle(async (form, res) => {
    res.status(200).json(await slack.command(form));
  }));
  return router;
}
