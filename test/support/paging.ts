import { Actor } from '@vigil/shared';
import { TestServer, gql } from './server';

const SETUP: Actor = { kind: 'SYSTEM', name: 'test setup', userId: null, role: 'ADMIN' };

/** People and the procedure's default policy: Ana on call (schedule), Lee team lead, Em manager, Cy CTO. */
export async function setUpPaging(server: TestServer): Promise<Record<string, number>> {
  const users = server.app.users;
  const ids: Record<string, number> = {};
  for (const [key, name] of [['ana', 'Ana Oncall'], ['lee', 'Lee Lead'], ['em', 'Em Manager'], ['cy', 'Cy Cto']]) {
    ids[key] = (await users.create({ name, email: `${key}.${Math.random().toString(36).slice(2, 8)}@example.com`, role: 'RESPONDER' })).id;
  }
  const team = await users.createTeam(`Platform ${Math.random().toString(36).slice(2, 6)}`);
  await users.setTeamMember(team.id, ids.lee, true, true, SETUP);
  await users.setTeamMember(team.id, ids.ana, true, false, SETUP);
  const schedule = await gql(server.graphqlUrl, `mutation { createSchedule(input: { name: "Primary" }) { id } }`);
  const scheduleId = schedule.data!.createSchedule.id;
  const rotation = await gql(server.graphqlUrl, `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: {
    name: "All week", shiftUnit: WEEKLY, handoffTime: "10:00", timeZone: "Europe/Berlin", startDate: "2026-01-05", participantIds: $p }) { id } }`,
  { s: scheduleId, p: [String(ids.ana)] });
  if (rotation.errors) throw new Error(JSON.stringify(rotation.errors));
  const policy = await gql(server.graphqlUrl, `mutation($input: ProcedurePolicyInput!) { createProcedureEscalationPolicy(input: $input) { id levels { level name } } }`, {
    input: {
      name: 'Procedure', isDefault: true, onCallScheduleIds: [scheduleId], teamIds: [String(team.id)],
      engineeringManagerUserIds: [String(ids.em)], ctoUserIds: [String(ids.cy)],
    },
  });
  if (policy.errors) throw new Error(JSON.stringify(policy.errors));
  return ids;
}
