import crypto from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  Actor,
  Clock,
  DomainError,
  ErrorCode,
  LIMITS,
  heartbeatDeadline,
  onHeartbeatPing,
  requireText,
  validateHeartbeatTiming,
  validationError,
  formatUtc,
} from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Database } from '../db/data-source';
import { IncidentService } from '../incidents';
import { Units } from '../db/unit-of-work';
import { HeartbeatMonitor } from '../model/heartbeat.entity';
import { HeartbeatMonitorInput, HeartbeatMonitorWithKey, UpdateHeartbeatMonitorInput } from './heartbeat.inputs';
import { Job } from '../jobs/job-runner';

const KEY_BYTES = 32;
const PREFIX_LENGTH = 6;
const BATCH = 50;
const ACTOR: Actor = { kind: 'SYSTEM', name: 'Heartbeat monitor', userId: null, role: 'RESPONDER' };

/** sha256 hex: ping keys are 256 random bits, so a fast indexed hash is enough. */
function hashHeartbeatKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

/**
 * Heartbeat monitors: silence past interval + grace opens an incident (once per outage), the next ping resolves it.
 * All state is in the database and every transition is a conditional update, so restarts and replicas agree.
 */
export class HeartbeatService {
  /** Sweeps run one after another in a process, so a test's `runOnce()` sees the loop's work finished. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
    private readonly publicUrl: string,
  ) {}

  list(serviceId: number | null): Promise<HeartbeatMonitor[]> {
    return this.db.dataSource
      .getRepository(HeartbeatMonitor)
      .find({ where: serviceId ? { serviceId } : {}, order: { id: 'ASC' } });
  }

  /** Creates a monitor; its key is in the answer only. The first deadline counts from creation. */
  async create(input: HeartbeatMonitorInput, serviceId: number): Promise<HeartbeatMonitorWithKey> {
    const name = requireText('name', input.name, 1, LIMITS.serviceName);
    validateHeartbeatTiming(input.intervalSeconds, input.graceSeconds);
    const key = crypto.randomBytes(KEY_BYTES).toString('base64url');
    const monitor = await this.db.transaction(async (m) => {
      if (!(await m.findOne(ServiceEntity, { where: { id: serviceId } })))
        throw validationError('serviceId', `No service with id ${serviceId}.`);
      if (await m.findOne(HeartbeatMonitor, { where: { serviceId, name } }))
        throw validationError('name', `The service already has a heartbeat named "${name}".`);
      const now = this.clock.now();
      return m.save(
        m.create(HeartbeatMonitor, {
          serviceId,
          name,
          intervalSeconds: input.intervalSeconds,
          graceSeconds: input.graceSeconds,
          severity: input.severity ?? 'P2',
          keyHash: hashHeartbeatKey(key),
          keyPrefix: key.slice(0, PREFIX_LENGTH),
          status: 'UP',
          lastPingAt: null,
          dueAt: heartbeatDeadline(now, input.intervalSeconds, input.graceSeconds),
          incidentId: null,
          version: 1,
          createdAt: now,
        }),
      );
    });
    return { monitor, key, pingUrl: `${this.publicUrl}/api/heartbeats/${key}` };
  }

  /** Changes name, timing or severity; a new timing moves the deadline from the last ping. */
  async update(id: number, input: UpdateHeartbeatMonitorInput): Promise<HeartbeatMonitor> {
    return this.db.transaction(async (m) => {
      const monitor = await this.get(m, id);
      const name =
        input.name === undefined || input.name === null
          ? monitor.name
          : requireText('name', input.name, 1, LIMITS.serviceName);
      const interval = input.intervalSeconds ?? monitor.intervalSeconds;
      const grace = input.graceSeconds ?? monitor.graceSeconds;
      validateHeartbeatTiming(interval, grace);
      const dueAt = heartbeatDeadline(monitor.lastPingAt ?? monitor.createdAt, interval, grace);
      Object.assign(monitor, {
        name,
        intervalSeconds: interval,
        graceSeconds: grace,
        severity: input.severity ?? monitor.severity,
        dueAt,
        version: monitor.version + 1,
      });
      return m.save(monitor);
    });
  }

  async remove(id: number): Promise<boolean> {
    return this.db.transaction(async (m) => {
      await this.get(m, id);
      await m.delete(HeartbeatMonitor, { id });
      return true;
    });
  }

