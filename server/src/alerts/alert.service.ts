import { NewestRows } from '../db/newest';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Actor, Clock, DomainError, ErrorCode, mapAlertSeverity } from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Database } from '../db/data-source';
import { Incident } from '../model/incident.entity';
import { sqlTime } from '../metrics';
import { EventDraft, IncidentChange, IncidentReaction, IncidentService } from '../incidents';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { retryTransient } from '../db/transient';
import { Integration } from '../model/integration.entity';
import { Alert } from '../model/alert.entity';
import { AlertEvent } from './alert.payloads';

type IngestOutcome = 'opened' | 'added' | 'acknowledged' | 'resolved' | 'ignored';

export interface IngestResult {
  dedupKey: string;
  outcome: IngestOutcome;
  incidentId: number | null;
}

const MAX_ATTEMPTS = 8;

/** What a trigger's transaction did: opened an alert (and maybe an incident), or counted a repeat. */
type Triggered = { opened: true; incident: Incident } | { opened: false; incidentId: number };

/** Thrown inside a trigger's transaction to roll it back and start over: a concurrent sender won the key. */
class LostRace extends Error {}

/** Thrown inside an alert event's transaction when its incident was changed concurrently: redo the whole event. */
class IncidentMoved extends Error {}

/** The sender "said" nothing to Vigil a second time: a unique index refused a second open alert for the key. */
function isDuplicateKey(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = err.driverError?.code ?? err.code;
  return (
    code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || (err.driverError?.errno ?? err.errno) === 1062
  );
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

  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
  ) {}

  private readonly newest = new NewestRows(this.db, Alert);

  /** The reaction that closes an incident's alerts when a person resolves it, so the next trigger opens a new incident. */
  readonly closeAlertsOnResolve: IncidentReaction = {
    name: 'alerts.closeOnResolve',
    react: (change) => this.closeAlerts(change),
  };

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

  /** The newest `last` alerts of an incident, oldest first. */
  forIncident(incidentId: number, last: number): Promise<Alert[]> {
    return this.newest.of(incidentId, last);
  }

  /**
   * One transaction per trigger: one indexed lookup of the open alert, then either a repeat (update it, one
   * timeline line) or a new alert with its incident, first timeline lines and the hooks' paging and outbox rows.
   */
  private async trigger(integration: Integration, event: AlertEvent, actor: Actor): Promise<IngestResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let done: Triggered;
      try {
        done = await this.tx((uow) => this.applyTrigger(uow, integration, event, actor));
      } catch (e) {
        // Another sender opened this key first: our transaction rolled back; next time the lookup finds its alert.
        if (e instanceof LostRace) continue;
        throw e;
      }
      if (done.opened) return { dedupKey: event.dedupKey, outcome: 'opened', incidentId: done.incident.id };
      return { dedupKey: event.dedupKey, outcome: 'added', incidentId: done.incidentId };
    }
    throw new DomainError(ErrorCode.CONFLICT, 'The alert is changing too fast; try again.', 'dedup_key');
  }

  /**
   * The hot path, in plain SQL (the same text on SQLite and MySQL): TypeORM's query builder costs several times
   * the round trip itself in CPU, and a storm of alerts is CPU-bound in this process.
   */
  private async applyTrigger(
    uow: UnitOfWork,
    integration: Integration,
    event: AlertEvent,
    actor: Actor,
  ): Promise<Triggered> {
    const m = uow.manager;
    // A plain read first: a locking read of a key that is not there would lock the index gap on MySQL, and two
    // senders opening neighbouring new keys would deadlock on it. Only a key that exists is then locked, by id.
    const [seen] = await m.query<Array<{ id: number }>>(
      'SELECT id FROM alert WHERE integrationId = ? AND dedupKey = ? AND openMarker = 1',
      [integration.id, event.dedupKey],
    );
    if (!seen) return { opened: true, incident: await this.open(uow, integration, event, actor) };
    const [open] = await m.query<
      Array<{
        incidentId: number | null;
        dedupKey: string;
        triggerCount: number;
        summary: string;
        openMarker: number | null;
      }>
    >(
      `SELECT incidentId, dedupKey, triggerCount, summary, openMarker FROM alert WHERE id = ?${this.db.kind === 'sqlite' ? '' : ' FOR UPDATE'}`,
      [seen.id],
    );
    // Resolved since the plain read, or (grouped) not yet given its incident: start over on fresh state.
    if (!open || Number(open.openMarker) !== 1 || open.incidentId === null) throw new LostRace();
    const now = this.clock.now();
    const count = Number(open.triggerCount) + 1;
    const incidentId = Number(open.incidentId);
    // A repeat says what the sender sees now: its labels (an error_rate above all) replace the first firing's.
    await m.query(
      'UPDATE alert SET triggerCount = ?, lastEventAt = ?, lastTriggeredAt = ?, details = COALESCE(?, details) WHERE id = ?',
      [count, sqlTime(now), sqlTime(now), event.details === null ? null : JSON.stringify(event.details), seen.id],
    );
    // A repeat changes the alert, not the incident: subscribers hear of the timeline line only.
    await this.incidents.appendEvents(uow, incidentId, actor, now, [
      {
        type: 'ALERT_REPEATED',
        message: `Alert fired again (${count}×) from ${integration.name}: ${open.summary}`,
        data: { alertId: Number(seen.id), dedupKey: open.dedupKey, triggerCount: count },
      },
    ]);
    return { opened: false, incidentId };
  }

  /**
   * A new alert and its incident. The unique index on open alerts is the final word on dedup: a duplicate-key
   * error means a concurrent sender committed the same key first, and the whole transaction is redone.
   */
  private async open(uow: UnitOfWork, integration: Integration, event: AlertEvent, actor: Actor): Promise<Incident> {
    const m = uow.manager;
    const now = this.clock.now();
    const severity = mapAlertSeverity(
      { severity: event.severityWord, labels: event.labels },
      integration.severityMapping,
    );
    const insertAlert = async (incidentId: number | null): Promise<number> => {
      try {
        // insert, not save: save would read the row back; only the generated id is needed.
        const inserted = await m.insert(Alert, {
          integrationId: integration.id,
          incidentId,
          dedupKey: event.dedupKey,
          openMarker: 1,
          groupKey: event.groupKey,
          status: 'TRIGGERED',
          summary: event.summary,
          source: event.source,
          severity,
          alertSeverity: event.severityWord,
          // A JSON column: TypeORM's partial type would recurse into the object, which it stores whole.
          details: event.details as QueryDeepPartialEntity<Alert>['details'],
          triggerCount: 1,
          createdAt: now,
          lastEventAt: now,
          lastTriggeredAt: null,
          resolvedAt: null,
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
      data: {
        alertId,
        integrationId: integration.id,
        dedupKey: event.dedupKey,
        severity,
        alertSeverity: event.severityWord,
        source: event.source,
      },
    });
    const declare = async (firstEvents: (incident: Incident) => Promise<EventDraft[]>) => {
      // The routes' cached lookup brings the service along; anyone else's integration gets it loaded here.
      // A copy of the cached one: the incident and its hooks hold on to what they are given.
      const service = integration.service
        ? Object.assign(new ServiceEntity(), integration.service)
        : await m.findOneByOrFail(ServiceEntity, { id: integration.serviceId });
      return this.incidents.declareIn(
        uow,
        {
          title: title(event.summary),
          severity,
          source: 'MONITORING_ALERT',
          services: [service.name],
          summary: `Alert from ${integration.name}${event.source ? ` (source ${event.source})` : ''}, dedup key ${event.dedupKey}.`,
        },
        actor,
        { services: [service], firstEvents },
      );
    };

    // Most senders have no groups: the alert is written last, complete, so its lock is held only until commit.
    if (!event.groupKey) return declare(async (incident) => [line(await insertAlert(incident.id), 'Alert triggered')]);

    // Grouped: our alert goes in first, so two first alerts of a group see each other in the locking read below
    // (one waits for the other, or the database breaks the deadlock and we retry) and make one incident.
    const alertId = await insertAlert(null);
    const sibling = await this.lockIf(
      m
        .createQueryBuilder(Alert, 'a')
        .where(
          'a.integrationId = :i AND a.groupKey = :g AND a.openMarker = 1 AND a.id <> :id AND a.incidentId IS NOT NULL',
          { i: integration.id, g: event.groupKey, id: alertId },
        ),
    )
      .orderBy('a.id', 'ASC')
      .getOne();
    let incident: Incident;
    if (sibling?.incidentId) {
      // Another alert of the same Alertmanager/Grafana group already has an incident: one problem, one incident.
      incident = await this.incidents.loadIn(m, sibling.incidentId);
      await this.incidents.appendEvents(uow, incident.id, actor, now, [line(alertId, 'Alert joined')]);
      this.incidents.changed(uow, incident);
    } else {
      incident = await declare(async () => [line(alertId, 'Alert triggered')]);
    }
    await m.update(Alert, { id: alertId }, { incidentId: incident.id });
    return incident;
  }

  private async acknowledge(integration: Integration, event: AlertEvent, actor: Actor): Promise<IngestResult> {
    const incidentId = await this.tx(async (uow) => {
      const m = uow.manager;
      const open = await this.findOpen(m, integration.id, event.dedupKey);
      if (!open?.incidentId) return null;
      const incident = await this.incidents.loadIn(m, open.incidentId);
      if (open.status !== 'TRIGGERED') return incident.id;
      const now = this.clock.now();
      await m.update(Alert, { id: open.id }, { status: 'ACKNOWLEDGED', lastEventAt: now });
      await this.incidents.appendEvents(uow, incident.id, actor, now, [
        {
          type: 'ALERT_ACKNOWLEDGED',
          message: `Alert acknowledged by ${integration.name}: ${open.summary}`,
          data: { alertId: open.id, dedupKey: open.dedupKey },
        },
      ]);
      this.faultAt?.('alert-updated');
      // The incident moves in the same transaction: a crash leaves the alert and its incident agreeing.
      const moved =
        incident.status === 'TRIGGERED' && (await this.moveIncident(uow, incident.id, 'ACKNOWLEDGED', null, actor));
      if (!moved) this.incidents.changed(uow, incident);
      return incident.id;
    });
    if (incidentId === null) return { dedupKey: event.dedupKey, outcome: 'ignored', incidentId: null };
    return { dedupKey: event.dedupKey, outcome: 'acknowledged', incidentId };
  }

  private async resolve(integration: Integration, event: AlertEvent, actor: Actor): Promise<IngestResult> {
    const incidentId = await this.tx(async (uow) => {
      const m = uow.manager;
      const open = await this.findOpen(m, integration.id, event.dedupKey);
      if (!open?.incidentId) return null;
      // Serialise resolves per incident, so exactly one of them sees "no alert left open".
      const incident = await this.lockIf(
        m.createQueryBuilder(Incident, 'i').where('i.id = :id', { id: open.incidentId }),
      ).getOneOrFail();
      await this.incidents.attachServices([incident], m);
      const now = this.clock.now();
      await m.update(
        Alert,
        { id: open.id },
        { status: 'RESOLVED', openMarker: null, resolvedAt: now, lastEventAt: now },
      );
      const stillOpen = await this.lockIf(
        m.createQueryBuilder(Alert, 'a').where('a.incidentId = :id AND a.openMarker = 1', { id: incident.id }),
      ).getCount();
      await this.incidents.appendEvents(uow, incident.id, actor, now, [
        {
          type: 'ALERT_RESOLVED',
          message: `Alert resolved by ${integration.name}: ${open.summary}${stillOpen ? ` (${stillOpen} still open)` : ''}`,
          data: { alertId: open.id, dedupKey: open.dedupKey, stillOpen },
        },
      ]);
      this.faultAt?.('alert-updated');
      const moved =
        stillOpen === 0 &&
        incident.status !== 'RESOLVED' &&
        (await this.moveIncident(uow, incident.id, 'RESOLVED', 'All of its alerts resolved.', actor));
      if (!moved) this.incidents.changed(uow, incident);
      return incident.id;
    });
    if (incidentId === null) return { dedupKey: event.dedupKey, outcome: 'ignored', incidentId: null };
    return { dedupKey: event.dedupKey, outcome: 'resolved', incidentId };
  }

  /**
   * The incident change an alert event causes, in the alert's transaction. A transition the lifecycle refuses (the
   * incident moved on by itself) changes nothing; losing the version check to a concurrent writer redoes the whole
   * transaction, alert included.
   */
  private async moveIncident(
    uow: UnitOfWork,
    id: number,
    to: 'ACKNOWLEDGED' | 'RESOLVED',
    note: string | null,
    actor: Actor,
  ): Promise<boolean> {
    let moved: Incident | null;
    try {
      moved = await this.incidents.transitionIn(uow, id, to, note, actor);
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.INVALID_TRANSITION) return false;
      throw e;
    }
    if (!moved) throw new IncidentMoved();
    return true;
  }

  private async closeAlerts(change: IncidentChange): Promise<void> {
    if (change.incident.status !== 'RESOLVED' || !change.before || change.before.status === 'RESOLVED') return;
    await change.manager.update(
      Alert,
      { incidentId: change.incident.id, openMarker: 1 },
      {
        status: 'RESOLVED',
        openMarker: null,
        resolvedAt: change.now,
        lastEventAt: change.now,
      },
    );
  }

  private findOpen(m: EntityManager, integrationId: number, dedupKey: string): Promise<Alert | null> {
    return this.lockIf(
      m
        .createQueryBuilder(Alert, 'a')
        .where('a.integrationId = :i AND a.dedupKey = :k AND a.openMarker = 1', { i: integrationId, k: dedupKey }),
    ).getOne();
  }

  /** Locking reads on MySQL (they see the latest commit, not the snapshot); SQLite has one writer anyway. */
  private lockIf<T extends object>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    return this.db.kind === 'sqlite' ? qb : qb.setLock('pessimistic_write');
  }

  /** One unit of work, redone on deadlock or lock timeout, or when its incident moved meanwhile. */
  private tx<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return retryTransient(
      () => this.units.run(work),
      MAX_ATTEMPTS,
      (e) => e instanceof IncidentMoved,
    );
  }
}
