import { Actor } from '@vigil/shared';
import { Rotation } from '../../server/src/model/oncall.entity';
import { TestServer, gql } from './server';

const SETUP: Actor = { kind: 'SYSTEM', name: 'test setup', userId: null, role: 'ADMIN' };

/** People and the procedure's default policy: Ana on call (schedule), Lee team lead, Em manager, Cy CTO. */
export async function setUpPaging(server: TestServer): Promise<Record<string, number>> {
  const users = server.app.users;
  const ids: Record<string, number> = {};
  for (const [key, name] of [
    ['ana', 'Ana Oncall'],
    ['lee', 'Lee Lead'],
    ['em', 'Em Manager'],
    ['cy', 'Cy Cto'],
  ]) {
    ids[key] = (
      await users.create({
        name,
        email: `${key}.${Math.random().toString(36).slice(2, 8)}@example.com`,
        role: 'RESPONDER',
      })
    ).id;
  }
  const team = await users.createTeam(`Platform ${Math.random().toString(36).slice(2, 6)}`);
  await users.setTeamMember(team.id, ids.lee, true, true, SETUP);
  await users.setTeamMember(team.id, ids.ana, true, false, SETUP);
  const schedule = await gql(server.graphqlUrl, `mutation { createSchedule(input: { name: "Primary" }) { id } }`);
  const scheduleId = schedule.data!.createSchedule.id;
  const rotation = await gql(
    server.graphqlUrl,
    `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: {
    name: "All week", shiftUnit: WEEKLY, handoffTime: "10:00", timeZone: "Europe/Berlin", startDate: "2026-01-05", participantIds: $p }) { id } }`,
    { s: scheduleId, p: [String(ids.ana)] },
  );
  if (rotation.errors) throw new Error(JSON.stringify(rotation.errors));
  await settledRotation(server, rotation.data!.addRotation.id);
  const policy = await gql(
    server.graphqlUrl,
    `mutation($input: ProcedurePolicyInput!) { createProcedureEscalationPolicy(input: $input) { id levels { level name } } }`,
    {
      input: {
        name: 'Procedure',
        isDefault: true,
        onCallScheduleIds: [scheduleId],
        teamIds: [String(team.id)],
        engineeringManagerUserIds: [String(ids.em)],
        ctoUserIds: [String(ids.cy)],
      },
    },
  );
  if (policy.errors) throw new Error(JSON.stringify(policy.errors));
  return ids;
}

export interface TeamPaging {
  teamId: string;
  policyId: string;
  serviceId: string;
  serviceName: string;
  /** User ids: the team's on-call engineer, lead, engineering manager and CTO. */
  oncall: number;
  lead: number;
  manager: number;
  cto: number;
}

/**
 * A team with its own on-call engineer (`<label> Oncall`), lead (`<label> Lead`), manager and CTO, weekly schedule,
 * procedure policy (`<label> path`) and a service it owns (`<label>-svc-…`); the policy is not made the default.
 */
export async function setUpTeamPaging(server: TestServer, label: string): Promise<TeamPaging> {
  const users = server.app.users;
  const suffix = Math.random().toString(36).slice(2, 8);
  const oncall = (
    await users.create({
      name: `${label} Oncall`,
      email: `${label.toLowerCase()}.oncall.${suffix}@example.com`,
      role: 'RESPONDER',
    })
  ).id;
  const lead = (
    await users.create({
      name: `${label} Lead`,
      email: `${label.toLowerCase()}.lead.${suffix}@example.com`,
      role: 'RESPONDER',
    })
  ).id;
  const manager = (
    await users.create({
      name: `${label} Manager`,
      email: `${label.toLowerCase()}.em.${suffix}@example.com`,
      role: 'RESPONDER',
    })
  ).id;
  const cto = (
    await users.create({
      name: `${label} Cto`,
      email: `${label.toLowerCase()}.cto.${suffix}@example.com`,
      role: 'RESPONDER',
    })
  ).id;
  const team = await users.createTeam(`${label} team ${suffix}`);
  await users.setTeamMember(team.id, lead, true, true, SETUP);
  await users.setTeamMember(team.id, oncall, true, false, SETUP);
  const call = async (query: string, variables: Record<string, unknown>) => {
    const r = await gql(server.graphqlUrl, query, variables);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };
  const scheduleId = (
    await call(`mutation($n: String!) { createSchedule(input: { name: $n }) { id } }`, {
      n: `${label} on-call ${suffix}`,
    })
  ).createSchedule.id;
  const rotation = await call(
    `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: {
    name: "All week", shiftUnit: WEEKLY, handoffTime: "10:00", timeZone: "Europe/Berlin", startDate: "2026-01-05", participantIds: $p }) { id } }`,
    { s: scheduleId, p: [String(oncall)] },
  );
  await settledRotation(server, rotation.addRotation.id);
  const policyId = (
    await call(`mutation($input: ProcedurePolicyInput!) { createProcedureEscalationPolicy(input: $input) { id } }`, {
      input: {
        name: `${label} path ${suffix}`,
        onCallScheduleIds: [scheduleId],
        teamIds: [String(team.id)],
        engineeringManagerUserIds: [String(manager)],
        ctoUserIds: [String(cto)],
      },
    })
  ).createProcedureEscalationPolicy.id;
  const serviceName = `${label.toLowerCase()}-svc-${suffix}`;
  const serviceId = (
    await call(`mutation($n: String!) { createService(input: { name: $n }) { id } }`, { n: serviceName })
  ).createService.id;
  await call(`mutation($s: ID!, $t: ID!) { setServiceTeam(id: $s, teamId: $t) { id } }`, {
    s: serviceId,
    t: String(team.id),
  });
  return { teamId: String(team.id), policyId, serviceId, serviceName, oncall, lead, manager, cto };
}

/**
 * The fixtures describe on-call set up long ago: the rotation dates from its first shift, so the hand-off notices
 * (a new rotation tells its holder "on call now") stay out of tests about paging.
 */
async function settledRotation(server: TestServer, id: string): Promise<void> {
  await server.app.db.dataSource
    .getRepository(Rotation)
    .update({ id: Number(id) }, { createdAt: new Date('2026-01-05T00:00:00.000Z') });
}
