import { RoleChangeRequest, planRoleChange } from './incident-roles';

const base: RoleChangeRequest = {
  kind: 'ASSIGN',
  role: 'SCRIBE',
  holderId: null,
  actorUserId: 1,
  actorRole: 'RESPONDER',
  targetUserId: 2,
  incident: { severity: 'P2', open: true },
};

function outcome(r: Partial<RoleChangeRequest>): string {
  try {
    const plan = planRoleChange({ ...base, ...r });
    return `holder ${plan.holderId ?? 'none'}`;
  } catch (e) {
    return (e as { code: string }).code;
  }
}

describe('incident role changes', () => {
  it.each<[string, Partial<RoleChangeRequest>, string]>([
    ['assign a vacant role', {}, 'holder 2'],
    ['assign an occupied role', { holderId: 3 }, 'INVALID_TRANSITION'],
    ['assign nobody', { targetUserId: null }, 'VALIDATION'],
    ['holder hands over', { kind: 'HAND_OVER', holderId: 1, targetUserId: 2 }, 'holder 2'],
    ['another responder hands over', { kind: 'HAND_OVER', holderId: 3, targetUserId: 2 }, 'FORBIDDEN'],
    ['a lead hands over', { kind: 'HAND_OVER', holderId: 3, targetUserId: 2, actorRole: 'LEAD' }, 'holder 2'],
    ['an admin hands over', { kind: 'HAND_OVER', holderId: 3, targetUserId: 2, actorRole: 'ADMIN' }, 'holder 2'],
    ['a token (no user) responder hands over', { kind: 'HAND_OVER', holderId: 3, actorUserId: null }, 'FORBIDDEN'],
    ['hand over to the holder', { kind: 'HAND_OVER', holderId: 1, targetUserId: 1 }, 'VALIDATION'],
    ['hand over a vacant role', { kind: 'HAND_OVER', holderId: null }, 'INVALID_TRANSITION'],
    ['scribe steps down', { kind: 'STEP_DOWN', holderId: 1, targetUserId: null }, 'holder none'],
    ['someone else steps the scribe down', { kind: 'STEP_DOWN', holderId: 3 }, 'FORBIDDEN'],
    ['P2 commander steps down', { kind: 'STEP_DOWN', role: 'COMMANDER', holderId: 1 }, 'holder none'],
    [
      'P1 commander steps down',
      { kind: 'STEP_DOWN', role: 'COMMANDER', holderId: 1, incident: { severity: 'P1', open: true } },
      'INVALID_TRANSITION',
    ],
    [
      'P0 commander steps down',
      { kind: 'STEP_DOWN', role: 'COMMANDER', holderId: 1, incident: { severity: 'P0', open: true } },
      'INVALID_TRANSITION',
    ],
    [
      'P0 commander steps down after resolution',
      { kind: 'STEP_DOWN', role: 'COMMANDER', holderId: 1, incident: { severity: 'P0', open: false } },
      'holder none',
    ],
    [
      'P0 communications liaison steps down',
      { kind: 'STEP_DOWN', role: 'COMMUNICATIONS', holderId: 1, incident: { severity: 'P0', open: true } },
      'holder none',
    ],
  ])('%s', (_l, r, expected) => {
    expect(outcome(r)).toBe(expected);
  });
});
