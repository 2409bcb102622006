import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Actor, Clock, DomainError, ErrorCode, mapAlertSeverity } from '@vigil/shared';
import { ServiceEntity } from '../catalog/service.entity';
import { Database } from '../db/data-source';
import { Incident } from '../incidents/incident.entity';
import { TimelineEvent } from '../incidents/timeline-event.entity';
import { sqlTime } from '../metrics/metrics.sql';
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

/** What a trigger's transaction did: opened an alert (and maybe an incident), or counted a repeat. */
type Triggered = { opened: true; change: ChangeResult } | { opened: false; incidentId: number; events: TimelineEvent[] };

/** Thrown inside a trigger's transaction to roll it back and start over: a concurrent sender won the key. */
class LostRace extends Error {}

/** Thrown inside an alert event's transaction when its incident was changed concurrently: redo the whole event. */
class IncidentMoved extends Error {}

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
 * `uq_alert_open` index): a trigger looks its key up, and a duplicate-key error on insert means another sender
 * opened it first, so the transaction is redone and finds that alert.
 */
export class AlertService {
  /**
   * Tests only: called at named points inside an alert event's transaction, to inject a fault there (throwing rolls
   * the transaction back, as a crash at that point would).
   */
  faultAt: ((point: 'alert-updated') => void) | null = null;

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

