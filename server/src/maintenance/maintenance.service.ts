import { EntityManager, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import {
  Actor,
  Clock,
  DomainError,
  ErrorCode,
  activeWindows,
  maintenanceWindowProblem,
  optionalText,
  validationError,
} from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Database } from '../db/data-source';
import { MaintenanceWindow } from '../model/maintenance.entity';

export interface MaintenanceDraft {
  serviceId: number;
  startsAt?: Date | null;
  endsAt?: Date | null;
  reason?: string | null;
}

function check(startsAt: Date, endsAt: Date | null): void {
  const problem = maintenanceWindowProblem(startsAt, endsAt);
  if (problem) throw validationError(problem.field, problem.message);
}

/** Hears of a new window inside its transaction (the status page shows it: subscribers are told), then after commit. */
export interface MaintenanceListener {
  scheduled(m: EntityManager, window: MaintenanceWindow, now: Date): Promise<void>;
  committed(): void;
}

/** Maintenance windows per service; `activeFor` tells ingestion and escalation not to page. */
export class MaintenanceService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly listener: MaintenanceListener | null = null,
  ) {}

  /** Schedules a window, or starts one now when no start is given. */
  async create(draft: MaintenanceDraft, actor: Actor): Promise<MaintenanceWindow> {
    const now = this.clock.now();
    const startsAt = draft.startsAt ?? now;
    const endsAt = draft.endsAt ?? null;
    check(startsAt, endsAt);
    if (endsAt && endsAt.getTime() <= now.getTime()) throw validationError('endsAt', 'endsAt must be in the future.');
    const reason = optionalText('reason', draft.reason, 2000);
    const window = await this.db.transaction(async (m) => {
      if (!(await m.findOne(ServiceEntity, { where: { id: draft.serviceId } }))) {
        throw new DomainError(ErrorCode.NOT_FOUND, `No service with id ${draft.serviceId}.`, 'serviceId');
      }
      const saved = await m.save(
        m.create(MaintenanceWindow, {
          serviceId: draft.serviceId,
          startsAt,
          endsAt,
          reason,
          createdBy: actor.name,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.listener?.scheduled(m, saved, now);
      return saved;
    });
    this.listener?.committed();
    return window;
  }

  /** Changes a window's times or reason. */
  async update(
    id: number,
    patch: { startsAt?: Date | null; endsAt?: Date | null; reason?: string | null },
  ): Promise<MaintenanceWindow> {
    const reason =
      patch.reason === undefined || patch.reason === null ? undefined : optionalText('reason', patch.reason, 2000);
    return this.db.transaction(async (m) => {
      const found = await this.find(id, m);
      const startsAt = patch.startsAt ?? found.startsAt;
      const endsAt = patch.endsAt ?? found.endsAt;
      check(startsAt, endsAt);
      Object.assign(found, {
        startsAt,
        endsAt,
        ...(reason !== undefined ? { reason } : {}),
        updatedAt: this.clock.now(),
      });
      return m.save(found);
    });
  }

  /** Ends a window now (or leaves it if it already ended); a window that has not started is ended at its start. */
  async end(id: number): Promise<MaintenanceWindow> {
    return this.db.transaction(async (m) => {
      const found = await this.find(id, m);
      const now = this.clock.now();
      if (found.endsAt && found.endsAt.getTime() <= now.getTime()) return found;
      if (found.startsAt.getTime() >= now.getTime()) {
        throw validationError('id', 'This window has not started yet; delete it instead.');
      }
      Object.assign(found, { endsAt: now, updatedAt: now });
      return m.save(found);
    });
  }

  /** Deletes a window. */
  async remove(id: number): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const found = await this.find(id, m);
      await m.delete(MaintenanceWindow, { id: found.id });
      return true;
    });
  }

  /** Windows, newest start first, optionally for one service. */
  list(serviceId: number | null): Promise<MaintenanceWindow[]> {
    return this.db.dataSource.getRepository(MaintenanceWindow).find({
      where: serviceId ? { serviceId } : {},
      order: { startsAt: 'DESC', id: 'DESC' },
      take: 500,
    });
  }

  /**
   * The windows active at `at` for any of the services: alerts for those services must not page. Inside a
   * transaction pass its manager: a second pooled connection per transaction starves the pool under load.
   */
  async activeFor(
    serviceIds: number[],
    at: Date,
    m: EntityManager = this.db.dataSource.manager,
  ): Promise<MaintenanceWindow[]> {
    if (!serviceIds.length) return [];
    const rows = await m.getRepository(MaintenanceWindow).find({
      where: [
        { serviceId: In(serviceIds), startsAt: LessThanOrEqual(at), endsAt: IsNull() },
        { serviceId: In(serviceIds), startsAt: LessThanOrEqual(at), endsAt: MoreThan(at) },
      ],
      order: { startsAt: 'ASC', id: 'ASC' },
    });
    return activeWindows(rows, at);
  }

  private async find(id: number, m: EntityManager): Promise<MaintenanceWindow> {
    const found = await m.findOne(MaintenanceWindow, { where: { id } });
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, `No maintenance window with id ${id}.`, 'id');
    return found;
  }
}
