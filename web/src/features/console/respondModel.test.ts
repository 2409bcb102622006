import {
  beforeDetection,
  commandLine,
  escalationReasonText,
  handOverCandidates,
  ladderTitle,
  parseErrorRate,
  roleLabel,
  runbookLabel,
} from './respondModel';

describe('respond model', () => {
  it.each([
    [0, 'at detection'],
    [-5, 'at detection'],
    [59, '59 s before detection'],
    [60, '1 min before detection'],
    [3599, '59 min before detection'],
    [3600, '1 h 00 min before detection'],
    [3900, '1 h 05 min before detection'],
  ])('%p s → %p', (s, text) => expect(beforeDetection(s)).toBe(text));
  it.each([
    ['', null],
    [' ', null],
    ['0', 0],
    ['35', 35],
    ['35%', 35],
    ['100', 100],
    ['100.1', 'invalid'],
    ['-1', 'invalid'],
    ['abc', 'invalid'],
  ] as const)('error rate %p → %p', (t, v) => expect(parseErrorRate(t)).toBe(v));
  it('quotes only what a shell would split', () => {
    expect(commandLine(['kubectl', 'rollout', 'undo', 'deployment/checkout', '-n', 'production'])).toBe(
      'kubectl rollout undo deployment/checkout -n production',
    );
    expect(commandLine(['echo', 'two words', "it's"])).toBe(`echo 'two words' 'it'\\''s'`);
  });
  it('names roles, actions and reasons', () => {
    expect(roleLabel('COMMUNICATIONS')).toBe('Communications liaison');
    expect(runbookLabel('MAINTENANCE_MODE')).toBe('Maintenance mode');
    expect(escalationReasonText('TIMEOUT')).toBe('no ack');
    expect(escalationReasonText('SOMETHING_NEW')).toBe('something_new');
  });
});

describe('ladderTitle', () => {
  it.each([
    [0, 'Escalation · Procedure'],
    [1, 'Escalation · Procedure · round 2'],
    [2, 'Escalation · Procedure · round 3'],
  ])('round %i (0-based) reads %s', (round, title) => {
    expect(ladderTitle('Procedure', round)).toBe(title);
  });
});

describe('who a role or the incident can be handed to', () => {
  it('active people who can answer a page: never a viewer, nor someone deactivated', () => {
    const people = [
      { id: '1', name: 'Ana', role: 'RESPONDER', active: true },
      { id: '2', name: 'Vic', role: 'VIEWER', active: true },
      { id: '3', name: 'Lee', role: 'LEAD', active: true },
      { id: '4', name: 'Old', role: 'RESPONDER', active: false },
      { id: '5', name: 'Adm', role: 'ADMIN', active: true },
    ];
    expect(handOverCandidates(people).map((p) => p.name)).toEqual(['Ana', 'Lee', 'Adm']);
  });
});
