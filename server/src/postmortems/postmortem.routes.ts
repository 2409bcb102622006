import { Router } from 'express';
import { Gate } from '../graphql/context';
import { PostmortemService } from './postmortem.service';
import { HttpError, errorBoundary, route } from '../http/http-error';
import { MarkdownSources, renderPostmortemMarkdown } from './postmortem.markdown';

/** `GET /api/postmortems/:id/markdown`: the Markdown export as a download, for any signed-in person or personal token. */
/** What the Markdown download uses. */
interface PostmortemRouteDeps extends MarkdownSources {
  readonly gate: Pick<Gate, 'authenticate'>;
  readonly postmortems: PostmortemService;
}

export function postmortemRoutes(app: PostmortemRouteDeps, log: (e: unknown) => void): Router {
  const router = Router();
  router.get(
    '/api/postmortems/:id/markdown',
    route(async (req, res) => {
      const auth = await app.gate.authenticate(req.headers.authorization, req.headers.cookie);
      if (!auth || auth.actor.kind === 'ANONYMOUS')
        throw new HttpError('UNAUTHENTICATED', 'Sign in or send a valid API token.');
      // A wall shows post-mortem titles, never their text (shared/src/domain/wall-fields.ts).
      if (auth.credential?.kind === 'WALL_TOKEN')
        throw new HttpError('FORBIDDEN', 'A wall token may not read post-mortems.');
      const id = String(req.params.id);
      if (!/^\d{1,15}$/.test(id) || Number(id) < 1)
        throw new HttpError('VALIDATION', 'id must be a positive whole number.', 'id');
      const pm = await app.postmortems.get(Number(id));
      const markdown = await renderPostmortemMarkdown(app, pm);
      res.setHeader('content-type', 'text/markdown; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="postmortem-${pm.id}.md"`);
      res.send(markdown);
    }),
  );
  router.use(errorBoundary({ log }));
  return router;
}
