import { getIntrospectionQuery } from 'graphql';
import { DomainError, MUTATION_ROLES, assertCredentialMay, authorizeMutation } from '@vigil/shared';
import { TestServer, gql, startTestServer } from '../support/server';

describe('the permission matrix', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(() => server?.dispose());

  it('names every mutation in the schema, and nothing that is not one', async () => {
    const res = await gql(server.graphqlUrl, getIntrospectionQuery());
    const mutationType = res.data!.__schema.types.find((t: any) => t.name === 'Mutation');
    const inSchema = mutationType.fields.map((f: any) => f.name).sort();
    expect(Object.keys(MUTATION_ROLES).sort()).toEqual(inSchema);
  });
});

/**
 * Who may call each mutation, written out by hand (read once from the code, then frozen here): a change to it
 * fails this test and shows in review as a change to this table.
 * - least: the global role needed (each role can do what the ones before it can); PUBLIC needs no sign-in.
 * - team: yes when a team role of at least that role also counts, for that team's resources (team-scope.ts
 *   checks the resource).
 * - credential: which credentials may call it. A wall token never mutates. session: a signed-in browser session
 *   only, never an API token; session-if-password: a token may, except with a password; session-or-token: either.
 */
const MATRIX = `
mutation                          least      team  credential
declareIncident                   RESPONDER  no    session-or-token
acknowledgeIncident               RESPONDER  no    session-or-token
transitionIncident                RESPONDER  no    session-or-token
changeSeverity                    RESPONDER  no    session-or-token
addTimelineNote                   RESPONDER  no    session-or-token
resolveIncident                   RESPONDER  no    session-or-token
reopenIncident                    RESPONDER  no    session-or-token
postStatusUpdate                  RESPONDER  no    session-or-token
publishIncident                   RESPONDER  no    session-or-token
unpublishIncident                 RESPONDER  no    session-or-token
addStatusWebhook                  ADMIN      no    session-or-token
deleteStatusSubscriber            ADMIN      no    session-or-token
exportStatusSubscribers           ADMIN      no    session-or-token
checkChecklistItem                RESPONDER  no    session-or-token
requestPostmortem                 RESPONDER  no    session-or-token
updatePostmortem                  RESPONDER  no    session-or-token
transitionPostmortem              RESPONDER  no    session-or-token
assignPostmortem                  RESPONDER  no    session-or-token
addActionItem                     RESPONDER  no    session-or-token
updateActionItem                  RESPONDER  no    session-or-token
transitionActionItem              RESPONDER  no    session-or-token
retryTicketSync                   RESPONDER  no    session-or-token
setTeamTicketTracker              ADMIN      no    session-or-token
importIncidentHistory             LEAD       no    session-or-token
createService                     LEAD       no    session-or-token
createIntegration                 LEAD       yes   session-or-token
rotateIntegrationKey              LEAD       yes   session-or-token
setIntegrationSeverityMapping     LEAD       yes   session-or-token
recordDeployment                  RESPONDER  no    session-or-token
setRollbackFlags                  RESPONDER  no    session-or-token
runRunbookAction                  RESPONDER  no    session-or-token
probeHealthCheck                  RESPONDER  no    session-or-token
createMaintenanceWindow           LEAD       no    session-or-token
updateMaintenanceWindow           LEAD       no    session-or-token
endMaintenanceWindow              LEAD       no    session-or-token
deleteMaintenanceWindow           LEAD       no    session-or-token
login                             PUBLIC     no    session-or-token
logout                            PUBLIC     no    session-or-token
changePassword                    VIEWER     no    session
createPersonalToken               VIEWER     no    session
revokeApiToken                    VIEWER     no    session
revokeSession                     VIEWER     no    session
addContactMethod                  VIEWER     no    session
removeContactMethod               VIEWER     no    session
verifyContactMethod               VIEWER     no    session
resendVerificationCode            VIEWER     no    session
sendTestPage                      VIEWER     no    session
setNotificationRules              VIEWER     no    session
subscribePush                     VIEWER     no    session
createWallToken                   LEAD       yes   session
createTeam                        LEAD       no    session-or-token
setTeamMember                     LEAD       no    session-or-token
createUser                        ADMIN      no    session-if-password
updateUser                        ADMIN      no    session-or-token
createSchedule                    LEAD       no    session-or-token
updateSchedule                    LEAD       yes   session-or-token
deleteSchedule                    LEAD       yes   session-or-token
addRotation                       LEAD       yes   session-or-token
updateRotation                    LEAD       yes   session-or-token
removeRotation                    LEAD       yes   session-or-token
addScheduleOverride               LEAD       yes   session-or-token
removeScheduleOverride            LEAD       yes   session-or-token
createMyCalendarFeed              VIEWER     no    session
revokeMyCalendarFeed              VIEWER     no    session
createScheduleCalendarFeed        LEAD       yes   session
revokeScheduleCalendarFeed        LEAD       yes   session
createEscalationPolicy            LEAD       no    session-or-token
createProcedureEscalationPolicy   LEAD       no    session-or-token
updateEscalationPolicy            LEAD       yes   session-or-token
deleteEscalationPolicy            LEAD       yes   session-or-token
escalateIncident                  RESPONDER  no    session-or-token
reassignIncident                  RESPONDER  no    session-or-token
acceptPage                        RESPONDER  no    session-or-token
setServiceEscalationPolicy        LEAD       no    session-or-token
setTeamEscalationPolicy           LEAD       no    session-or-token
assignIncidentRole                RESPONDER  no    session-or-token
handOverIncidentRole              RESPONDER  no    session-or-token
stepDownIncidentRole              RESPONDER  no    session-or-token
createHeartbeatMonitor            LEAD       no    session-or-token
updateHeartbeatMonitor            LEAD       no    session-or-token
deleteHeartbeatMonitor            LEAD       no    session-or-token
setServiceTeam                    LEAD       no    session-or-token
setScheduleTeam                   LEAD       no    session-or-token
setEscalationPolicyTeam           LEAD       no    session-or-token
setTeamMemberRole                 LEAD       no    session-or-token
setTeamTeamsWebhook               LEAD       yes   session-or-token
`;

