import crypto from 'node:crypto';
import { IncomingMessage } from 'node:http';
import express from 'express';
import {
  DomainError,
  ErrorCode,
  GRAFANA_TIMESTAMP_HEADER,
  IntegrationKind,
  checkGrafanaTimestamp,
  grafanaSignedPrefix,
} from '@vigil/shared';
import { Clock } from '@vigil/shared';
import { IntegrationService } from '../integrations';
import { HttpError, errorBoundary, sendHttpError, toHttpError } from '../http/http-error';
import { Integration } from '../model/integration.entity';
import { AlertObserver, IngestOutcomeLabel, NO_METRICS } from '../observability/metrics';
import { ReplayGuard } from './replay-guard';
import { AlertService, IngestResult } from './alert.service';
import {
  AlertEvent,
  pagerDutyRoutingKey,
  parseAlertGroup,
  parseGenericEvent,
  parsePagerDutyEvent,
} from './alert.payloads';

/** Ingestion's outcomes as metric labels: a trigger for an open alert is a repeat. */
const OUTCOME_LABEL: Record<IngestResult['outcome'], IngestOutcomeLabel> = {
  opened: 'opened',
  added: 'repeat',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  ignored: 'ignored',
};

/** Requests in flight per process before we shed load with 503 (never 429: Alertmanager drops 4xx). */
const MAX_IN_FLIGHT = 500;
const SIGNATURE_HEADER = 'x-grafana-alerting-signature';

const TIMESTAMP_PROBLEMS: Record<'MISSING' | 'MALFORMED' | 'TOO_OLD' | 'IN_FUTURE', string> = {
  MISSING: `This integration is signed, so each request must carry its signing time: set the Grafana contact point's Timestamp Header to ${GRAFANA_TIMESTAMP_HEADER}.`,
  MALFORMED: `${GRAFANA_TIMESTAMP_HEADER} must be Unix seconds.`,
  TOO_OLD: `${GRAFANA_TIMESTAMP_HEADER} is more than 5 minutes old.`,
  IN_FUTURE: `${GRAFANA_TIMESTAMP_HEADER} is more than 5 minutes in the future.`,
};

type RawRequest = IncomingMessage & { rawBody?: Buffer };

/**
 * What a sender is told: a refusal of the event itself (400, 401, 413) as it is; anything else — a database outage,
 * a lost race, a bug — as 503, so the sender retries instead of dropping the alert (never 409 or 429, which
 * Alertmanager would drop).
 */
function forSender(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof DomainError && e.code === ErrorCode.VALIDATION) return toHttpError(e);
  return new HttpError('UNAVAILABLE', 'Vigil could not store the event right now; retry shortly.');
}

function keyFrom(req: express.Request): string {
  const auth = req.headers.authorization;
  const bearer = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth.trim())?.[1] : undefined;
  const query = typeof req.query.key === 'string' ? req.query.key : undefined;
  const key = bearer ?? query;
  if (!key)
    throw new HttpError(
      'UNAUTHENTICATED',
      'Send the integration key as "Authorization: Bearer <key>" or ?key=<key>.',
      'key',
    );
  return key;
}

/**
 * Grafana's HMAC-SHA256 over `{timestamp}:{raw body}`, with a timestamp within 5 minutes of the app's clock. Returns
 * what the replay guard must claim (null when the integration is unsigned): a signature is good once.
 */
function verifyGrafanaSignature(
  integration: Integration,
  req: express.Request,
  now: Date,
): { key: string; ttlMs: number } | null {
  if (!integration.hmacSecret) return null;
  const raw = (req as unknown as RawRequest).rawBody ?? Buffer.alloc(0);
  const signature = req.headers[SIGNATURE_HEADER];
  if (typeof signature !== 'string' || !/^[0-9a-fA-F]{64}$/.test(signature)) {
    throw new HttpError(
      'UNAUTHENTICATED',
      `A valid ${SIGNATURE_HEADER} header (hex HMAC-SHA256) is required for this integration.`,
      'signature',
    );
  }
  const timestamp = req.get(GRAFANA_TIMESTAMP_HEADER);
  const fresh = checkGrafanaTimestamp(timestamp, now);
  if (!fresh.ok) throw new HttpError('UNAUTHENTICATED', TIMESTAMP_PROBLEMS[fresh.problem], 'timestamp');
  const expected = crypto
    .createHmac('sha256', integration.hmacSecret)
    .update(grafanaSignedPrefix(timestamp!))
    .update(raw)
    .digest();
  if (!crypto.timingSafeEqual(expected, Buffer.from(signature, 'hex')))
    throw new HttpError('UNAUTHENTICATED', 'The HMAC signature does not match.', 'signature');
  return { key: `grafana-signature:${integration.id}:${signature.toLowerCase()}`, ttlMs: fresh.rememberMs };
}

