import { EntityManager, In, LessThanOrEqual, Between } from 'typeorm';
import {
  Actor,
  Clock,
  DeploymentSource,
  DomainError,
  ErrorCode,
  RecentDeployment,
  RollbackAssessment,
  RollbackDismissal,
  RollbackFlags,
  RollbackRule,
  assessRollback,
  errorRateProblem,
  optionalText,
  parseDismissReason,
  parseErrorRate,
  recentDeployments,
  requireText,
  suspectDeployment,
  validationError,
} from '@vigil/shared';
import { TimelineEvent } from '../model/timeline-event.entity';
import { Alert } from '../model/alert.entity';
import { ServiceEntity } from '../model/service.entity';
import { Database } from '../db/data-source';
import { Incident } from '../model/incident.entity';
import { ChangeConfig } from './changes.config';
import { Deployment, IncidentRollbackFlags } from '../model/deployment.entity';
import { TimelineWriter } from './timeline-writer';

/** A deployment as any sender describes it, before validation. */
export interface DeploymentDraft {
  serviceId: number;
  version: unknown;
  previousVersion?: unknown;
  deployedBy?: unknown;
  deployedAt?: Date | null;
  link?: unknown;
  environment?: unknown;
  summary?: unknown;
  externalId?: string | null;
}

/** Responder flags; a field left out (undefined or null) keeps its value. */
export interface RollbackFlagsInput {
  serviceDown?: boolean | null;
  dataCorruptionRisk?: boolean | null;
  securityBreach?: boolean | null;
  /** Percent, 0–100; left out keeps it, null clears it. */
  errorRate?: number | null;
  /** Set the standing recommendation aside, saying why. */
  dismissReason?: string | null;
}

const MAX_FUTURE_MS = 5 * 60_000;

/** Collects string labels/annotations from an alert's stored details, flattening the usual nesting. */
function alertLabels(details: Record<string, unknown> | null): Record<string, string> {
  const out: Record<string, string> = {};
  const take = (obj: unknown) => {
    if (typeof obj !== 'object' || obj === null) return;
    for (const [k, v] of Object.entries(obj))
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  };
  take(details);
  for (const nested of ['labels', 'commonLabels', 'annotations', 'commonAnnotations', 'custom_details'])
    take(details?.[nested]);
  return out;
}