  /** A ping: moves the deadline; a DOWN monitor comes back UP and its incident resolves. Null for an unknown key. */
  async ping(key: string): Promise<HeartbeatMonitor | null> {
    const repo = this.db.dataSource.getRepository(HeartbeatMonitor);
    for (let attempt = 0; attempt < 8; attempt++) {
      const monitor = await repo.findOne({ where: { keyHash: hashHeartbeatKey(key) } });
      if (!monitor) return null;
      const now = this.clock.now();
      const { state, recovered } = onHeartbeatPing(monitor.status);
      const incidentId = monitor.incidentId;
      const done = await this.units.run(async (uow) => {
        const m = uow.manager;
        const changed = await m
          .createQueryBuilder()
          .update(HeartbeatMonitor)
          .set({
            status: state,
            lastPingAt: now,
            dueAt: heartbeatDeadline(now, monitor.intervalSeconds, monitor.graceSeconds),
            incidentId: null,
            version: monitor.version + 1,
          })
          .where('id = :id AND version = :v', { id: monitor.id, v: monitor.version })
          .execute();
        if (changed.affected !== 1) return null;
        if (!recovered || incidentId === null) return { recoveredIncident: null };
        await this.incidents.appendEvents(uow, incidentId, ACTOR, now, [
          {
            type: 'HEARTBEAT_RECOVERED',
            message: `Heartbeat "${monitor.name}" pinged again`,
            data: { monitorId: monitor.id },
          },
        ]);
        await this.incidents.changedById(uow, incidentId);
        return { recoveredIncident: incidentId };
      });
      if (!done) continue;
      if (done.recoveredIncident !== null) await this.resolveQuietly(done.recoveredIncident, monitor.name);
      return repo.findOneByOrFail({ id: monitor.id });
    }
    throw new DomainError(ErrorCode.CONFLICT, 'The monitor is changing too fast; ping again.', 'key');
  }

  /** Fires every missed deadline now due; returns how many incidents this sweep opened. */
  runOnce(): Promise<number> {
    const next = this.chain.then(() => this.sweep());
    this.chain = next.catch(() => 0);
    return next;
  }

  private async sweep(): Promise<number> {
    let opened = 0;
    for (;;) {
      const now = this.clock.now();
      const due = await this.db.dataSource
        .getRepository(HeartbeatMonitor)
        .createQueryBuilder('h')
        .where("h.status = 'UP' AND h.dueAt < :now", { now })
        .orderBy('h.dueAt', 'ASC')
        .take(BATCH)
        .getMany();
      for (const monitor of due) if (await this.fire(monitor, now)) opened++;
      if (due.length < BATCH) return opened;
    }
  }

  /** The deadline check as a timer job; its first pass catches up on deadlines missed while no server was running. */
  job(everyMs = 15_000): Job {
    return { name: 'heartbeats', everyMs, run: () => this.runOnce() };
  }

  /** Waits for a sweep in progress (after the job runner stopped). */
  async stop(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  /** Claims the monitor with a conditional update (one replica wins) and opens its incident in the same transaction. */
  private async fire(monitor: HeartbeatMonitor, now: Date): Promise<boolean> {
    return this.units.run(async (uow) => {
      const m = uow.manager;
      const claimed = await m
        .createQueryBuilder()
        .update(HeartbeatMonitor)
        .set({ status: 'DOWN', version: monitor.version + 1 })
        .where("id = :id AND version = :v AND status = 'UP'", { id: monitor.id, v: monitor.version })
        .execute();
      if (claimed.affected !== 1) return false;
      const service = await m.findOneByOrFail(ServiceEntity, { id: monitor.serviceId });
      const incident = await this.incidents.declareIn(
        uow,
        {
          title: `Heartbeat missed: ${monitor.name} (${service.name})`.slice(0, LIMITS.title),
          severity: monitor.severity,
          source: 'MONITORING_ALERT',
          services: [service.name],
          summary: `No ping from heartbeat "${monitor.name}" since ${formatUtc(monitor.lastPingAt ?? monitor.createdAt)} (expected every ${monitor.intervalSeconds} s, grace ${monitor.graceSeconds} s).`,
        },
        ACTOR,
      );
      await this.incidents.appendEvents(uow, incident.id, ACTOR, now, [
        {
          type: 'HEARTBEAT_MISSED',
          message: `Heartbeat "${monitor.name}" missed its deadline ${formatUtc(monitor.dueAt)}`,
          data: {
            monitorId: monitor.id,
            dueAt: monitor.dueAt.toISOString(),
            lastPingAt: monitor.lastPingAt?.toISOString() ?? null,
          },
        },
      ]);
      await m.update(HeartbeatMonitor, { id: monitor.id }, { incidentId: incident.id });
      return true;
    });
  }

  private async resolveQuietly(incidentId: number, name: string): Promise<void> {
    try {
      await this.incidents.resolve(incidentId, `Heartbeat "${name}" is pinging again.`, ACTOR);
    } catch (e) {
      // Someone resolved it already: the ping still counts.
      if (!(e instanceof DomainError) || (e.code !== ErrorCode.INVALID_TRANSITION && e.code !== ErrorCode.CONFLICT))
        throw e;
    }
  }

  private async get(m: EntityManager, id: number): Promise<HeartbeatMonitor> {
    const monitor = await m.findOne(HeartbeatMonitor, { where: { id } });
    if (!monitor) throw new DomainError(ErrorCode.NOT_FOUND, `No heartbeat monitor with id ${id}.`, 'id');
    return monitor;
  }
}
