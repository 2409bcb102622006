import { Router } from 'express';
import { DomainError } from '@vigil/shared';
import { AppServices } from '../graphql/context';
import { renderPostmortemMarkdown } from './postmortem.markdown';

/** `GET /api/postmortems/:id/markdown`: the Markdown export as a download, for any signed-in person or personal token. */
export function postmortemRoutes(app: AppServices): Router {
  const router = Router();
  router.get('/api/postmortems/:id/markdown', async (req, res, next) => {
    try {
      const auth = await app.auth.authenticate(req.headers.authorization, req.headers.cookie);
      if (!auth || auth.actor.kind === 'ANONYMOUS') {
        res.status(401).json({ error: 'Sign in or send a valid API token.', code: 'UNAUTHENTICATED' });
        return;
      }
      // A wall shows post-mortem titles, never their text (shared/src/domain/wall-fields.ts).
      if (auth.credential?.kind === 'WALL_TOKEN') {
        res.status(403).json({ error: 'A wall token may not read post-mortems.', code: 'FORBIDDEN', rule: 'WALL_FIELDS' });
        return;
      }
      const id = req.params.id;
      if (!/^\d{1,15}$/.test(id) || Number(id) < 1) {
        res.status(400).json({ error: 'id must be a positive whole number.', code: 'VALIDATION', field: 'id' });
        return;
      }
      const pm = await app.postmortems.get(Number(id));
      const markdown = await renderPostmortemMarkdown(app, pm);
      res.setHeader('content-type', 'text/markdown; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="postmortem-${pm.id}.md"`);
      res.send(markdown);
    } catch (e) {
      if (e instanceof DomainError) {
        res.status(e.code === 'NOT_FOUND' ? 404 : 400).json({ error: e.message, code: e.code, field: e.field });
        return;
      }
      next(e);
    }
  });
  return router;
}
