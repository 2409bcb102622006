import { EntityManager, In, MoreThan } from 'typeorm';
import {
  Clock,
  DAY,
  DomainError,
  ErrorCode,
  OnCallSegment,
  OverrideKind,
  RotationSpec,
  ScheduleSpec,
  ShiftUnit,
  assertMayBePaged,
  currentShift,
  nextHandoff,
  onCallSegments,
  optionalText,
  requireText,
  validateRotation,
  validationError,
  whoIsOnCall,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { parseId } from '../graphql/ids';
import { User } from '../model/user.entity';
import { Rotation, Schedule, ScheduleOverride } from '../model/oncall.entity';

export interface RotationFields {
  name: string;
  shiftUnit: ShiftUnit;
  shiftCount?: number | null;
  handoffTime: string;
  timeZone: string;
  startDate: string;
  participantIds: string[];
}

export interface OverrideFields {
  kind: OverrideKind;
  userId: string;
  replacedUserId?: string | null;
  startsAt: Date;
  endsAt: Date;
  reason?: string | null;
}

/** How far back overrides are loaded: the current shift's start is searched no further. */
const LOOKBACK_MS = 90 * DAY;

function rotationSpec(r: Rotation): RotationSpec {
  return {
    shiftUnit: r.shiftUnit,
    shiftCount: r.shiftCount,
    handoffTime: r.handoffTime,
    timeZone: r.timeZone,
    startDate: r.startDate,
    participants: r.participantIds,
    addedAt: r.createdAt,
  };
}

/** Schedules, rotations and overrides; who is on call is decided by shared/src/domain/oncall.ts. */
export class OnCallService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  list(): Promise<Schedule[]> {
    return this.db.dataSource.getRepository(Schedule).find({ order: { name: 'ASC' } });
  }

  async get(id: number, m: EntityManager = this.db.dataSource.manager): Promise<Schedule> {
    const schedule = await m.findOne(Schedule, { where: { id } });
    if (!schedule) throw new DomainError(ErrorCode.NOT_FOUND, `No schedule with id ${id}.`, 'id');
    return schedule;
  }

  /** Creates a schedule; names are unique. */
  async create(input: { name: string; description?: string | null }): Promise<Schedule> {
    const name = requireText('name', input.name, 1, 100);
    const description = optionalText('description', input.description, 2000);
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      if (await m.exists(Schedule, { where: { name } }))
        throw new DomainError(ErrorCode.CONFLICT, `A schedule named ${name} exists.`, 'name');
      return m.save(m.create(Schedule, { name, description, createdAt: now, updatedAt: now }));
    });
  }

  /** Renames or re-describes a schedule: only what the patch names (description null clears it). */
  async update(id: number, patch: { name?: string | null; description?: string | null }): Promise<Schedule> {
    const name = patch.name === undefined || patch.name === null ? null : requireText('name', patch.name, 1, 100);
    const description =
      patch.description === undefined ? undefined : optionalText('description', patch.description, 2000);
    return this.db.transaction(async (m) => {
      const schedule = await this.get(id, m);
      if (name !== null) {
        const clash = await m.findOne(Schedule, { where: { name } });
        if (clash && clash.id !== id)
          throw new DomainError(ErrorCode.CONFLICT, `A schedule named ${name} exists.`, 'name');
        schedule.name = name;
      }
      if (description !== undefined) schedule.description = description;
      schedule.updatedAt = this.clock.now();
      return m.save(schedule);
    });
  }

  /** Deletes a schedule with its rotations and overrides. */
  async remove(id: number): Promise<boolean> {
    return this.db.transaction(async (m) => {
      await this.get(id, m);
      await m.delete(Schedule, { id });
      return true;
    });
  }

  rotations(scheduleId: number, m: EntityManager = this.db.dataSource.manager): Promise<Rotation[]> {
    return m.find(Rotation, { where: { scheduleId }, order: { id: 'ASC' } });
  }

  /** Overrides that end after `since`, in start order. */
  overrides(
    scheduleId: number,
    since: Date,
    m: EntityManager = this.db.dataSource.manager,
  ): Promise<ScheduleOverride[]> {
    return m.find(ScheduleOverride, {
      where: { scheduleId, endsAt: MoreThan(since) },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
  }

  /** Adds a rotation; every participant must be an existing user who can answer a page. */
  async addRotation(scheduleId: number, input: RotationFields): Promise<Rotation> {
    const fields = await this.rotationFields(input);
    return this.db.transaction(async (m) => {
      await this.get(scheduleId, m);
      await this.requireUsers(m, fields.participantIds, 'participantIds', 'The rotation');
      return m.save(m.create(Rotation, { ...fields, scheduleId, createdAt: this.clock.now() }));
    });
  }

  /** Changes the rotation settings the patch names and keeps the rest; the result is validated as a whole. */
  async updateRotation(
    id: number,
    patch: Partial<{ [K in keyof RotationFields]: RotationFields[K] | null }>,
  ): Promise<Rotation> {
    return this.db.transaction(async (m) => {
      const rotation = await m.findOne(Rotation, { where: { id } });
      if (!rotation) throw new DomainError(ErrorCode.NOT_FOUND, `No rotation with id ${id}.`, 'id');
      const fields = await this.rotationFields({
        name: patch.name ?? rotation.name,
        shiftUnit: patch.shiftUnit ?? rotation.shiftUnit,
        shiftCount: patch.shiftCount ?? rotation.shiftCount,
        handoffTime: patch.handoffTime ?? rotation.handoffTime,
        timeZone: patch.timeZone ?? rotation.timeZone,
        startDate: patch.startDate ?? rotation.startDate,
        participantIds: patch.participantIds ?? rotation.participantIds.map(String),
      });
      // Only a new list is checked for who can answer: renaming a rotation is not refused over someone demoted since.
      await this.requireUsers(
        m,
        fields.participantIds,
        'participantIds',
        patch.participantIds ? 'The rotation' : undefined,
      );
      return m.save(Object.assign(rotation, fields));
    });
  }

  async removeRotation(id: number): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const result = await m.delete(Rotation, { id });
      if (!result.affected) throw new DomainError(ErrorCode.NOT_FOUND, `No rotation with id ${id}.`, 'id');
      return true;
    });
  }

  /** Adds, removes or replaces a person for [startsAt, endsAt). */
  async addOverride(scheduleId: number, input: OverrideFields): Promise<ScheduleOverride> {
    if (!['ADD', 'REMOVE', 'REPLACE'].includes(input.kind))
      throw validationError('kind', 'kind must be ADD, REMOVE or REPLACE.');
    const userId = parseId(input.userId, 'userId');
    const replacedUserId = input.replacedUserId ? parseId(input.replacedUserId, 'replacedUserId') : null;
    if (input.kind === 'REPLACE' && !replacedUserId)
      throw validationError('replacedUserId', 'A REPLACE override names who is replaced.');
    if (input.kind !== 'REPLACE' && replacedUserId)
      throw validationError('replacedUserId', 'Only a REPLACE override names who is replaced.');
    if (replacedUserId === userId) throw validationError('replacedUserId', 'A person cannot replace themselves.');
    if (!(input.endsAt.getTime() > input.startsAt.getTime()))
      throw validationError('endsAt', 'endsAt must be after startsAt.');
    if (input.endsAt.getTime() - input.startsAt.getTime() > 366 * DAY)
      throw validationError('endsAt', 'An override lasts at most a year.');
    const reason = optionalText('reason', input.reason, 500);
    return this.db.transaction(async (m) => {
      await this.get(scheduleId, m);
      // The person an ADD or REPLACE puts on call is paged; the one a REMOVE takes off is not.
      await this.requireUsers(m, [userId], 'userId', input.kind === 'REMOVE' ? undefined : 'The override');
      if (replacedUserId) await this.requireUsers(m, [replacedUserId], 'replacedUserId');
      return m.save(
        m.create(ScheduleOverride, {
          scheduleId,
          kind: input.kind,
          userId,
          replacedUserId,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          reason,
          createdAt: this.clock.now(),
        }),
      );
    });
  }

  async removeOverride(id: number): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const result = await m.delete(ScheduleOverride, { id });
      if (!result.affected) throw new DomainError(ErrorCode.NOT_FOUND, `No override with id ${id}.`, 'id');
      return true;
    });
  }

  /** The schedule as the domain sees it, with overrides that matter around `at`. */
  async spec(scheduleId: number, at: Date, m: EntityManager = this.db.dataSource.manager): Promise<ScheduleSpec> {
    const [rotations, overrides] = await Promise.all([
      this.rotations(scheduleId, m),
      this.overrides(scheduleId, new Date(at.getTime() - LOOKBACK_MS), m),
    ]);
    return {
      rotations: rotations.map(rotationSpec),
      overrides: overrides.map((o) => ({
        kind: o.kind,
        userId: o.userId,
        replacedUserId: o.replacedUserId,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
      })),
    };
  }

  /** Ids of the people on call in a schedule at `at`. */
  async onCallUserIds(m: EntityManager, scheduleId: number, at: Date): Promise<number[]> {
    return whoIsOnCall(await this.spec(scheduleId, at, m), at);
  }

  /** The shift in progress at `at`. */
  async currentShift(scheduleId: number, at: Date): Promise<OnCallSegment> {
    return currentShift(await this.spec(scheduleId, at), at);
  }

  /** The shift after the next hand-off, or null when nothing changes within 90 days. */
  async nextShift(scheduleId: number, at: Date): Promise<OnCallSegment | null> {
    return nextHandoff(await this.spec(scheduleId, at), at);
  }

  /** Every stretch of [from, to) with who is on call. */
  async segments(scheduleId: number, from: Date, to: Date): Promise<OnCallSegment[]> {
    return onCallSegments(await this.spec(scheduleId, from), from, to);
  }

  /** Users by id, in the order asked for; unknown ids are skipped. */
  async users(ids: number[], m: EntityManager = this.db.dataSource.manager): Promise<User[]> {
    if (!ids.length) return [];
    const found = await m.findBy(User, { id: In([...new Set(ids)]) });
    return ids.map((id) => found.find((u) => u.id === id)).filter((u): u is User => !!u);
  }

  private async rotationFields(
    input: RotationFields,
  ): Promise<Omit<Rotation, 'id' | 'scheduleId' | 'createdAt' | 'schedule'>> {
    const fields = {
      name: requireText('name', input.name, 1, 100),
      shiftUnit: input.shiftUnit,
      shiftCount: input.shiftCount ?? 1,
      handoffTime: requireText('handoffTime', input.handoffTime, 1, 5),
      timeZone: requireText('timeZone', input.timeZone, 1, 64),
      startDate: requireText('startDate', input.startDate, 1, 10),
      participantIds: (input.participantIds ?? []).map((id) => parseId(id, 'participantIds')),
    };
    if (fields.participantIds.length < 1 || fields.participantIds.length > 200)
      throw validationError('participantIds', 'A rotation needs 1 to 200 participants.');
    validateRotation({ ...fields, participants: fields.participantIds });
    return fields;
  }

  /** Every id is a user; with `paged` (what pages them), every one can also answer a page (assertMayBePaged). */
  private async requireUsers(m: EntityManager, ids: number[], field: string, paged?: string): Promise<void> {
    const found = await m.findBy(User, { id: In([...new Set(ids)]) });
    const missing = ids.filter((id) => !found.some((u) => u.id === id));
    if (missing.length) throw validationError(field, `Unknown user: ${missing.join(', ')}.`);
    if (paged) assertMayBePaged(field, paged, found);
  }
}
