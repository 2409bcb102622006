import { DAY, HOUR, MINUTE } from './time';
import { severityPolicies, severityPolicy, severityRank, isSeverity } from './severity';

describe('severity policy table (the procedure, row by row)', () => {
  it.each([
    ['P0', 5 * MINUTE, 1 * HOUR, ['ALL_STAKEHOLDERS'], 30 * MINUTE, 'Immediate, 24/7', 'Within 1 hour'],
    ['P1', 15 * MINUTE, 4 * HOUR, ['ONCALL_ENGINEER', 'TEAM_LEAD'], 1 * HOUR, 'Within 15 minutes', 'Within 4 hours'],
    ['P2', 1 * HOUR, 24 * HOUR, ['ONCALL_ENGINEER'], null, 'Within 1 hour', 'Within 24 hours'],
    ['P3', 24 * HOUR, 14 * DAY, ['TICKET_SYSTEM'], null, 'Within 24 hours', 'Next sprint'],
  ] as const)('%s', (sev, responseMs, resolutionMs, notify, cadence, response, resolution) => {
    const p = severityPolicy(sev);
    expect(p.responseWithinMs).toBe(responseMs);
    expect(p.resolutionWithinMs).toBe(resolutionMs);
    expect(p.notify).toEqual(notify);
    expect(p.statusUpdateEveryMs).toBe(cadence);
    expect(p.response).toBe(response);
    expect(p.resolution).toBe(resolution);
  });

  it('only P0 pages around the clock', () => {
    expect(
      severityPolicies()
        .filter((p) => p.around247)
        .map((p) => p.severity),
    ).toEqual(['P0']);
  });

  it('makes "immediate" and "next sprint" configurable', () => {
    expect(severityPolicy('P0', { immediateResponseMs: MINUTE }).responseWithinMs).toBe(MINUTE);
    expect(severityPolicy('P3', { nextSprintMs: 21 * DAY }).resolutionWithinMs).toBe(21 * DAY);
  });

  it('ranks P0 first and recognises only the four severities', () => {
    expect(['P3', 'P0', 'P2', 'P1'].sort((a, b) => severityRank(a as 'P0') - severityRank(b as 'P0'))).toEqual([
      'P0',
      'P1',
      'P2',
      'P3',
    ]);
    expect(isSeverity('P2')).toBe(true);
    expect(isSeverity('P4')).toBe(false);
    expect(isSeverity(2)).toBe(false);
  });
});
