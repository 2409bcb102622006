import { In } from 'typeorm';
import {
  Actor,
  assertMayBePaged,
  Clock,
  DomainError,
  ErrorCode,
  INCIDENT_ROLE_NAMES,
  IncidentRole,
  RoleChangeKind,
  TimelineEventType,
  isOpen,
  planRoleChange,
  validationError,
} from '@vigil/shared';
import { Database } from '../db/data-source';
import { UnitOfWork, Units } from '../db/unit-of-work';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { User } from '../model/user.entity';
import { IncidentRoleHolder } from '../model/incident-role.entity';

const EVENT: Record<RoleChangeKind, TimelineEventType> = {
  ASSIGN: 'ROLE_ASSIGNED',
  HAND_OVER: 'ROLE_HANDED_OVER',
  STEP_DOWN: 'ROLE_STEPPED_DOWN',
};
const MAX_CONFLICT_RETRIES = 5;

/** Commander, scribe and communications liaison on an incident; the commander is mirrored in `incident.commanderId`. */
export class IncidentRoleService {
  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
  ) {}

  /** Current holders of an incident's roles, in the order of INCIDENT_ROLES. */
  async holders(incidentId: number): Promise<IncidentRoleHolder[]> {
    const rows = await this.db.dataSource
      .getRepository(IncidentRoleHolder)
      .find({ where: { incidentId }, relations: { user: true } });
    const order: IncidentRole[] = ['COMMANDER', 'SCRIBE', 'COMMUNICATIONS'];
    return rows.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  }

  /** Assigns, hands over or steps down from a role; one transaction with its timeline line. */
  async change(
    kind: RoleChangeKind,
    incidentId: number,
    role: IncidentRole,
    targetUserId: number | null,
    actor: Actor,
  ): Promise<Incident> {
    if (!Object.values(IncidentRole).includes(role))
      throw validationError('role', 'role must be COMMANDER, SCRIBE or COMMUNICATIONS.');
    for (let attempt = 0; ; attempt++) {
      const incident = await this.units.run((uow) => this.changeIn(uow, kind, incidentId, role, targetUserId, actor));
      if (incident) return incident;
      if (attempt >= MAX_CONFLICT_RETRIES)
        throw new DomainError(
          ErrorCode.CONFLICT,
          'The incident is being changed by someone else; try again.',
          'incidentId',
        );
    }
  }

  private async changeIn(
    uow: UnitOfWork,
    kind: RoleChangeKind,
    incidentId: number,
    role: IncidentRole,
    targetUserId: number | null,
    actor: Actor,
  ): Promise<Incident | null> {
    const m = uow.manager;
    const incident = await m.findOne(Incident, { where: { id: incidentId } });
    if (!incident) throw new DomainError(ErrorCode.NOT_FOUND, `No incident with id ${incidentId}.`, 'incidentId');
    const current = await m.findOne(IncidentRoleHolder, { where: { incidentId, role } });
    const plan = planRoleChange({
      kind,
      role,
      holderId: current?.userId ?? null,
      actorUserId: actor.userId,
      actorRole: actor.role,
      targetUserId,
      incident: { severity: incident.severity, open: isOpen(incident.status) },
    });
    const ids = [plan.holderId, plan.previousHolderId].filter((x): x is number => x !== null);
    const users = ids.length ? await m.find(User, { where: { id: In(ids) } }) : [];
    const target = plan.holderId === null ? null : users.find((u) => u.id === plan.holderId);
    if (plan.holderId !== null && !target?.active)
      throw validationError('userId', `No active user with id ${plan.holderId}.`);
    // A role holder is told of the incident's clocks (reminders, breaches) and must act on them: never a VIEWER.
    if (target && plan.holderId !== plan.previousHolderId)
      assertMayBePaged('userId', `Making ${target.name} ${INCIDENT_ROLE_NAMES[role]}`, [target]);
    const previous = users.find((u) => u.id === plan.previousHolderId) ?? null;
    const now = this.clock.now();
    // The incident's version guards concurrent role changes the same way it guards every other incident change.
    const patch: Partial<Incident> = role === 'COMMANDER' ? { commanderId: plan.holderId } : {};
    const bumped = await m
      .createQueryBuilder()
      .update(Incident)
      .set({ ...patch, updatedAt: now, version: incident.version + 1 })
      .where('id = :id AND version = :version', { id: incidentId, version: incident.version })
      .execute();
    if (bumped.affected !== 1) return null;
    if (current) await m.delete(IncidentRoleHolder, { id: current.id });
    if (target) await m.save(m.create(IncidentRoleHolder, { incidentId, role, userId: target.id, since: now }));
    const name = INCIDENT_ROLE_NAMES[role];
    const message =
      kind === 'ASSIGN'
        ? `${target?.name} is now the ${name}`
        : kind === 'HAND_OVER'
          ? `${previous?.name ?? 'Someone'} handed the ${name} role to ${target?.name}`
          : `${previous?.name ?? 'Someone'} stepped down as ${name}; the role is vacant`;
    await this.incidents.appendEvents(uow, incidentId, actor, now, [
      {
        type: EVENT[kind],
        message,
        data: {
          role,
          userId: target?.id ?? null,
          name: target?.name ?? null,
          previousUserId: previous?.id ?? null,
          previousName: previous?.name ?? null,
        },
      },
    ]);
    Object.assign(incident, patch, { updatedAt: now, version: incident.version + 1 });
    await this.incidents.attachServices([incident], m);
    this.incidents.changed(uow, incident);
    return incident;
  }
}