  /**
   * One transaction per trigger: one indexed lookup of the open alert, then either a repeat (update it, one
   * timeline line) or a new alert with its incident, first timeline lines and the hooks' paging and outbox rows.
   */
  private async trigger(integration: Integration, event: AlertEvent, actor: Actor): Promise<IngestResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let done: Triggered;
      try {
        done = await this.tx((m) => this.applyTrigger(m, integration, event, actor));
      } catch (e) {
        // Another sender opened this key first: our transaction rolled back; next time the lookup finds its alert.
        if (e instanceof LostRace) continue;
        throw e;
      }
      if (done.opened) {
        await this.incidents.commit(done.change);
        return { dedupKey: event.dedupKey, outcome: 'opened', incidentId: done.change.incident.id };
      }
      // A repeat changes the alert, not the incident: subscribers hear of the timeline line only.
      this.incidents.publishEvents(done.events);
      return { dedupKey: event.dedupKey, outcome: 'added', incidentId: done.incidentId };
    }
    throw new DomainError(ErrorCode.CONFLICT, 'The alert is changing too fast; try again.', 'dedup_key');
  }

  /**
   * The hot path, in plain SQL (the same text on SQLite and MySQL): TypeORM's query builder costs several times
   * the round trip itself in CPU, and a storm of alerts is CPU-bound in this process.
   */
  private async applyTrigger(m: EntityManager, integration: Integration, event: AlertEvent, actor: Actor): Promise<Triggered> {
    // A plain read first: a locking read of a key that is not there would lock the index gap on MySQL, and two
    // senders opening neighbouring new keys would deadlock on it. Only a key that exists is then locked, by id.
    const [seen] = await m.query('SELECT id FROM alert WHERE integrationId = ? AND dedupKey = ? AND openMarker = 1', [integration.id, event.dedupKey]) as Array<{ id: number }>;
    if (!seen) return { opened: true, change: await this.open(m, integration, event, actor) };
    const [open] = await m.query(
      `SELECT incidentId, dedupKey, triggerCount, summary, openMarker FROM alert WHERE id = ?${this.db.kind === 'sqlite' ? '' : ' FOR UPDATE'}`, [seen.id],
    ) as Array<{ incidentId: number | null; dedupKey: string; triggerCount: number; summary: string; openMarker: number | null }>;
    // Resolved since the plain read, or (grouped) not yet given its incident: start over on fresh state.
    if (!open || Number(open.openMarker) !== 1 || open.incidentId === null) throw new LostRace();
    const now = this.clock.now();
    const count = Number(open.triggerCount) + 1;
    const incidentId = Number(open.incidentId);
    // A repeat says what the sender sees now: its labels (an error_rate above all) replace the first firing's.
    await m.query('UPDATE alert SET triggerCount = ?, lastEventAt = ?, lastTriggeredAt = ?, details = COALESCE(?, details) WHERE id = ?',
      [count, sqlTime(now), sqlTime(now), event.details === null ? null : JSON.stringify(event.details), seen.id]);
    const events = await this.incidents.appendEvents(m, incidentId, actor, now, [{
      type: 'ALERT_REPEATED',
      message: `Alert fired again (${count}×) from ${integration.name}: ${open.summary}`,
      data: { alertId: Number(seen.id), dedupKey: open.dedupKey, triggerCount: count },
    }]);
    return { opened: false, incidentId, events };
  }

  /**
   * A new alert and its incident. The unique index on open alerts is the final word on dedup: a duplicate-key
   * error means a concurrent sender committed the same key first, and the whole transaction is redone.
   */
  private async open(m: EntityManager, integration: Integration, event: AlertEvent, actor: Actor): Promise<ChangeResult> {
    const now = this.clock.now();
    const severity = mapAlertSeverity({ severity: event.severityWord, labels: event.labels }, integration.severityMapping);
    const insertAlert = async (incidentId: number | null): Promise<number> => {
      try {
        // insert, not save: save would read the row back; only the generated id is needed.
        const inserted = await m.insert(Alert, {
          integrationId: integration.id, incidentId, dedupKey: event.dedupKey, openMarker: 1, groupKey: event.groupKey,
          status: 'TRIGGERED', summary: event.summary, source: event.source, severity, alertSeverity: event.severityWord,
          // A JSON column: TypeORM's partial type would recurse into the object, which it stores whole.
          details: event.details as QueryDeepPartialEntity<Alert>['details'], triggerCount: 1, createdAt: now, lastEventAt: now, lastTriggeredAt: null, resolvedAt: null,
        });
        return Number(inserted.identifiers[0].id);
      } catch (e) {
        if (isDuplicateKey(e)) throw new LostRace();
        throw e;
      }
    };
    const line = (alertId: number, verb: string): EventDraft => ({
      type: 'ALERT_TRIGGERED',
      message: `${verb} from ${integration.name}: ${event.summary}`,
      data: { alertId, integrationId: integration.id, dedupKey: event.dedupKey, severity, alertSeverity: event.severityWord, source: event.source },
    });
    const declare = async (firstEvents: (incident: Incident) => Promise<EventDraft[]>) => {
      // The routes' cached lookup brings the service along; anyone else's integration gets it loaded here.
      // A copy of the cached one: the incident and its hooks hold on to what they are given.
      const service = integration.service ? Object.assign(new ServiceEntity(), integration.service) : await m.findOneByOrFail(ServiceEntity, { id: integration.serviceId });
      return this.incidents.declareIn(m, {
        title: title(event.summary), severity, source: 'MONITORING_ALERT', services: [service.name],
        summary: `Alert from ${integration.name}${event.source ? ` (source ${event.source})` : ''}, dedup key ${event.dedupKey}.`,
      }, actor, { services: [service], firstEvents });
    };

    // Most senders have no groups: the alert is written last, complete, so its lock is held only until commit.
    if (!event.groupKey) return declare(async (incident) => [line(await insertAlert(incident.id), 'Alert triggered')]);

    // Grouped: our alert goes in first, so two first alerts of a group see each other in the locking read below
    // (one waits for the other, or the database breaks the deadlock and we retry) and make one incident.
    const alertId = await insertAlert(null);
    const sibling = await this.lockIf(m.createQueryBuilder(Alert, 'a')
      .where('a.integrationId = :i AND a.groupKey = :g AND a.openMarker = 1 AND a.id <> :id AND a.incidentId IS NOT NULL', { i: integration.id, g: event.groupKey, id: alertId }))
      .orderBy('a.id', 'ASC').getOne();
    let change: ChangeResult;
    if (sibling?.incidentId) {
      // Another alert of the same Alertmanager/Grafana group already has an incident: one problem, one incident.
      const incident = await this.loadIncident(m, sibling.incidentId);
      change = { incident, events: await this.incidents.appendEvents(m, incident.id, actor, now, [line(alertId, 'Alert joined')]), afterCommit: [] };
    } else {
      change = await declare(async () => [line(alertId, 'Alert triggered')]);
    }
    await m.update(Alert, { id: alertId }, { incidentId: change.incident.id });
    return change;
  }

  private async acknowledge(integration: Integration, event: AlertEvent, actor: Actor): Promise<IngestResult> {
    const done = await this.tx(async (m) => {
      const open = await this.findOpen(m, integration.id, event.dedupKey);
      if (!open?.incidentId) return null;
      const incident = await this.loadIncident(m, open.incidentId);
      if (open.status !== 'TRIGGERED') return { alert: { incident, events: [], afterCommit: [] }, incidentChange: null };
      const now = this.clock.now();
      await m.update(Alert, { id: open.id }, { status: 'ACKNOWLEDGED', lastEventAt: now });
      const events = await this.incidents.appendEvents(m, incident.id, actor, now, [{
        type: 'ALERT_ACKNOWLEDGED', message: `Alert acknowledged by ${integration.name}: ${open.summary}`, data: { alertId: open.id, dedupKey: open.dedupKey },
      }]);
      this.faultAt?.('alert-updated');
      // The incident moves in the same transaction: a crash leaves the alert and its incident agreeing.
      const incidentChange = incident.status === 'TRIGGERED' ? await this.moveIncident(m, incident.id, 'ACKNOWLEDGED', null, actor) : null;
      return { alert: { incident, events, afterCommit: [] }, incidentChange };
    });
    if (!done) return { dedupKey: event.dedupKey, outcome: 'ignored', incidentId: null };
    await this.publish(done);
    return { dedupKey: event.dedupKey, outcome: 'acknowledged', incidentId: done.alert.incident.id };
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
      this.faultAt?.('alert-updated');
      const incidentChange = stillOpen === 0 && incident.status !== 'RESOLVED'
        ? await this.moveIncident(m, incident.id, 'RESOLVED', 'All of its alerts resolved.', actor) : null;
      return { alert: { incident, events, afterCommit: [] } as ChangeResult, incidentChange };
    });
    if (!done) return { dedupKey: event.dedupKey, outcome: 'ignored', incidentId: null };
    await this.publish(done);
    return { dedupKey: event.dedupKey, outcome: 'resolved', incidentId: done.alert.incident.id };
  }

  /**
   * The incident change an alert event causes, in the alert's transaction. A transition the lifecycle refuses (the
   * incident moved on by itself) changes nothing; losing the version check to a concurrent writer redoes the whole
   * transaction, alert included.
   */
  private async moveIncident(m: EntityManager, id: number, to: 'ACKNOWLEDGED' | 'RESOLVED', note: string | null, actor: Actor): Promise<ChangeResult | null> {
    let change: ChangeResult | null;
    try {
      change = await this.incidents.transitionIn(m, id, to, note, actor);
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.INVALID_TRANSITION) return null;
      throw e;
    }
    if (!change) throw new IncidentMoved();
    return change;
  }

  /** After commit: the alert's timeline lines, then the incident change (which publishes the incident itself). */
  private async publish(done: { alert: ChangeResult; incidentChange: ChangeResult | null }): Promise<void> {
    if (done.incidentChange) {
      this.incidents.publishEvents(done.alert.events);
      await this.incidents.commit(done.incidentChange);
    } else if (done.alert.events.length) {
      await this.incidents.commit(done.alert);
    }
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

  /** The incident with its services, in one query (it is published after commit). */
  private async loadIncident(m: EntityManager, id: number): Promise<Incident> {
    const incident = await m.createQueryBuilder(Incident, 'i').leftJoinAndSelect('i.services', 's').where('i.id = :id', { id }).getOneOrFail();
    incident.services?.sort((a, b) => a.name.localeCompare(b.name));
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
        if (!(isTransient(e) || e instanceof IncidentMoved) || attempt >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  }
}