/** The roles, least to most powerful, as the table reads them; null: not signed in. */
const CALLERS = [null, 'VIEWER', 'RESPONDER', 'LEAD', 'ADMIN'] as const;
type Caller = (typeof CALLERS)[number];
const rows = MATRIX.trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [mutation, least, team, credential] = line.trim().split(/\s+/);
    return { mutation, least, team, credential };
  });

function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (e) {
    return e instanceof DomainError ? e.code : e;
  }
}

describe('the permission matrix, pinned', () => {
  it('names exactly the mutations the code knows', () => {
    expect(rows.map((r) => r.mutation).sort()).toEqual(Object.keys(MUTATION_ROLES).sort());
  });

  it.each(rows)('$mutation: least role $least, team role counts: $team', ({ mutation, least, team }) => {
    // What each caller gets with no team role: allowed from the least role up, refused below it.
    const from = least === 'PUBLIC' ? 0 : CALLERS.indexOf(least as Caller);
    expect(from).toBeGreaterThanOrEqual(0);
    const expected = CALLERS.map((caller, i) =>
      i >= from ? 'GLOBAL' : caller === null ? 'UNAUTHENTICATED' : 'FORBIDDEN',
    );
    expect(CALLERS.map((caller) => outcome(() => authorizeMutation(caller, [], mutation)))).toEqual(expected);
    // A viewer who holds the least role in some team: allowed for that team's resources only where the table says so.
    if (least !== 'PUBLIC' && least !== 'VIEWER') {
      const withTeamRole = outcome(() => authorizeMutation('VIEWER', [least as Caller & string], mutation));
      expect(withTeamRole).toBe(team === 'yes' ? 'TEAM' : 'FORBIDDEN');
    } else {
      expect(team).toBe('no');
    }
  });

  it.each(rows)('$mutation: credentials $credential', ({ mutation, credential }) => {
    const may = (kind: 'SESSION' | 'PERSONAL_TOKEN' | 'WALL_TOKEN', args: Record<string, unknown> = {}) =>
      outcome(() => assertCredentialMay(kind, 'mutation', mutation, args)) === undefined;
    const withPassword = { input: { password: 'correct horse battery staple' } };
    expect({
      session: may('SESSION'),
      token: may('PERSONAL_TOKEN'),
      tokenWithPassword: may('PERSONAL_TOKEN', withPassword),
      wall: may('WALL_TOKEN'),
    }).toEqual({
      session: true,
      token: credential === 'session-or-token' || credential === 'session-if-password',
      tokenWithPassword: credential === 'session-or-token',
      wall: false,
    });
  });
});
