import { HOUR, MINUTE, SECOND } from './time';
import { slaDeadlines, slaStatus } from './sla';
import { Severity } from './severity';

const detectedAt = new Date('2026-01-10T09:00:00.000Z');
const at = (ms: number) => new Date(detectedAt.getTime() + ms);

describe('SLA deadlines', () => {
  it.each<[Severity, number, number]>([
    ['P0', 5 * MINUTE, 1 * HOUR],
    ['P1', 15 * MINUTE, 4 * HOUR],
    ['P2', 1 * HOUR, 24 * HOUR],
    ['P3', 24 * HOUR, 14 * 24 * HOUR],
  ])('%s: acknowledge and resolve deadlines from detection', (sev, ack, res) => {
    expect(slaDeadlines(sev, detectedAt)).toEqual({ acknowledgeBy: at(ack), resolveBy: at(res) });
  });

  it('recomputes from the original detection time when severity changes', () => {
    const asP2 = slaStatus({ severity: 'P2', detectedAt, acknowledgedAt: null, resolvedAt: null }, at(20 * MINUTE));
    expect(asP2.acknowledge.state).toBe('PENDING');
    const asP1 = slaStatus({ severity: 'P1', detectedAt, acknowledgedAt: null, resolvedAt: null }, at(20 * MINUTE));
    expect(asP1.acknowledge.deadline).toEqual(at(15 * MINUTE));
    expect(asP1.acknowledge.state).toBe('BREACHED');
    expect(asP1.acknowledge.remainingMs).toBe(-5 * MINUTE);
  });
});

describe('SLA clock boundaries at the exact second (P1: acknowledge within 15 min)', () => {
  const open = { severity: 'P1' as const, detectedAt, acknowledgedAt: null, resolvedAt: null };
  it.each<[string, number, string, number]>([
    ['one second before', 15 * MINUTE - SECOND, 'PENDING', SECOND],
    ['exactly at the deadline', 15 * MINUTE, 'PENDING', 0],
    ['one second after', 15 * MINUTE + SECOND, 'BREACHED', -SECOND],
  ])('open clock %s', (_label, elapsed, state, remaining) => {
    const s = slaStatus(open, at(elapsed)).acknowledge;
    expect(s.state).toBe(state);
    expect(s.remainingMs).toBe(remaining);
  });

  it.each<[string, number, string]>([
    ['acknowledged exactly at the deadline', 15 * MINUTE, 'MET'],
    ['acknowledged one second late', 15 * MINUTE + SECOND, 'BREACHED'],
  ])('%s', (_label, ackAfter, state) => {
    const s = slaStatus({ ...open, acknowledgedAt: at(ackAfter) }, at(10 * HOUR)).acknowledge;
    expect(s.state).toBe(state);
  });

  it('a finished clock stops counting', () => {
    const s = slaStatus({ ...open, acknowledgedAt: at(MINUTE), resolvedAt: at(HOUR) }, at(100 * HOUR));
    expect(s.resolve).toMatchObject({ state: 'MET', remainingMs: 3 * HOUR });
  });

  it.each<[string, number, string, number]>([
    ['auto-resolved one second before the deadline', 15 * MINUTE - SECOND, 'NOT_NEEDED', SECOND],
    ['auto-resolved exactly at the deadline', 15 * MINUTE, 'NOT_NEEDED', 0],
    ['auto-resolved one second after: nobody answered in time', 15 * MINUTE + SECOND, 'BREACHED', -SECOND],
  ])('never acknowledged, %s: the clock stopped at the resolution', (_label, resolvedAfter, state, remaining) => {
    const s = slaStatus({ ...open, resolvedAt: at(resolvedAfter) }, at(100 * HOUR)).acknowledge;
    expect(s).toMatchObject({ state, remainingMs: remaining });
  });
});
