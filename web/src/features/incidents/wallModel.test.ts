import { IncidentStatus } from '@vigil/shared';
import {
  acknowledgeCountdown,
  commanderOf,
  countdown,
  ladderView,
  mergeEscalation,
  mergeIncident,
  orderForWall,
  supportRoles,
  tickerLines,
} from './wallModel';

const now = new Date('2026-02-01T10:00:00.000Z');

describe('wall model', () => {
  it('orders by severity, then oldest first', () => {
    const rows = [
      { id: '1', severity: 'P2' as const, detectedAt: '2026-02-01T09:00:00.000Z' },
      { id: '2', severity: 'P0' as const, detectedAt: '2026-02-01T09:50:00.000Z' },
      { id: '3', severity: 'P0' as const, detectedAt: '2026-02-01T09:10:00.000Z' },
    ];
    expect(orderForWall(rows).map((r) => r.id)).toEqual(['3', '2', '1']);
  });

  it('drops resolved incidents and replaces changed ones', () => {
    type Row = { id: string; status: IncidentStatus };
    const list: Row[] = [
      { id: '1', status: 'TRIGGERED' },
      { id: '2', status: 'TRIGGERED' },
    ];
    expect(mergeIncident(list, { id: '1', status: 'RESOLVED' })).toEqual([{ id: '2', status: 'TRIGGERED' }]);
    expect(mergeIncident(list, { id: '2', status: 'ACKNOWLEDGED' })).toEqual([
      { id: '1', status: 'TRIGGERED' },
      { id: '2', status: 'ACKNOWLEDGED' },
    ]);
  });

  it.each([
    ['2026-02-01T10:12:04.000Z', null, '12m 04s left', 'PENDING'],
    ['2026-02-01T10:00:00.000Z', null, '0s left', 'PENDING'],
    ['2026-02-01T09:56:50.000Z', null, 'BREACHED 3m 10s ago', 'BREACHED'],
    ['2026-02-01T09:56:50.000Z', '2026-02-01T09:50:00.000Z', 'met', 'MET'],
    ['2026-02-01T09:56:50.000Z', '2026-02-01T09:58:00.000Z', 'late by 1m 10s', 'BREACHED'],
  ])('countdown to %s (done %s) reads "%s"', (deadline, done, label, state) => {
    expect(countdown(deadline, done, now)).toEqual({ label, state });
  });

  it.each([
    [null, '2026-02-01T09:55:00.000Z', 'not needed: resolved by monitoring first', 'NOT_NEEDED'],
    [null, '2026-02-01T09:58:00.000Z', 'late by 1m 10s', 'BREACHED'],
    [null, null, 'BREACHED 3m 10s ago', 'BREACHED'],
    ['2026-02-01T09:50:00.000Z', '2026-02-01T09:59:00.000Z', 'met', 'MET'],
  ])('the acknowledge cell (acknowledged %s, resolved %s) reads "%s"', (acknowledgedAt, resolvedAt, label, state) => {
    expect(acknowledgeCountdown('2026-02-01T09:56:50.000Z', acknowledgedAt, resolvedAt, now)).toEqual({ label, state });
  });
});

describe('escalation ladder on the wall', () => {
  const pages = [
    { level: 1, levelName: 'On-call engineer', at: '2026-02-01T09:45:00.000Z', paged: [{ name: 'Ana Oncall' }] },
    { level: 2, levelName: 'Team lead', at: '2026-02-01T09:55:00.000Z', paged: [] },
  ];
  it.each([
    [
      {
        active: true,
        currentLevel: 1,
        nextLevel: 2,
        nextLevelName: 'Team lead',
        nextAt: '2026-02-01T10:04:10.000Z',
        pages: pages.slice(0, 1),
      },
      { level: 'L1 On-call engineer', paged: 'Ana Oncall', next: 'L2 Team lead in 4m 10s', state: 'CLIMBING' },
    ],
    [
      {
        active: true,
        currentLevel: 1,
        nextLevel: 2,
        nextLevelName: null,
        nextAt: '2026-02-01T10:00:00.000Z',
        pages: pages.slice(0, 1),
      },
      { level: 'L1 On-call engineer', paged: 'Ana Oncall', next: 'L2 firing', state: 'DUE' },
    ],
    [
      { active: false, currentLevel: 2, nextLevel: null, nextAt: null, pages },
      { level: 'L2 Team lead', paged: 'nobody available', next: 'paging stopped', state: 'STOPPED' },
    ],
    [
      { active: true, currentLevel: 0, nextLevel: null, nextAt: null, pages: [] },
      { level: 'not paged yet', paged: '—', next: 'last level', state: 'STOPPED' },
    ],
  ])('%#', (escalation, expected) => {
    expect(ladderView(escalation, now)).toEqual(expected);
  });

  it('finds the commander and merges a pushed ladder into its incident only', () => {
    expect(
      commanderOf({
        roles: [
          { role: 'SCRIBE', user: { name: 'S' } },
          { role: 'COMMANDER', user: { name: 'C' } },
        ],
      }),
    ).toBe('C');
    expect(commanderOf({ roles: [] })).toBeNull();
    const list = [
      { id: '1', escalation: null },
      { id: '2', escalation: null },
    ];
    const esc = { active: true, currentLevel: 1, pages: [] };
    expect(mergeEscalation(list, '2', esc)).toEqual([
      { id: '1', escalation: null },
      { id: '2', escalation: esc },
    ]);
  });

  it('lists the scribe and communications liaison beside the commander', () => {
    const roles = [
      { role: 'COMMANDER', user: { name: 'Ana' } },
      { role: 'SCRIBE', user: { name: 'Ben' } },
      { role: 'COMMUNICATIONS', user: { name: 'Cy' } },
    ];
    expect(supportRoles({ roles })).toBe('scribe Ben · comms Cy');
    expect(supportRoles({ roles: [] })).toBe('');
  });
});

describe('ticker lines', () => {
  const e = (id: string, at: string) => ({ id, incidentId: '1', type: 'NOTE', message: id, actorName: 'a', at });
  it.each([
    ['history alone, newest first', [], [e('1', '10:00'), e('3', '10:02'), e('2', '10:01')], 5, ['3', '2', '1']],
    ['live lines before older history', [e('9', '10:05')], [e('1', '10:00'), e('2', '10:01')], 5, ['9', '2', '1']],
    [
      'an event heard live and read in history shows once',
      [e('2', '10:01')],
      [e('1', '10:00'), e('2', '10:01')],
      5,
      ['2', '1'],
    ],
    ['the same second: the higher id is newer', [], [e('7', '10:00'), e('8', '10:00')], 5, ['8', '7']],
    ['at most the limit', [e('4', '10:04')], [e('1', '10:01'), e('2', '10:02'), e('3', '10:03')], 2, ['4', '3']],
    ['nothing yet', [], [], 5, []],
  ])('%s', (_name, live, history, limit, ids) => {
    expect(tickerLines(live, history, limit).map((l) => l.id)).toEqual(ids);
  });
});
