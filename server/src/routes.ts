import fs from 'node:fs';
import path from 'node:path';
import express, { ErrorRequestHandler, Router } from 'express';
import { Config } from './config';
import { readScope } from './db/data-source';
import { AppServices } from './graphql/context';
import { HttpError, errorBoundary } from './http/http-error';
import { alertRoutes } from './alerts/alert.routes';
import { ReplayGuard } from './alerts/replay-guard';
import { deploymentRoutes } from './deployments/deployment.routes';
import { emailActionRoutes } from './email-actions/email-action.routes';
import { heartbeatRoutes } from './heartbeats/heartbeat.routes';
import { onCallRoutes } from './oncall/oncall.routes';
import { postmortemRoutes } from './postmortems/postmortem.routes';
import { slackRoutes } from './slack/slack.routes';
import { twilioRoutes } from './phones/twilio.routes';
import { statusPageRoutes } from './statuspage/statuspage.routes';

/**
 * Every HTTP route besides GraphQL and the health checks, in one list: the public status page (on the read pool:
 * anonymous load never takes a write connection), each feature's routes, the web app, a JSON 404; and the one error
 * boundary (http/http-error.ts) that answers whatever went wrong in any route, in the one JSON shape.
 */
export function featureRoutes(
  app: AppServices,
  config: Config,
  replayGuard: ReplayGuard,
  logError: (e: unknown) => void,
): [Router, ErrorRequestHandler] {
  const web = Router();
  web.use(['/api/status.json', '/api/status/stream', '/status/feed.atom'], (_req, _res, next) =>
    readScope.run({ pool: 'read' }, next),
  );
  web.use(statusPageRoutes(app.statusPage, config.publicUrl, config.statusPage));
  web.use(alertRoutes(app, replayGuard, logError));
  web.use(postmortemRoutes(app, logError));
  web.use(deploymentRoutes(app, config.changes.githubWebhookSecret, logError));
  web.use(slackRoutes(app.slack, logError));
  web.use(twilioRoutes(app.phoneReplies, config.publicUrl, logError));
  web.use(
    emailActionRoutes(app.emailActions, app.channelActions, (id) => `${config.publicUrl}/incidents/${id}`, logError),
  );
  web.use(heartbeatRoutes(app.heartbeats, logError));
  web.use(onCallRoutes(app.calendarFeeds, logError));
  if (config.webDist && fs.existsSync(path.join(config.webDist, 'index.html'))) {
    const index = path.join(config.webDist, 'index.html');
    web.use(express.static(config.webDist, { index: false, maxAge: '1h' }));
    // The SPA owns every other GET path (/wall, /console, /status …), but not the API's own prefixes.
    const spa = /^\/(?!graphql|healthz|readyz|api\/|v2\/).*/;
    if (config.demo) {
      // Demo mode: every page (wall, console, status page) must say so; the shell tells the web app, before any
      // request, so even the sign-in and the anonymous status page carry the banner.
      web.get(spa, (_req, res, next) => {
        fs.promises
          .readFile(index, 'utf8')
          .then(
            (html) =>
              res.type('html').send(html.replace('<head>', '<head>\n    <meta name="vigil-demo" content="true" />')),
            next,
          );
      });
    } else web.get(spa, (_req, res) => res.sendFile(index));
  }
  // An unknown API path is a JSON 404 a script can read, never the web app's page.
  web.use((req) => {
    throw new HttpError('NOT_FOUND', `Not found: ${req.method} ${req.path}`);
  });
  // Last, at the top level: it answers errors from every route before it, GraphQL's body parser included.
  return [web, errorBoundary({ log: logError })];
}
