import express, { ErrorRequestHandler, Router } from 'express';
import { Config } from './config';
import { readScope } from './db/data-source';
import { Gate } from './graphql/context';
import { AppServices } from './services';
import { HttpError, errorBoundary } from './http/http-error';
import { readWebShell } from './http/web-shell';
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
import { AlertObserver } from './observability/metrics';

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
  alertMetrics: AlertObserver,
  gate: Gate,
): [Router, ErrorRequestHandler] {
  const web = Router();
  const shell = readWebShell(config.webDist, config.demo);
  web.use(['/status', '/api/status.json', '/api/status/stream', '/status/feed.atom'], (_req, _res, next) =>
    readScope.run({ pool: 'read' }, next),
  );
  web.use(statusPageRoutes(app.statusPage, config.publicUrl, config.statusPage, shell));
  web.use(app.subscriberRoutes);
  web.use(alertRoutes(app, replayGuard, logError, alertMetrics));
  web.use(postmortemRoutes({ ...app, gate }, logError));
  web.use(app.ticketRoutes(replayGuard));
  web.use(deploymentRoutes(app, config.changes.githubWebhookSecret, logError));
  web.use(slackRoutes(app.slack, logError));
  web.use(twilioRoutes(app.phoneReplies, config.publicUrl, logError));
  web.use(
    emailActionRoutes(app.emailActions, app.channelActions, (id) => `${config.publicUrl}/incidents/${id}`, logError),
  );
  web.use(heartbeatRoutes(app.heartbeats, logError));
  web.use(onCallRoutes(app.calendarFeeds, logError));
  if (config.webDist && shell) {
    web.use(express.static(config.webDist, { index: false, maxAge: '1h' }));
    // The SPA owns every other GET path (/wall, /incidents, /m …), but not the API's own prefixes.
    const spa = /^\/(?!graphql|healthz|readyz|api\/|v2\/).*/;
    web.get(spa, (_req, res) => void res.type('html').send(shell.html));
  }
  // An unknown API path is a JSON 404 a script can read, never the web app's page.
  web.use((req) => {
    throw new HttpError('NOT_FOUND', `Not found: ${req.method} ${req.path}`);
  });
  // Last, at the top level: it answers errors from every route before it, GraphQL's body parser included.
  return [web, errorBoundary({ log: logError })];
}
