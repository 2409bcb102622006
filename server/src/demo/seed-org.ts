import { Actor, DAY } from '@vigil/shared';
import { AppServices } from '../services';
import { User } from '../model/user.entity';

/** The demo organisation: who works here, which team owns which service, who is on call. */
const TEAMS = [
  { name: 'Payments', services: ['checkout-api'], lead: 'Dana Kowalski', members: ['Ana Ortiz', 'Ben Okafor'] },
  { name: 'Identity', services: ['auth'], lead: 'Farah Nasser', members: ['Chen Wei'] },
  { name: 'Discovery', services: ['search', 'web-frontend'], lead: 'Gus Ibarra', members: ['Ben Okafor', 'Chen Wei'] },
  { name: 'Platform', services: ['notifications', 'data-pipeline'], lead: 'Dana Kowalski', members: ['Ana Ortiz'] },
] as const;

/** The demo is set up by Vigil itself, with an admin's reach (it makes the default policy). */
const SEEDER: Actor = { kind: 'SYSTEM', name: 'demo', userId: null, role: 'ADMIN' };

const RESPONDERS = ['Ana Ortiz', 'Ben Okafor', 'Chen Wei'] as const;
const LEADS = ['Dana Kowalski', 'Farah Nasser', 'Gus Ibarra'] as const;
const MANAGER = 'Eli Haddad';
const CTO = 'Morgan Lee';

export interface DemoOrg {
  people: Map<string, User>;
  /** The people who answer pages and own action items. */
  responders: User[];
}

const emailOf = (name: string) => `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@demo.vigil.invalid`;

/** The Monday on or before `at` (UTC), as YYYY-MM-DD. */
function mondayOnOrBefore(at: Date): string {
  const daysSinceMonday = (at.getUTCDay() + 6) % 7;
  return new Date(at.getTime() - daysSinceMonday * DAY).toISOString().slice(0, 10);
}

/**
 * People (responders, team leads, an engineering manager, a CTO), four teams owning the demo services, a weekly
 * primary on-call rotation and the procedure's escalation path (on call → team lead → engineering manager → CTO)
 * per team, through that team's own lead (every lead on the default path, for a service nobody owns). Addresses
 * are on `.invalid`, so nothing is ever really sent.
 */
export async function seedOrg(app: AppServices, now: Date): Promise<DemoOrg> {
  const people = new Map<string, User>();
  const person = async (name: string, role: 'RESPONDER' | 'LEAD' | 'ADMIN') => {
    // Labelled as the README promises: every demo person's name ends in "(demo)".
    const user = await app.users.create({ name: `${name} (demo)`, email: emailOf(name), role, timeZone: 'UTC' });
    people.set(name, user);
    return user;
  };
  for (const name of RESPONDERS) await person(name, 'RESPONDER');
  for (const name of LEADS) await person(name, 'LEAD');
  await person(MANAGER, 'LEAD');
  await person(CTO, 'ADMIN');

  const services = new Map((await app.catalog.list()).map((s) => [s.name, s.id]));
  const teamIds: number[] = [];
  for (const t of TEAMS) {
    const team = await app.users.createTeam(t.name);
    teamIds.push(team.id);
    await app.users.setTeamMember(team.id, people.get(t.lead)!.id, true, true, SEEDER);
    for (const m of t.members) await app.users.setTeamMember(team.id, people.get(m)!.id, true, false, SEEDER);
    for (const s of t.services) await app.teams.setOwner('service', services.get(s)!, team.id);
  }

  const schedule = await app.oncall.create({
    name: 'Primary on-call',
    description: 'Weekly rotation, hand-off Monday 09:00 UTC (demo)',
  });
  await app.oncall.addRotation(schedule.id, {
    name: 'Weekly',
    shiftUnit: 'WEEKLY',
    shiftCount: 1,
    handoffTime: '09:00',
    timeZone: 'UTC',
    // A weekly rotation hands off on its start date's weekday: start on a Monday, as the description says.
    startDate: mondayOnOrBefore(new Date(now.getTime() - 91 * DAY)),
    participantIds: RESPONDERS.map((n) => String(people.get(n)!.id)),
  });
  const path = (teams: number[]) => ({
    repeat: 1,
    onCallScheduleIds: [String(schedule.id)],
    teamIds: teams.map(String),
    engineeringManagerUserIds: [String(people.get(MANAGER)!.id)],
    ctoUserIds: [String(people.get(CTO)!.id)],
  });
  // Each team's services follow the path through that team's own lead: a Payments incident never wakes the
  // Identity lead. The default (every lead) is only for a service nobody owns.
  for (const [i, t] of TEAMS.entries()) {
    const policy = await app.escalation.createProcedurePolicy(
      { name: `${t.name} procedure`, ...path([teamIds[i]]) },
      SEEDER,
    );
    await app.escalation.setTeamPolicy(teamIds[i], policy.id);
  }
  await app.escalation.createProcedurePolicy(
    { name: 'Incident response procedure', isDefault: true, ...path(teamIds) },
    SEEDER,
  );
  return { people, responders: RESPONDERS.map((n) => people.get(n)!) };
}
