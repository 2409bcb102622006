import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, Clock, DomainError, ErrorCode, mapAlertSeverity } from '@vigil/shared';
import { ServiceEntity } from '../catalog/service.entity';
import { Database } from '../db/data-source';
import { Incident } from '../incidents/incident.entity';
import { ChangeResult, EventDraft, IncidentChange, IncidentService } from '../incidents/incident.service';
import { Integration } from '../integrations/integration.entity';
import { Alert } from './alert.entity';
import { AlertEvent } from './alert.payloads';

export type IngestOutcome = 'opened' | 'added' | 'acknowledged' | 'resolved' | 'ignored';

export interface IngestResult {
  dedupKey: string;
  outcome: IngestOutcome;
  incidentId: number | null;
}

const MAX_ATTEMPTS = 8;

/** The sender "said" nothing to Vigil a second time: a unique index refused a second open alert for the key. */
function isDuplicateKey(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = err.driverError?.code ?? err.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || (err.driverError?.errno ?? err.errno) === 1062;
}

/** Lock waits and deadlocks between concurrent senders: retrying the whole transaction is the fix. */
function isTransient(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  const code = err.driverError?.code ?? err.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

function title(summary: string): string {
  return summary.length > 200 ? `${summary.slice(0, 199)}…` : summary;
}

/**
 * Alert ingestion: turns what monitoring systems say into alerts and incidents. Dedup is the database's job (the
 * `uq_alert_open` index): insert first, and only on a duplicate-key error add to the alert that is already open.
 */
export class AlertService {
  constructor(private readonly db: Database, private readonly clock: Clock, private readonly incidentService: () => IncidentService) {}

  private get incidents(): IncidentService {
    return this.incidentService();
  }

  /** Registers the hook that closes an incident's alerts when a person resolves it, so the next trigger opens a new incident. */
  watch(incidents: IncidentService): void {
    incidents.addHook((change) => this.closeAlertsOnResolve(change));
  }

  /** Applies a sender's events in order; each answers only after its transaction committed. */
  async ingest(integration: Integration, events: AlertEvent[]): Promise<IngestResult[]> {
    const actor: Actor = { kind: 'INTEGRATION', name: integration.name, userId: null, role: 'RESPONDER' };
    const results: IngestResult[] = [];
    for (const event of events) {
      if (event.action === 'trigger') results.push(await this.trigger(integration, event, actor));
      else if (event.action === 'acknowledge') results.push(await this.acknowledge(integration, event, actor));
      else results.push(await this.resolve(integration, event, actor));
    }
    return results;
  }

  /** The alerts of an incident, oldest first. */
  forIncident(incidentId: number): Promise<Alert[]> {
    return this.db.dataSource.getRepository(Alert).find({ where: { incidentId }, order: { id: 'ASC' } });
  }

  private async trigger(integration: Integration, event: AlertEvent, actor: Actor): Promise<IngestResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const opened = await this.tx((m) => this.tryOpen(m, integration, event, actor));
      if (opened) {
        await this.incidents.commit(opened.change);
        return { dedupKey: event.dedupKey, outcome: 'opened', incidentId: opened.change.incident.id };
      }
      const added = await this.tx((m) => this.addToOpen(m, integration, event, actor));
      if (added) {
        await this.incidents.commit(added);
        return { dedupKey: event.dedupKey, outcome: 'added', incidentId: added.incident.id };
      }
      // The open alert was resolved between our two transactions: this trigger now opens a new one.
    }
    throw new DomainError(ErrorCode.CONFLICT, 'The alert is changing too fast; try again.', 'dedup_key');
  }

  /** Insert-first: null when an alert with this key is already open (the unique index said so). */
  private async tryOpen(m: EntityManager, integration: Integration, event: AlertEvent, actor: Actor): Promise<{ change: ChangeResult } | null> {
    const now = this.clock.now();
    const severity = mapAlertSeverity({ severity: event.severityWord, labels: event.labels }, integration.severityMapping);
    let alertId: number;
    try {
      const inserted = await m.save(m.create(Alert, {
        integrationId: integration.id, incidentId: null, dedupKey: event.dedupKey, openMarker: 1, groupKey: event.groupKey,
        status: 'TRIGGERED', summary: event.summary, source: event.source, severity, alertSeverity: event.severityWord,
        details: event.details, triggerCount: 1, createdAt: now, lastEventAt: now, resolvedAt: null,
      }));
      alertId = inserted.id;
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
    const line = (verb: string): EventDraft => ({
      type: 'ALERT_TRIGGERED',
      message: `${verb} from ${integration.name}: ${event.summary}`,
      data: { alertId, integrationId: integration.id, dedupKey: event.dedupKey, severity, alertSeverity: event.severityWord, source: event.source },
    });
    const sibling = event.groupKey ? await this.lockIf(m.createQueryBuilder(Alert, 'a')
      .where('a.integrationId = :i AND a.groupKey = :g AND a.openMarker = 1 AND a.id <> :id AND a.incidentId IS NOT NULL', { i: integration.id, g: event.groupKey, id: alertId }))
      .orderBy('a.id', 'ASC').getOne() : null;
    let change: ChangeResult;
    if (sibling?.incidentId) {
      // Another alert of the same Alertmanager/Grafana group already has an incident: one problem, one incident.
      const incident = await this.loadIncident(m, sibling.incidentId);
      change = { incident, events: await this.incidents.appendEvents(m, incident.id, actor, now, [line('Alert joined')]), afterCommit: [] };
    } else {
      const service = await m.findOneByOrFail(ServiceEntity, { id: integration.serviceId });
      change = await this.incidents.declareIn(m, {
        title: title(event.summary), severity, source: 'MONITORING_ALERT', services: [service.name],
        summary: `Alert from ${integration.name}${event.source ? ` (source ${event.source})` : ''}, dedup key ${event.dedupKey}.`,
      }, actor);
      change.events.push(...await this.incidents.appendEvents(m, change.incident.id, actor, now, [line('Alert triggered')]));
    }
    await m.update(Alert, { id: alertId }, { incidentId: change.incident.id });
    return { change };
  }

  /** A trigger for an open key: count it and note it on the incident's timeline. Null if it is no longer open. */
  private async addToOpen(m: EntityManager, integration: Integration, event: AlertEvent, actor: Actor): Promise<ChangeResult | null> {
    const open = await this.findOpen(m, integration.id, event.dedupKey);
    if (!open?.incidentId) return null;
    const now = this.clock.now();
    await m.update(Alert, { id: open.id }, { triggerCount: open.triggerCount + 1, lastEventAt: now });
    const incident = await this.loadIncident(m, open.incidentId);
    const events = await this.incidents.appendEvents(m, incident.id, actor, now, [{
      type: 'ALERT_REPEATED',
      message: `Alert fired again (${open.triggerCount + 1}×) from ${integration.name}: ${open.summary}`,
      data: { alertId: open.id, dedupKey: open.dedupKey, triggerCount: open.triggerCount + 1 },
    }]);
    return { incident, events, afterCommit: [] };
  }

  private async acknowledge(integration: Integration, event: AlertEvent, actor: Actor): Promise<IngestResult> {
    const done = await this.tx(async (m) => {
      const open = await this.findOpen(m, integration.id, event.dedupKey);
      if (!open?.incidentId) return null;
      const incident = await this.loadIncident(m, open.incidentId);
      if (open.status !== 'TRIGGERED') return { change: { incident, events: [], afterCommit: [] }, ackIncident: false };
      const now = this.clock.now();
      await m.update(Alert, { id: open.id }, { status: 'ACKNOWLEDGED', lastEventAt: now });
      const events = await this.incidents.appendEvents(m, incident.id, actor, now, [{
        type: 'ALERT_ACKNOWLEDGED', message: `Alert acknowledged by ${integration.name}: ${open.summary}`, data: { alertId: open.id, dedupKey: open.dedupKey },
      }]);
      return { change: { incident, events, afterCommit: [] }, ackIncident: incident.status === 'TRIGGERED' };
    });
    if (!done) return { dedupKey: event.dedupKey, outcome: 'ignored', incidentId: null };
    if (done.change.events.length) await this.incidents.commit(done.change);
    if (done.ackIncident) await this.ignoreRaces(() => this.incidents.acknowledge(done.change.incident.id, actor));
    return { dedupKey: event.dedupKey, outcome: 'acknowledged', incidentId: done.change.incident.id };
  }

  private async resolve(integration: Integration, event: AlertEvent, actor: Actor): Promise<IngestResult> {
    const done = await this.tx(async (m) => {
      const open = await this.findOpen(m, integration.id, event.dedupKey);
      if (!open?.incidentId) return null;
      // Serialise resolves per incident, so exactly one of them sees "no alert left open".
      const incident = await this.lockIf(m.createQueryBuilder(Incident, 'i').where('i.id = :id', { id: open.incidentId })).getOneOrFail();
      await this.incidents.attachServices([incident], m);
      const now = this.clock.now();
      await m.update(Alert, { id: open.id }, { status: 'RESOLVED', openMarker: null, resolvedAt: now, lastEventAt: now });
      const stillOpen = await this.lockIf(m.createQueryBuilder(Alert, 'a').where('a.incidentId = :id AND a.openMarker = 1', { id: incident.id })).getCount();
      const events = await this.incidents.appendEvents(m, incident.id, actor, now, [{
        type: 'ALERT_RESOLVED',
        message: `Alert resolved by ${integration.name}: ${open.summary}${stillOpen ? ` (${stillOpen} still open)` : ''}`,
        data: { alertId: open.id, dedupKey: open.dedupKey, stillOpen },
      }]);
      return { change: { incident, events, afterCommit: [] } as ChangeResult, resolveIncident: stillOpen === 0 && incident.status !== 'RESOLVED' };
    });
    if (!done) return { dedupKey: event.dedupKey, outcome: 'ignored', incidentId: null };
    await this.incidents.commit(done.change);
    if (done.resolveIncident) {
      await this.ignoreRaces(() => this.incidents.resolve(done.change.incident.id, 'All of its alerts resolved.', actor));
    }
    return { dedupKey: event.dedupKey, outcome: 'resolved', incidentId: done.change.incident.id };
  }

  private async closeAlertsOnResolve(change: IncidentChange): Promise<void> {
    if (change.incident.status !== 'RESOLVED' || !change.before || change.before.status === 'RESOLVED') return;
    await change.manager.update(Alert, { incidentId: change.incident.id, openMarker: 1 }, {
      status: 'RESOLVED', openMarker: null, resolvedAt: change.now, lastEventAt: change.now,
    });
  }

  private findOpen(m: EntityManager, integrationId: number, dedupKey: string): Promise<Alert | null> {
    return this.lockIf(m.createQueryBuilder(Alert, 'a')
      .where('a.integrationId = :i AND a.dedupKey = :k AND a.openMarker = 1', { i: integrationId, k: dedupKey })).getOne();
  }

  private async loadIncident(m: EntityManager, id: number): Promise<Incident> {
    const incident = await m.findOneByOrFail(Incident, { id });
    await this.incidents.attachServices([incident], m);
    return incident;
  }

  /** Locking reads on MySQL (they see the latest commit, not the snapshot); SQLite has one writer anyway. */
  private lockIf<T extends object>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    return this.db.kind === 'sqlite' ? qb : qb.setLock('pessimistic_write');
  }

  /** One transaction, retried on deadlock or lock timeout. */
  private async tx<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(work);
      } catch (e) {
        if (!isTransient(e) || attempt >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  /** The incident moved on by itself (someone acknowledged or resolved it first): that is fine. */
  private async ignoreRaces(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (e) {
      if (e instanceof DomainError && (e.code === ErrorCode.INVALID_TRANSITION || e.code === ErrorCode.CONFLICT)) return;
      throw e;
    }
  }
}