/** Deployments per service, what changed before an incident, and whether the procedure says to roll back. */
export class DeploymentService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly config: Pick<ChangeConfig, 'deployLookbackMs' | 'deploySuspectMs'>,
    private readonly timeline: TimelineWriter,
  ) {}

  /** Records a deployment; a replay with the same sender id returns the first record unchanged. */
  async record(draft: DeploymentDraft, source: DeploymentSource): Promise<Deployment> {
    const now = this.clock.now();
    const version = requireText('version', draft.version, 1, 200);
    const previousVersion = optionalText('previousVersion', draft.previousVersion, 200);
    const deployedBy = optionalText('deployedBy', draft.deployedBy, 200);
    const link = optionalText('link', draft.link, 2000);
    if (link && !/^https?:\/\/\S+$/.test(link)) throw validationError('link', 'link must be an http(s) URL.');
    const environment = optionalText('environment', draft.environment, 100);
    const summary = optionalText('summary', draft.summary, 1000);
    const deployedAt = draft.deployedAt ?? now;
    if (Number.isNaN(deployedAt.getTime())) throw validationError('deployedAt', 'deployedAt must be a date.');
    if (deployedAt.getTime() > now.getTime() + MAX_FUTURE_MS)
      throw validationError('deployedAt', 'deployedAt must not be in the future.');
    return this.db.transaction(async (m) => {
      if (!(await m.findOne(ServiceEntity, { where: { id: draft.serviceId } }))) {
        throw new DomainError(ErrorCode.NOT_FOUND, `No service with id ${draft.serviceId}.`, 'serviceId');
      }
      if (draft.externalId) {
        const seen = await m.findOne(Deployment, { where: { source, externalId: draft.externalId } });
        if (seen) return seen;
      }
      const before = previousVersion ?? (await this.lastVersion(m, draft.serviceId, environment, deployedAt));
      return m.save(
        m.create(Deployment, {
          serviceId: draft.serviceId,
          version,
          previousVersion: before,
          deployedBy,
          deployedAt,
          link,
          environment,
          summary,
          source,
          externalId: draft.externalId ?? null,
          createdAt: now,
        }),
      );
    });
  }

  private async lastVersion(
    m: EntityManager,
    serviceId: number,
    environment: string | null,
    at: Date,
  ): Promise<string | null> {
    const last = await m.findOne(Deployment, {
      where: { serviceId, deployedAt: LessThanOrEqual(at), ...(environment ? { environment } : {}) },
      order: { deployedAt: 'DESC', id: 'DESC' },
    });
    return last?.version ?? null;
  }

  /** Newest first, optionally for one service. */
  list(serviceId: number | null, first: number): Promise<Deployment[]> {
    if (!Number.isInteger(first) || first < 1 || first > 200)
      throw validationError('first', 'first must be from 1 to 200.');
    return this.db.dataSource.getRepository(Deployment).find({
      where: serviceId ? { serviceId } : {},
      order: { deployedAt: 'DESC', id: 'DESC' },
      take: first,
    });
  }

  /** The incident's services' deployments in the window before detection, newest first, suspects flagged. */
  async recentFor(incident: Incident): Promise<RecentDeployment<Deployment>[]> {
    const serviceIds = (incident.services ?? []).map((s) => s.id);
    if (!serviceIds.length) return [];
    const from = new Date(incident.detectedAt.getTime() - this.config.deployLookbackMs);
    const rows = await this.db.dataSource.getRepository(Deployment).find({
      where: { serviceId: In(serviceIds), deployedAt: Between(from, incident.detectedAt) },
    });
    return recentDeployments(rows, incident.detectedAt, {
      lookbackMs: this.config.deployLookbackMs,
      suspectMs: this.config.deploySuspectMs,
    });
  }

  /** The responder flags on an incident, or null when none were set. */
  async flags(incidentId: number): Promise<RollbackFlags | null> {
    const row = await this.db.dataSource.getRepository(IncidentRollbackFlags).findOne({ where: { incidentId } });
    if (!row) return null;
    return {
      serviceDown: row.serviceDown,
      dataCorruptionRisk: row.dataCorruptionRisk,
      securityBreach: row.securityBreach,
      errorRatePercent: row.errorRateBasisPoints === null ? null : row.errorRateBasisPoints / 100,
      // Every save restates the whole set, so the row's time is when the responder last gave the error rate.
      measuredAt: row.errorRateBasisPoints === null ? null : row.updatedAt,
    };
  }

  /** The latest dismissal of a recommendation on this incident (ROLLBACK_DISMISSED), or null. */
  private async dismissal(incidentId: number): Promise<RollbackDismissal | null> {
    const event = await this.db.dataSource
      .getRepository(TimelineEvent)
      .findOne({ where: { incidentId, type: 'ROLLBACK_DISMISSED' }, order: { id: 'DESC' } });
    const data = event?.data as
      { reason?: string; rules?: RollbackRule[]; deploymentId?: number | null } | null | undefined;
    if (!event || !data?.reason) return null;
    return {
      reason: data.reason,
      rules: data.rules ?? [],
      deploymentId: data.deploymentId ?? null,
      at: event.at,
      by: event.actorName,
    };
  }

  /**
   * The procedure's rollback rules applied to the incident's severity, flags and alert labels (each alert's
   * error_rate as of when it last fired), minus a dismissal that still holds. `flags` replaces the stored ones (to judge a
   * change before it is written).
   */
  async rollbackFor(incident: Incident, flags?: RollbackFlags | null): Promise<RollbackAssessment<Deployment>> {
    const [stored, recent, alerts, dismissal] = await Promise.all([
      flags === undefined ? this.flags(incident.id) : Promise.resolve(flags),
      this.recentFor(incident),
      this.db.dataSource.getRepository(Alert).find({ where: { incidentId: incident.id } }),
      this.dismissal(incident.id),
    ]);
    // Each alert as of its latest firing: a repeat with a new error_rate after a measurement counts again.
    const perAlert = alerts.map((a) => ({ labels: alertLabels(a.details), at: a.lastTriggeredAt ?? a.createdAt }));
    const labels = Object.assign({}, ...perAlert.map((a) => a.labels)) as Record<string, string>;
    const alertErrorRates = perAlert.flatMap((a) => {
      const percent = parseErrorRate(a.labels.error_rate);
      return percent === null ? [] : [{ percent, at: a.at }];
    });
    return assessRollback(
      { severity: incident.severity, flags: stored, alertLabels: labels, alertErrorRates },
      suspectDeployment(recent),
      dismissal,
    );
  }

  /**
   * Sets the responder flags behind the rollback rules, with a timeline line saying what changed; with a
   * dismissReason, also sets the standing recommendation aside (ROLLBACK_DISMISSED). A dismissal that leaves the
   * flags as they were does not restate them (nor re-date the error rate). A field left out keeps its value (a
   * dismissal alone must not wipe a responder's measurement); errorRate: null says "not measured".
   */
  async setRollbackFlags(incidentId: number, input: RollbackFlagsInput, actor: Actor): Promise<void> {
    const stored = await this.flags(incidentId);
    const rate = input.errorRate === undefined ? (stored?.errorRatePercent ?? null) : input.errorRate;
    const problem = errorRateProblem(rate);
    if (problem) throw validationError('errorRate', problem);
    const keep = (given: boolean | null | undefined, was: boolean | undefined) =>
      given === undefined || given === null ? !!was : given;
    const flags = {
      serviceDown: keep(input.serviceDown, stored?.serviceDown),
      dataCorruptionRisk: keep(input.dataCorruptionRisk, stored?.dataCorruptionRisk),
      securityBreach: keep(input.securityBreach, stored?.securityBreach),
    };
    const basisPoints = rate === null ? null : Math.round(rate * 100);
    const unchanged =
      stored !== null &&
      stored.serviceDown === flags.serviceDown &&
      stored.dataCorruptionRisk === flags.dataCorruptionRisk &&
      stored.securityBreach === flags.securityBreach &&
      (stored.errorRatePercent === null ? null : Math.round(stored.errorRatePercent * 100)) === basisPoints;
    const dismissing = input.dismissReason !== undefined && input.dismissReason !== null;
    const restate = !(dismissing && unchanged);
    let dismissed: { reason: string; rules: RollbackRule[]; deployment: Deployment } | null = null;
    if (dismissing) {
      const proposed: RollbackFlags =
        restate || !stored
          ? {
              ...flags,
              errorRatePercent: basisPoints === null ? null : basisPoints / 100,
              measuredAt: this.clock.now(),
            }
          : stored;
      const assessed = await this.rollbackFor(await this.timeline.incident(incidentId), proposed);
      const reason = parseDismissReason(input.dismissReason, assessed.recommended);
      dismissed = { reason, rules: assessed.reasons.map((r) => r.rule), deployment: assessed.suspectDeployment! };
    }
    const words = [
      flags.serviceDown && 'service down',
      flags.dataCorruptionRisk && 'data corruption risk',
      flags.securityBreach && 'security breach',
      basisPoints !== null && `error rate ${basisPoints / 100}%`,
    ].filter(Boolean);
    await this.timeline.write(
      incidentId,
      actor,
      [
        ...(restate
          ? [
              {
                type: 'ROLLBACK_FLAGS_SET' as const,
                message: `Rollback flags: ${words.length ? words.join(', ') : 'none'}`,
                data: { ...flags, errorRate: basisPoints === null ? null : basisPoints / 100 },
              },
            ]
          : []),
        ...(dismissed
          ? [
              {
                type: 'ROLLBACK_DISMISSED' as const,
                message: `Rollback of ${dismissed.deployment.version} not recommended any more: ${dismissed.reason}`,
                data: {
                  reason: dismissed.reason,
                  rules: dismissed.rules,
                  deploymentId: dismissed.deployment.id,
                  version: dismissed.deployment.version,
                },
              },
            ]
          : []),
      ],
      async (m, _incident, now) => {
        if (restate)
          await m.save(
            m.create(IncidentRollbackFlags, {
              incidentId,
              ...flags,
              errorRateBasisPoints: basisPoints,
              updatedAt: now,
            }),
          );
      },
      { incidentChanged: true },
    );
  }
}
