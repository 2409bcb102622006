import { EntityManager, In } from 'typeorm';
import {
  assertMayHandTo,
  Actor,
  Clock,
  DomainError,
  EscalationLevel,
  EscalationPolicySpec,
  EscalationReason,
  ErrorCode,
  LIMITS,
  MINUTE,
  SEVERITIES,
  assertMayBePaged,
  assertMayChangeDefaultPolicy,
  assertMayDeletePolicy,
  manualEscalationStep,
  optionalText,
  procedureEscalationPolicy,
  requireText,
  validateEscalationPolicy,
  validationError,
} from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Database } from '../db/data-source';
import { Units } from '../db/unit-of-work';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { parseId } from '../graphql/ids';
import { TimelineEvent } from '../model/timeline-event.entity';
import { Notifier } from '../notify';
import { Schedule } from '../model/oncall.entity';
import { Team, User } from '../model/user.entity';
import { EscalationEngine, Outcome } from './escalation.engine';
import { EscalationPolicy, IncidentEscalation } from '../model/escalation.entity';
import { routePolicy } from './escalation.routing';
import {
  EscalationLevelInput,
  EscalationPolicyInput,
  EscalationPolicyPatch,
  ProcedurePolicyInput,
} from './escalation.inputs';
import { EscalationLevelView, EscalationPage, IncidentEscalationView } from './escalation.types';

/** At most one "handed to you" notice per person and incident in this window. */
const REASSIGN_NOTICE_WINDOW_MS = 10 * MINUTE;

/** Escalation policies, the manual "unable to resolve" / reassign paths, and the ladder view. */
export class EscalationService {
  constructor(
    private readonly db: Database,
    private readonly units: Units,
    private readonly clock: Clock,
    private readonly incidents: IncidentService,
    private readonly engine: EscalationEngine,
    private readonly notifier: Notifier,
    private readonly publicUrl: string,
  ) {}

  listPolicies(): Promise<EscalationPolicy[]> {
    return this.db.dataSource.getRepository(EscalationPolicy).find({ order: { name: 'ASC' } });
  }

  async getPolicy(id: number, m: EntityManager = this.db.dataSource.manager): Promise<EscalationPolicy> {
    const policy = await m.findOne(EscalationPolicy, { where: { id } });
    if (!policy) throw new DomainError(ErrorCode.NOT_FOUND, `No escalation policy with id ${id}.`, 'id');
    return policy;
  }

  /** Creates a policy from explicit levels; only an admin may make it the default. */
  createPolicy(input: EscalationPolicyInput, actor: Actor): Promise<EscalationPolicy> {
    const spec = this.specFrom(input.levels, input.repeat ?? 0);
    return this.insertPolicy(input.name, input.isDefault ?? false, spec, actor);
  }

  /**
   * Changes only what the patch names (a partial update must not clear `isDefault`, `repeat` or the levels);
   * incidents already escalating keep the levels they started with. Only an admin sets or clears the default.
   */
  async updatePolicy(id: number, patch: EscalationPolicyPatch, actor: Actor): Promise<EscalationPolicy> {
    const name = patch.name === undefined || patch.name === null ? null : requireText('name', patch.name, 1, 100);
    const levels = patch.levels === undefined || patch.levels === null ? null : this.specFrom(patch.levels, 0).levels;
    return this.db.transaction(async (m) => {
      const policy = await this.getPolicy(id, m);
      const spec: EscalationPolicySpec = {
        levels: levels ?? policy.levels,
        repeat: patch.repeat ?? policy.repeatCount,
      };
      validateEscalationPolicy(spec);
      if (levels) await this.requireTargets(m, spec);
      if (name !== null) await this.requireFreeName(m, name, id);
      assertMayChangeDefaultPolicy(actor.role, policy.isDefault, patch.isDefault);
      const isDefault = patch.isDefault ?? policy.isDefault;
      if (isDefault && !policy.isDefault) await this.clearDefault(m);
      return m.save(
        Object.assign(policy, {
          name: name ?? policy.name,
          isDefault,
          repeatCount: spec.repeat,
          levels: spec.levels,
          updatedAt: this.clock.now(),
        }),
      );
    });
  }

