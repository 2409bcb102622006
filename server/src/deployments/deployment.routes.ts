import crypto from 'node:crypto';
import { IncomingMessage } from 'node:http';
import express from 'express';
import { DeploymentSource, DomainError, ErrorCode } from '@vigil/shared';
import { IntegrationService } from '../integrations';
import { DeploymentService } from './deployment.service';
import { HttpError, errorBoundary } from '../http/http-error';
import { DeploymentDraft } from './deployment.service';

type RawRequest = IncomingMessage & { rawBody?: Buffer };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : undefined;

/** ISO dates, plus PagerDuty's "+0000" offsets (no colon), which Date does not read everywhere. */
function date(field: string, v: unknown): Date | null {
  if (v === undefined || v === null || v === '') return null;
  const d = typeof v === 'string' ? new Date(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new HttpError('VALIDATION', `${field} must be an ISO 8601 date.`, field);
  return d;
}

function keyFrom(req: express.Request): string | undefined {
  const auth = req.headers.authorization;
  const bearer = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth.trim())?.[1] : undefined;
  const header = req.headers['x-vigil-integration-key'];
  return (
    bearer ??
    (typeof header === 'string' ? header : undefined) ??
    (typeof req.query.key === 'string' ? req.query.key : undefined)
  );
}

/** GitHub signs the raw body: `sha256=<hex HMAC-SHA256>`. */
function verifyGitHubSignature(secret: string, req: express.Request): void {
  const signature = req.headers['x-hub-signature-256'];
  const hex = typeof signature === 'string' ? /^sha256=([0-9a-fA-F]{64})$/.exec(signature)?.[1] : undefined;
  if (!hex) throw new HttpError('UNAUTHENTICATED', 'A valid X-Hub-Signature-256 header is required.', 'signature');
  const expected = crypto
    .createHmac('sha256', secret)
    .update((req as unknown as RawRequest).rawBody ?? Buffer.alloc(0))
    .digest();
  if (!crypto.timingSafeEqual(expected, Buffer.from(hex, 'hex')))
    throw new HttpError('UNAUTHENTICATED', 'The X-Hub-Signature-256 signature does not match.', 'signature');
}

/** The generic JSON body: { version, previousVersion?, deployedBy?, deployedAt?, link?, environment?, summary? }. */
function parseGeneric(body: unknown): Omit<DeploymentDraft, 'serviceId'> {
  if (!isObject(body)) throw new HttpError('VALIDATION', 'The body must be a JSON object.', 'body');
  return {
    version: body.version,
    previousVersion: body.previousVersion,
    deployedBy: body.deployedBy,
    deployedAt: date('deployedAt', body.deployedAt),
    link: body.link,
    environment: body.environment,
    summary: body.summary,
  };
}

/** PagerDuty Change Events v2: routing_key, payload { summary, timestamp, source, custom_details }, links. */
function parsePagerDutyChange(body: unknown): { routingKey: string; draft: Omit<DeploymentDraft, 'serviceId'> } {
  if (!isObject(body)) throw new HttpError('VALIDATION', 'The body must be a JSON object.', 'body');
  if (typeof body.routing_key !== 'string' || !body.routing_key)
    throw new HttpError('VALIDATION', 'routing_key is required.', 'routing_key');
  const payload = body.payload;
  if (!isObject(payload)) throw new HttpError('VALIDATION', 'payload is required.', 'payload');
  if (typeof payload.summary !== 'string' || !payload.summary.trim())
    throw new HttpError('VALIDATION', 'payload.summary is required.', 'payload.summary');
  const details = isObject(payload.custom_details) ? payload.custom_details : {};
  const firstLink = Array.isArray(body.links)
    ? body.links.find((l): l is Record<string, unknown> => isObject(l) && typeof l.href === 'string')
    : undefined;
  return {
    routingKey: body.routing_key,
    draft: {
      version:
        text(details.version) ?? text(details.build_number) ?? text(details.sha) ?? payload.summary.slice(0, 200),
      previousVersion: text(details.previous_version),
      deployedBy: text(details.deployed_by) ?? text(payload.source),
      deployedAt: date('payload.timestamp', payload.timestamp),
      link: firstLink?.href,
      environment: text(details.environment),
      summary: payload.summary.slice(0, 1000),
    },
  };
}

