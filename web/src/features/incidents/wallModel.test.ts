import { IncidentStatus } from '@vigil/shared';
import { countdown, mergeIncident, orderForWall, staleness } from './wallModel';

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
    const list: Row[] = [{ id: '1', status: 'TRIGGERED' }, { id: '2', status: 'TRIGGERED' }];
    expect(mergeIncident(list, { id: '1', status: 'RESOLVED' })).toEqual([{ id: '2', status: 'TRIGGERED' }]);
    expect(mergeIncident(list, { id: '2', status: 'ACKNOWLEDGED' })).toEqual([{ id: '1', status: 'TRIGGERED' }, { id: '2', status: 'ACKNOWLEDGED' }]);
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

  it('says how stale the data is', () => {
    expect(staleness(new Date('2026-02-01T09:58:30.000Z'), now)).toBe('data is 1m 30s old');
    expect(staleness(null, now)).toBe('never connected');
  });
});
