import { EntityManager } from 'typeorm';
import { routeEscalationPolicy } from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Incident } from '../model/incident.entity';
import { Team } from '../model/user.entity';
import { EscalationPolicy } from '../model/escalation.entity';

/** The policy an incident follows (domain routeEscalationPolicy): its primary service's, that service's team's, or the default. */
export async function routePolicy(
  m: EntityManager,
  incident: Pick<Incident, 'primaryServiceId'>,
): Promise<EscalationPolicy | null> {
  const named: { servicePolicyId: unknown; teamPolicyId: unknown } | undefined =
    incident.primaryServiceId === null
      ? undefined
      : await m
          .createQueryBuilder(ServiceEntity, 's')
          .leftJoin(Team, 't', 't.id = s.teamId')
          .select(['s.escalationPolicyId AS servicePolicyId', 't.escalationPolicyId AS teamPolicyId'])
          .where('s.id = :id', { id: incident.primaryServiceId })
          .getRawOne();
  const id = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const servicePolicyId = id(named?.servicePolicyId);
  const teamPolicyId = id(named?.teamPolicyId);
  // The default is read only when neither the service nor its team names a policy.
  const fallback =
    servicePolicyId === null && teamPolicyId === null
      ? await m.findOne(EscalationPolicy, { where: { isDefault: true }, order: { id: 'ASC' } })
      : null;
  const route = routeEscalationPolicy({ servicePolicyId, teamPolicyId, defaultPolicyId: fallback?.id ?? null });
  if (route.source === 'DEFAULT' || route.policyId === null) return fallback;
  return m.findOne(EscalationPolicy, { where: { id: route.policyId } });
}