/** GitHub `deployment_status`: recorded only when the status is success. */
function parseGitHub(body: unknown): Omit<DeploymentDraft, 'serviceId'> | null {
  if (!isObject(body) || !isObject(body.deployment_status) || !isObject(body.deployment)) {
    throw new HttpError(
      'VALIDATION',
      'A deployment_status delivery needs deployment_status and deployment objects.',
      'deployment_status',
    );
  }
  const status = body.deployment_status;
  const deployment = body.deployment;
  if (status.state !== 'success') return null;
  const creator = isObject(deployment.creator) ? deployment.creator.login : undefined;
  const sha = text(deployment.sha);
  const repo = isObject(body.repository) ? text(body.repository.full_name) : undefined;
  return {
    version: sha ? sha.slice(0, 12) : text(deployment.ref),
    deployedBy: text(creator) ?? (isObject(body.sender) ? text(body.sender.login) : undefined),
    deployedAt: date('deployment_status.created_at', status.created_at),
    link: text(status.target_url) ?? text(status.log_url) ?? text(status.environment_url),
    environment: text(status.environment) ?? text(deployment.environment),
    summary:
      [repo, text(deployment.ref), text(deployment.description)].filter(Boolean).join(' ').slice(0, 1000) || undefined,
    externalId: deployment.id !== undefined ? `${repo ?? ''}#${String(deployment.id)}` : null,
  };
}

/**
 * CI/CD endpoints, each authenticated by an integration key: a generic JSON body, PagerDuty Change Events and
 * GitHub's deployment_status webhook. Everything is parsed before anything is written; errors name the field.
 */
export function deploymentRoutes(
  app: { readonly integrations: IntegrationService; readonly deployments: DeploymentService },
  githubSecret: string | null,
  log: (e: unknown) => void,
): express.Router {
  const router = express.Router();
  const json = express.json({
    limit: '256kb',
    type: () => true,
    verify: (req, _res, buf) => {
      (req as RawRequest).rawBody = buf;
    },
  });

  const serviceFor = async (key: string | undefined): Promise<number> => {
    const found = key ? await app.integrations.resolveKey(key) : null;
    if (!found)
      throw new HttpError(
        'UNAUTHENTICATED',
        'Send a valid integration key ("Authorization: Bearer <key>", X-Vigil-Integration-Key or ?key=).',
        'key',
      );
    return found.serviceId;
  };

  // A CI job retries a 503; a refusal of the event itself (400, 401, 413) is final.
  const endpoint =
    (
      handle: (req: express.Request) => Promise<{ status: number; body: Record<string, unknown> }>,
    ): express.RequestHandler =>
    async (req, res, next) => {
      try {
        const answer = await handle(req);
        res.status(answer.status).json(answer.body);
      } catch (e) {
        if (e instanceof HttpError || (e instanceof DomainError && e.code === ErrorCode.VALIDATION)) return next(e);
        log(e);
        next(new HttpError('UNAVAILABLE', 'Vigil could not store the deployment right now; retry shortly.'));
      }
    };

  const record = async (serviceId: number, draft: Omit<DeploymentDraft, 'serviceId'>, source: DeploymentSource) => {
    const deployment = await app.deployments.record({ ...draft, serviceId }, source);
    return { id: String(deployment.id), serviceId: String(deployment.serviceId), version: deployment.version };
  };

  router.post(
    '/api/deployments',
    json,
    endpoint(async (req) => {
      const draft = parseGeneric(req.body);
      const serviceId = await serviceFor(keyFrom(req));
      return { status: 201, body: { status: 'success', deployment: await record(serviceId, draft, 'GENERIC') } };
    }),
  );

  router.post(
    '/v2/change/enqueue',
    json,
    endpoint(async (req) => {
      const { routingKey, draft } = parsePagerDutyChange(req.body);
      const serviceId = await serviceFor(routingKey);
      const deployment = await record(serviceId, draft, 'PAGERDUTY');
      return { status: 202, body: { status: 'success', message: 'Change event processed', deployment } };
    }),
  );

  router.post(
    '/api/integrations/github',
    json,
    endpoint(async (req) => {
      const serviceId = await serviceFor(keyFrom(req));
      if (githubSecret) verifyGitHubSignature(githubSecret, req);
      const event = req.headers['x-github-event'];
      if (event === 'ping') return { status: 200, body: { status: 'success', message: 'pong' } };
      if (event !== 'deployment_status')
        return {
          status: 202,
          body: { status: 'ignored', message: `Only deployment_status events are recorded, not ${String(event)}.` },
        };
      const draft = parseGitHub(req.body);
      if (!draft)
        return {
          status: 202,
          body: { status: 'ignored', message: 'Only successful deployment statuses are recorded.' },
        };
      return { status: 201, body: { status: 'success', deployment: await record(serviceId, draft, 'GITHUB') } };
    }),
  );

  // Change senders (PagerDuty clients, CI jobs) read PagerDuty's error shape; body-parser failures too.
  router.use(errorBoundary({ shape: 'pagerduty', unknown: 'UNAVAILABLE', log }));
  return router;
}