  /** Creates the procedure's four-level path from who fills each rung. */
  createProcedurePolicy(input: ProcedurePolicyInput, actor: Actor): Promise<EscalationPolicy> {
    const ids = (list: string[], field: string) => (list ?? []).map((id) => parseId(id, field));
    const spec = procedureEscalationPolicy(
      {
        onCallScheduleIds: ids(input.onCallScheduleIds, 'onCallScheduleIds'),
        teamIds: ids(input.teamIds, 'teamIds'),
        engineeringManagerUserIds: ids(input.engineeringManagerUserIds, 'engineeringManagerUserIds'),
        ctoUserIds: ids(input.ctoUserIds, 'ctoUserIds'),
      },
      input.repeat ?? 0,
    );
    // A refusal names the input field that filled the level, not `levels`, which this input does not have.
    const fields = ['onCallScheduleIds', 'teamIds', 'engineeringManagerUserIds', 'ctoUserIds'];
    return this.insertPolicy(input.name, input.isDefault ?? false, spec, actor, (i) => fields[i] ?? 'levels');
  }

  /** Deletes a policy; deleting the default clears the default, which only an admin may. */
  async deletePolicy(id: number, actor: Actor): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const policy = await this.getPolicy(id, m);
      assertMayDeletePolicy(actor.role, policy.isDefault);
      await m.delete(EscalationPolicy, { id });
      return true;
    });
  }

  /** Routes a service's incidents along a policy (null: its team's policy, else the default). */
  setServicePolicy(serviceId: number, policyId: number | null): Promise<ServiceEntity> {
    return this.db.transaction(async (m) => {
      const service = await m.findOne(ServiceEntity, { where: { id: serviceId } });
      if (!service) throw new DomainError(ErrorCode.NOT_FOUND, `No service with id ${serviceId}.`, 'id');
      await this.requirePolicy(m, policyId);
      await m.update(ServiceEntity, { id: serviceId }, { escalationPolicyId: policyId });
      return Object.assign(service, { escalationPolicyId: policyId });
    });
  }

  /** Routes the incidents of a team's services along a policy, unless a service names its own (null: the default). */
  setTeamPolicy(teamId: number, policyId: number | null): Promise<Team> {
    return this.db.transaction(async (m) => {
      const team = await m.findOne(Team, { where: { id: teamId } });
      if (!team) throw new DomainError(ErrorCode.NOT_FOUND, `No team with id ${teamId}.`, 'teamId');
      await this.requirePolicy(m, policyId);
      await m.update(Team, { id: teamId }, { escalationPolicyId: policyId });
      return Object.assign(team, { escalationPolicyId: policyId });
    });
  }

  private async requirePolicy(m: EntityManager, policyId: number | null): Promise<void> {
    if (policyId !== null && !(await m.exists(EscalationPolicy, { where: { id: policyId } }))) {
      throw new DomainError(ErrorCode.NOT_FOUND, `No escalation policy with id ${policyId}.`, 'policyId');
    }
  }

  /** "Unable to resolve": pages the next level now, on the timeline with the reason (and `data`, e.g. the channel). */
  async escalate(
    incidentId: number,
    reasonText: string,
    actor: Actor,
    data?: Record<string, unknown>,
  ): Promise<Incident> {
    const reason = requireText('reason', reasonText, 1, LIMITS.reason);
    await this.units.run(async (uow) => {
      const m = uow.manager;
      const incident = await this.openIncident(m, incidentId);
      const now = this.clock.now();
      let row = await this.engine.lockRow(m, incidentId);
      if (!row) {
        const policy = await routePolicy(m, incident);
        if (!policy)
          throw new DomainError(
            ErrorCode.INVALID_TRANSITION,
            'No escalation policy applies to this incident; give its service a policy or create a default policy first.',
            'id',
          );
        row = await m.save(
          m.create(IncidentEscalation, {
            incidentId,
            policyId: policy.id,
            policyName: policy.name,
            policy: { levels: policy.levels, repeat: policy.repeatCount },
            cycle: 1,
            level: 0,
            round: 0,
            lastFiredAt: null,
            clockAt: null,
            lastPagedCount: 0,
            nextLevel: null,
            nextRound: 0,
            nextReason: null,
            nextAt: null,
            active: false,
            awaitingAnswer: false,
            assigneeUserId: null,
            version: 1,
            updatedAt: now,
          }),
        );
      }
      // The level paged by hand climbs on like any other page until someone answers it.
      this.engine.schedule(row, manualEscalationStep(row.policy, row.level, row.round, now));
      const result: Outcome = { incidentIds: new Set(), events: [], fired: 0 };
      await this.engine.fireDue(uow, row, now, result, { note: reason, actor, data });
      this.engine.announce(uow, result);
    });
    return this.incidents.get(incidentId);
  }

  /** Hands the incident to someone: they are paged and named on the ladder. */
  async reassign(
    incidentId: number,
    userIdText: string,
    noteText: string | null | undefined,
    actor: Actor,
  ): Promise<Incident> {
    const userId = parseId(userIdText, 'userId');
    const note = optionalText('note', noteText, LIMITS.note);
    await this.units.run(async (uow) => {
      const m = uow.manager;
      const incident = await this.openIncident(m, incidentId);
      const user = await m.findOne(User, { where: { id: userId } });
      if (!user?.active) throw validationError('userId', `No active user with id ${userId}.`);
      assertMayBePaged('userId', `Handing incident #${incidentId} to ${user.name}`, [user]);
      // Handing it to yourself, then "I've got it", must not take a page from the person paged (F4).
      assertMayHandTo(incidentId, actor, user.id, (await this.engine.pageRecipients(m, incidentId)).recipients);
      const now = this.clock.now();
      let row = await this.engine.lockRow(m, incidentId);
      if (!row) {
        row = m.create(IncidentEscalation, {
          incidentId,
          policyId: null,
          policyName: '(none)',
          policy: { levels: [], repeat: 0 },
          cycle: 1,
          level: 0,
          round: 0,
          lastFiredAt: null,
          clockAt: null,
          lastPagedCount: 0,
          nextLevel: null,
          nextRound: 0,
          nextReason: null,
          nextAt: null,
          active: false,
          awaitingAnswer: false,
          version: 1,
        });
      }
      await m.save(Object.assign(row, { assigneeUserId: user.id, updatedAt: now, version: row.version + 1 }));
      await this.notifier.enqueueIn(m, [
        {
          incidentId,
          kind: 'REASSIGNED',
          level: row.level,
          target: { userId: user.id, name: user.name },
          // One notice per person and incident in a window: handing an incident back and forth (or a token doing it
          // in a loop) must not text and ring someone at will. Each hand-over is on the timeline all the same.
          idempotencyKey: `reassign:${incidentId}:u${user.id}:w${Math.floor(now.getTime() / REASSIGN_NOTICE_WINDOW_MS)}`,
          message: {
            title: incident.title,
            body: `${actor.name} handed incident #${incident.id} to you${note ? `: ${note}` : '.'}`,
            severity: incident.severity,
            status: incident.status,
            url: `${this.publicUrl.replace(/\/$/, '')}/incidents/${incident.id}`,
          },
        },
      ]);
      await this.incidents.appendEvents(uow, incidentId, actor, now, [
        {
          type: 'REASSIGNED',
          message: `Reassigned to ${user.name}${note ? `: ${note}` : ''}`,
          data: { userId: user.id, name: user.name, note },
        },
      ]);
      this.engine.announce(uow, { incidentIds: new Set([incidentId]) });
    });
    return this.incidents.get(incidentId);
  }

  /** The live ladder of an incident, or null when no policy ever applied. */
  async view(incidentId: number): Promise<IncidentEscalationView | null> {
    const row = await this.db.dataSource.getRepository(IncidentEscalation).findOne({ where: { incidentId } });
    if (!row) return null;
    const events = await this.db.dataSource
      .getRepository(TimelineEvent)
      .find({ where: { incidentId, type: 'ESCALATED' }, order: { id: 'ASC' } });
    const pages: EscalationPage[] = events.map((e) => {
      const d = e.data ?? {};
      return {
        level: Number(d.level ?? 0),
        levelName: (d.levelName as string | null) ?? null,
        round: Number(d.round ?? 0),
        at: e.at,
        reason: (d.reason as EscalationReason) ?? 'TIMEOUT',
        note: (d.note as string | null) ?? null,
        paged: ((d.paged as Array<{ userId: number; name: string }>) ?? []).map((p) => ({
          userId: p.userId,
          name: p.name,
        })),
      };
    });
    const assignee = row.assigneeUserId
      ? await this.db.dataSource.getRepository(User).findOne({ where: { id: row.assigneeUserId } })
      : null;
    return {
      policyName: row.policyName,
      active: row.active,
      awaitingAnswer: row.awaitingAnswer,
      currentLevel: row.level,
      round: row.round,
      pages,
      nextLevel: row.nextLevel,
      nextLevelName: row.nextLevel ? (row.policy.levels[row.nextLevel - 1]?.name ?? null) : null,
      nextAt: row.nextAt,
      levels: levelViews(row.policy),
      assignee,
    };
  }

  private async openIncident(m: EntityManager, id: number): Promise<Incident> {
    const incident = await m.findOne(Incident, { where: { id } });
    if (!incident) throw new DomainError(ErrorCode.NOT_FOUND, `No incident with id ${id}.`, 'id');
    if (incident.status === 'RESOLVED')
      throw new DomainError(ErrorCode.INVALID_TRANSITION, 'The incident is resolved; reopen it first.', 'id');
    return incident;
  }

  private specFrom(input: EscalationLevelInput[], repeat: number): EscalationPolicySpec {
    if (!Array.isArray(input)) throw validationError('levels', 'levels must be a list.');
    const levels: EscalationLevel[] = input.map((l: EscalationLevelInput, i) => {
      const minutes = l.ackTimeoutMinutes ?? null;
      if (minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > 7 * 24 * 60)) {
        throw validationError('levels', `Level ${i + 1}: ackTimeoutMinutes must be from 1 to 10080.`);
      }
      return {
        name: requireText('levels', l.name, 1, 100),
        targets: (l.targets ?? []).map((t) => ({ kind: t.kind, id: parseId(t.id, 'levels') })),
        ackTimeoutMs: minutes === null ? null : minutes * MINUTE,
        immediateFor: l.immediateFor ?? [],
        autoFor: l.autoFor ?? [...SEVERITIES],
      };
    });
    return { levels, repeat };
  }

  private async insertPolicy(
    nameText: string,
    isDefault: boolean,
    spec: EscalationPolicySpec,
    actor: Actor,
    fieldOf?: (levelIndex: number) => string,
  ): Promise<EscalationPolicy> {
    const name = requireText('name', nameText, 1, 100);
    validateEscalationPolicy(spec);
    return this.db.transaction(async (m) => {
      await this.requireTargets(m, spec, fieldOf);
      await this.requireFreeName(m, name, null);
      assertMayChangeDefaultPolicy(actor.role, false, isDefault);
      if (isDefault) await this.clearDefault(m);
      const now = this.clock.now();
      return m.save(
        m.create(EscalationPolicy, {
          name,
          isDefault,
          repeatCount: spec.repeat,
          levels: spec.levels,
          createdAt: now,
          updatedAt: now,
        }),
      );
    });
  }

  private async requireFreeName(m: EntityManager, name: string, id: number | null): Promise<void> {
    const clash = await m.findOne(EscalationPolicy, { where: { name } });
    if (clash && clash.id !== id)
      throw new DomainError(ErrorCode.CONFLICT, `An escalation policy named ${name} exists.`, 'name');
  }

  /** One default at a time: making one the default clears it everywhere else in the same transaction. */
  private async clearDefault(m: EntityManager): Promise<void> {
    await m
      .createQueryBuilder()
      .update(EscalationPolicy)
      .set({ isDefault: false })
      .where('isDefault = :d', { d: true })
      .execute();
  }

  /**
   * Every target exists, and every person named can answer a page (assertMayBePaged): a VIEWER is refused here.
   * Who a schedule or a team's leads resolve to is checked where they are set (rotations, overrides) and again at
   * page time, where someone who cannot answer is skipped on the timeline (EscalationEngine.fireLevel).
   */
  private async requireTargets(
    m: EntityManager,
    spec: EscalationPolicySpec,
    fieldOf: (levelIndex: number) => string = () => 'levels',
  ): Promise<void> {
    const want = (kind: string) => [
      ...new Set(spec.levels.flatMap((l) => l.targets.filter((t) => t.kind === kind).map((t) => t.id))),
    ];
    const checks: Array<[string, number[], () => Promise<number>]> = [
      ['schedule', want('SCHEDULE'), () => m.countBy(Schedule, { id: In(want('SCHEDULE')) })],
      ['user', want('USER'), () => m.countBy(User, { id: In(want('USER')) })],
      ['team', want('TEAM_LEADS'), () => m.countBy(Team, { id: In(want('TEAM_LEADS')) })],
    ];
    for (const [what, ids, count] of checks) {
      if (ids.length && (await count()) !== ids.length)
        throw validationError('levels', `A level targets an unknown ${what} (${ids.join(', ')}).`);
    }
    const people = want('USER').length ? await m.findBy(User, { id: In(want('USER')) }) : [];
    spec.levels.forEach((level, i) => {
      const named = level.targets.filter((t) => t.kind === 'USER').map((t) => people.find((u) => u.id === t.id));
      assertMayBePaged(
        fieldOf(i),
        `Level ${i + 1} (${level.name})`,
        named.filter((u): u is User => !!u),
      );
    });
  }
}

/** The policy's levels as GraphQL shows them. */
export function levelViews(spec: EscalationPolicySpec): EscalationLevelView[] {
  return spec.levels.map((l, i) => ({
    level: i + 1,
    name: l.name,
    targets: l.targets.map((t) => ({ kind: t.kind, id: t.id })),
    ackTimeoutMinutes: l.ackTimeoutMs === null ? null : Math.round(l.ackTimeoutMs / MINUTE),
    immediateFor: l.immediateFor,
    autoFor: l.autoFor,
  }));
}