/**
 * The alert ingestion endpoints: PagerDuty Events v2, Alertmanager, Grafana and a generic JSON webhook. Each
 * parses everything before writing anything, answers 202 only after commit, and turns any database trouble into
 * 503 with Retry-After, so the sender retries instead of dropping the alert.
 */
/** What the ingestion endpoints use. */
interface AlertRouteDeps {
  readonly integrations: IntegrationService;
  readonly alerts: AlertService;
  readonly clock: Clock;
}

export function alertRoutes(
  app: AlertRouteDeps,
  replayGuard: ReplayGuard,
  log: (e: unknown) => void,
  metrics: AlertObserver = NO_METRICS.alerts,
): express.Router {
  const router = express.Router();
  let inFlight = 0;
  const json = express.json({
    limit: '512kb',
    type: () => true,
    verify: (req, _res, buf) => {
      (req as RawRequest).rawBody = buf;
    },
  });

  const authenticate = async (key: string, kind: IntegrationKind): Promise<Integration> => {
    const integration = await app.integrations.findByKeyForIngest(key);
    if (!integration || integration.kind !== kind)
      throw new HttpError('UNAUTHENTICATED', 'Unknown integration key for this endpoint.', 'key');
    return integration;
  };

  const endpoint =
    (
      kind: IntegrationKind,
      handle: (req: express.Request, counted: (results: IngestResult[]) => void) => Promise<Record<string, unknown>>,
    ): express.RequestHandler =>
    async (req, res) => {
      if (inFlight >= MAX_IN_FLIGHT) {
        metrics.ingested(kind, 'shed');
        return sendHttpError(res, new HttpError('UNAVAILABLE', 'Vigil is overloaded; retry shortly.'), 'pagerduty');
      }
      inFlight++;
      try {
        res.status(202).json(
          await handle(req, (results) => {
            for (const r of results) metrics.ingested(kind, OUTCOME_LABEL[r.outcome]);
          }),
        );
      } catch (e) {
        const error = forSender(e);
        if (error.status >= 500) log(e);
        metrics.ingested(kind, error.status >= 500 ? 'unavailable' : 'refused');
        sendHttpError(res, error, 'pagerduty');
      } finally {
        inFlight--;
      }
    };

  const result = (events: AlertEvent[], results: IngestResult[], counted: (results: IngestResult[]) => void) => {
    counted(results);
    return {
      status: 'success',
      message: 'Event processed',
      alerts: results.map((r, i) => ({
        dedup_key: r.dedupKey,
        action: events[i].action,
        outcome: r.outcome,
        incident_id: r.incidentId === null ? null : String(r.incidentId),
      })),
    };
  };

  router.post(
    '/v2/enqueue',
    json,
    endpoint('PAGERDUTY_EVENTS_V2', async (req, counted) => {
      const routingKey = pagerDutyRoutingKey(req.body);
      const event = parsePagerDutyEvent(req.body);
      const integration = await authenticate(routingKey, 'PAGERDUTY_EVENTS_V2');
      counted(await app.alerts.ingest(integration, [event]));
      return { status: 'success', message: 'Event processed', dedup_key: event.dedupKey };
    }),
  );

  router.post(
    '/api/integrations/alertmanager',
    json,
    endpoint('ALERTMANAGER', async (req, counted) => {
      const key = keyFrom(req);
      const events = parseAlertGroup(req.body, '4');
      const integration = await authenticate(key, 'ALERTMANAGER');
      return result(events, await app.alerts.ingest(integration, events), counted);
    }),
  );

  router.post(
    '/api/integrations/grafana',
    json,
    endpoint('GRAFANA', async (req, counted) => {
      const integration = await authenticate(keyFrom(req), 'GRAFANA');
      const signed = verifyGrafanaSignature(integration, req, app.clock.now());
      const events = parseAlertGroup(req.body, null);
      if (signed && !(await replayGuard.claim(signed.key, signed.ttlMs))) {
        throw new HttpError('UNAUTHENTICATED', 'This signed request was already received (replay).', 'signature');
      }
      try {
        return result(events, await app.alerts.ingest(integration, events), counted);
      } catch (e) {
        // Nothing was stored: Grafana's retry of this very request must not be taken for a replay.
        if (signed) await replayGuard.release(signed.key).catch(log);
        throw e;
      }
    }),
  );

  router.post(
    '/api/integrations/webhook',
    json,
    endpoint('GENERIC_WEBHOOK', async (req, counted) => {
      const key = keyFrom(req);
      const event = parseGenericEvent(req.body);
      const integration = await authenticate(key, 'GENERIC_WEBHOOK');
      return result([event], await app.alerts.ingest(integration, [event]), counted);
    }),
  );

  // Body-parser failures on these routes (invalid JSON, over 512 KB) in the same shape as every other answer.
  router.use(errorBoundary({ shape: 'pagerduty', unknown: 'UNAVAILABLE', log }));
  return router;
}
