import { DAY } from './time';
import {
  ComponentState,
  componentState,
  componentStateLabel,
  formatPublicUpdate,
  overallStatusText,
  pastIncidentsSince,
  publicIncidentTitle,
  publicStatusLabel,
  worstState,
} from './statuspage';

describe('status page', () => {
  it.each<[string, Array<'P0' | 'P1' | 'P2' | 'P3'>, ComponentState]>([
    ['no open incident', [], 'OPERATIONAL'],
    ['P3', ['P3'], 'DEGRADED_PERFORMANCE'],
    ['P2', ['P2'], 'DEGRADED_PERFORMANCE'],
    ['P1', ['P1'], 'PARTIAL_OUTAGE'],
    ['P0', ['P0'], 'MAJOR_OUTAGE'],
    ['the worst of several wins', ['P3', 'P1', 'P2'], 'PARTIAL_OUTAGE'],
    ['P0 beats everything', ['P2', 'P0', 'P1'], 'MAJOR_OUTAGE'],
  ])('%s → %s', (_l, severities, state) => {
    expect(componentState(severities)).toBe(state);
  });

  it('headline and labels', () => {
    expect(worstState(['OPERATIONAL', 'PARTIAL_OUTAGE', 'DEGRADED_PERFORMANCE'])).toBe('PARTIAL_OUTAGE');
    expect(overallStatusText(worstState([]))).toBe('All systems operational');
    expect(componentStateLabel('OPERATIONAL')).toBe('Operational');
    expect(componentStateLabel('MAJOR_OUTAGE')).toBe('Major outage');
    expect(['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'].map((s) => publicStatusLabel(s as never))).toEqual(
      ['Investigating', 'Identified', 'Monitoring', 'Resolved'],
    );
  });

  it('names an incident by impact and components only, never its internal title', () => {
    expect(publicIncidentTitle('MAJOR_OUTAGE', ['checkout-api', 'search'])).toBe(
      'Major outage affecting checkout-api, search',
    );
    expect(publicIncidentTitle('DEGRADED_PERFORMANCE', [])).toBe('Degraded performance');
  });

  it('formats a public update in the procedure format, in UTC', () => {
    expect(formatPublicUpdate(new Date('2026-03-01T09:05:59.999Z'), 'Issue detected')).toBe(
      '[2026-03-01 09:05 UTC] - Issue detected',
    );
    expect(formatPublicUpdate(new Date('2026-02-28T23:59:00+01:00'), 'Fix deployed')).toBe(
      '[2026-02-28 22:59 UTC] - Fix deployed',
    );
  });

  it('past incidents reach back exactly 14 days', () => {
    const now = new Date('2026-03-15T12:00:00.000Z');
    expect(pastIncidentsSince(now)).toEqual(new Date('2026-03-01T12:00:00.000Z'));
    expect(now.getTime() - pastIncidentsSince(now).getTime()).toBe(14 * DAY);
  });
});
