import { Actor, severityPolicy, suspectDeployment } from '@vigil/shared';
import { Units } from '../db/unit-of-work';
import { Incident } from '../model/incident.entity';
import { IncidentReaction, IncidentService } from '../incidents';
import { TimelineEvent } from '../model/timeline-event.entity';
import { Notifier } from '../notify';
import { DeploymentService } from './deployment.service';

const VIGIL: Actor = { kind: 'SYSTEM', name: 'rollback rules', userId: null, role: 'RESPONDER' };

/**
 * Says "rollback recommended" once per incident, on its timeline (so the wall and console show it) and in Slack
 * #incidents, as soon as a rollback rule matches and a suspect deployment exists: after an alert opens or updates
 * the incident, after a severity change, and after responders set the rollback flags.
 */
export class RollbackAnnouncer {
  constructor(
    private readonly units: Units,
    private readonly deployments: DeploymentService,
    private readonly incidents: IncidentService,
    private readonly notifier: Notifier,
    private readonly publicUrl: string,
    private readonly log: (e: unknown) => void,
  ) {}

  /** The reaction: re-checks, after commit, every change that can make a rule match. */
  readonly evaluateOnChange: IncidentReaction = {
    name: 'rollback.evaluate',
    react: async (change) => {
      const news =
        change.before === null ||
        change.before.severity !== change.incident.severity ||
        change.events.some((e) => e.type.startsWith('ALERT_'));
      if (!news || change.incident.status === 'RESOLVED') return;
      const known = change.incident;
      change.uow.afterCommit(async () => {
        await this.check(known.id, known).catch(this.log);
      });
    },
  };

  /**
   * Announces a recommendation for the incident if there is one and it was not announced before. With the
   * incident as a change left it (services attached), most checks end after one query: no suspect deployment,
   * no recommendation, whatever the flags and alert labels say.
   */
  async check(incidentId: number, known?: Incident): Promise<boolean> {
    // Only when the change carried the services (a declaration): an incident loaded without them would look service-less.
    if (known?.services && !suspectDeployment(await this.deployments.recentFor(known))) return false;
    const incident = await this.incidents.get(incidentId);
    const assessment = await this.deployments.rollbackFor(incident);
    const suspect = assessment.suspectDeployment;
    if (!assessment.recommended || !suspect) return false;
    const reasons = assessment.reasons.map((r) => r.message.replace(/\.$/, '')).join('; ');
    const message = `Rollback recommended (${reasons}): ${suspect.version} deployed ${suspect.deployedAt.toISOString().slice(11, 16)} UTC`;
    return this.units.run(async (uow) => {
      const m = uow.manager;
      if (await m.count(TimelineEvent, { where: { incidentId, type: 'ROLLBACK_RECOMMENDED' } })) return false;
      await this.incidents.appendEvents(uow, incidentId, VIGIL, uow.now, [
        {
          type: 'ROLLBACK_RECOMMENDED',
          message,
          data: { rules: assessment.reasons.map((r) => r.rule), deploymentId: suspect.id, version: suspect.version },
        },
      ]);
      await this.notifier.enqueueIn(m, [
        {
          incidentId,
          kind: 'ROLLBACK_RECOMMENDED',
          level: 0,
          target: { userId: null, name: '#incidents' },
          channel: 'SLACK',
          idempotencyKey: `incident:${incidentId}:rollback-recommended`,
          message: {
            title: `Rollback recommended: ${incident.title}`,
            body: `${message}. ${severityPolicy(incident.severity).name} incident.`,
            severity: incident.severity,
            status: incident.status,
            url: `${this.publicUrl}/incidents/${incidentId}`,
          },
        },
      ]);
      this.incidents.changed(uow, incident);
      return true;
    });
  }
}
