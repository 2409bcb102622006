import { IncomingHttpHeaders } from 'node:http';
import { Actor, Clock, SeverityOptions } from '@vigil/shared';
import { CatalogService } from '../catalog/catalog.service';
import { Database } from '../db/data-source';
import { IncidentService } from '../incidents/incident.service';
import { Notifier } from '../notify/notify.port';

/** The long-lived services, built once per process. */
export interface AppServices {
  db: Database;
  clock: Clock;
  severityOptions: SeverityOptions;
  incidents: IncidentService;
  catalog: CatalogService;
  /** Writes notifications to the outbox inside a transaction. */
  notifier: Notifier;
  /** Where links in notifications point. */
  publicUrl: string;
}

/** What every resolver sees, over HTTP and WebSocket alike. */
export interface Context {
  app: AppServices;
  actor: Actor;
}

function header(headers: IncomingHttpHeaders | Record<string, unknown>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : typeof v === 'string' ? v : undefined;
}

/**
 * One context factory for both transports. Until access control lands, the actor is whoever the
 * `X-Vigil-Actor` header (or the graphql-ws connection parameter `actor`) names, else "anonymous".
 */
export function buildContext(app: AppServices, headers: IncomingHttpHeaders | Record<string, unknown>): Context {
  const claimed = header(headers, 'x-vigil-actor') ?? header(headers, 'actor');
  const name = claimed?.trim().slice(0, 200) || 'anonymous';
  return { app, actor: { kind: 'USER', name, userId: null, role: 'ADMIN' } };
}
