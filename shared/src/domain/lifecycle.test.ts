import { DomainError } from './errors';
import {
  IncidentStatus,
  LifecycleState,
  canTransition,
  isAutoResolved,
  moverOf,
  planAcknowledge,
  planTransition,
  publicStatusOf,
} from './lifecycle';

const now = new Date('2026-03-01T12:00:00.000Z');
const earlier = new Date('2026-03-01T11:00:00.000Z');
const fresh: LifecycleState = { status: 'TRIGGERED', acknowledgedAt: null, mitigatedAt: null, resolvedAt: null };

describe('lifecycle transitions', () => {
  it.each<[IncidentStatus, IncidentStatus, boolean]>([
    ['TRIGGERED', 'ACKNOWLEDGED', true],
    ['TRIGGERED', 'RESOLVED', true],
    ['ACKNOWLEDGED', 'INVESTIGATING', true],
    ['ACKNOWLEDGED', 'TRIGGERED', false],
    ['ACKNOWLEDGED', 'ACKNOWLEDGED', false],
    ['INVESTIGATING', 'ACKNOWLEDGED', false],
    ['INVESTIGATING', 'IDENTIFIED', true],
    ['IDENTIFIED', 'INVESTIGATING', true],
    ['IDENTIFIED', 'MITIGATED', true],
    ['MITIGATED', 'INVESTIGATING', true],
    ['MITIGATED', 'RESOLVED', true],
    ['RESOLVED', 'INVESTIGATING', true],
    ['RESOLVED', 'TRIGGERED', false],
    ['RESOLVED', 'ACKNOWLEDGED', false],
    ['RESOLVED', 'RESOLVED', false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('rejects an invalid move naming both states', () => {
    const attempt = () => planTransition({ ...fresh, status: 'RESOLVED', resolvedAt: earlier }, 'ACKNOWLEDGED', now);
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(/from RESOLVED to ACKNOWLEDGED/);
    try {
      attempt();
    } catch (e) {
      expect((e as DomainError).code).toBe('INVALID_TRANSITION');
      expect((e as DomainError).details).toMatchObject({ from: 'RESOLVED', to: 'ACKNOWLEDGED' });
    }
  });

  it('stamps acknowledgement on the first move out of TRIGGERED, once', () => {
    const acked = planTransition(fresh, 'ACKNOWLEDGED', earlier);
    expect(acked).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedAt: earlier, eventType: 'ACKNOWLEDGED' });
    const investigating = planTransition(acked, 'INVESTIGATING', now);
    expect(investigating.acknowledgedAt).toBe(earlier);
    expect(planTransition(fresh, 'IDENTIFIED', now).acknowledgedAt).toBe(now);
  });

  it.each<[string, IncidentStatus, 'PERSON' | 'MONITORING', Date | null]>([
    ['a person resolving an unacknowledged incident acknowledges it', 'RESOLVED', 'PERSON', now],
    ['monitoring resolving it does not (auto-resolved)', 'RESOLVED', 'MONITORING', null],
    ['an explicit acknowledge event from monitoring does', 'ACKNOWLEDGED', 'MONITORING', now],
  ])('%s', (_label, to, by, acknowledgedAt) => {
    const next = planTransition(fresh, to, now, by);
    expect(next.acknowledgedAt).toEqual(acknowledgedAt);
    expect(isAutoResolved(next)).toBe(to === 'RESOLVED' && by === 'MONITORING');
  });

  it('monitoring resolving an acknowledged incident keeps the acknowledgement', () => {
    const next = planTransition(
      { ...fresh, status: 'ACKNOWLEDGED', acknowledgedAt: earlier },
      'RESOLVED',
      now,
      'MONITORING',
    );
    expect(next).toMatchObject({ acknowledgedAt: earlier, resolvedAt: now });
    expect(isAutoResolved(next)).toBe(false);
  });

  it.each([
    ['USER', 'PERSON'],
    ['TOKEN', 'PERSON'],
    ['INTEGRATION', 'MONITORING'],
    ['SYSTEM', 'MONITORING'],
  ] as const)('an actor of kind %s moves as %s', (kind, mover) => {
    expect(moverOf({ kind })).toBe(mover);
  });

  it('resolving implies mitigation; reopening clears both but keeps the acknowledgement', () => {
    const resolved = planTransition({ ...fresh, status: 'INVESTIGATING', acknowledgedAt: earlier }, 'RESOLVED', now);
    expect(resolved).toMatchObject({ resolvedAt: now, mitigatedAt: now, eventType: 'RESOLVED' });
    const reopened = planTransition(resolved, 'INVESTIGATING', now);
    expect(reopened).toMatchObject({
      status: 'INVESTIGATING',
      resolvedAt: null,
      mitigatedAt: null,
      acknowledgedAt: earlier,
      eventType: 'REOPENED',
    });
  });

  it('a person reopening an incident monitoring resolved before anyone answered does not acknowledge it', () => {
    const flap = planTransition(fresh, 'RESOLVED', earlier, 'MONITORING');
    const reopened = planTransition(flap, 'INVESTIGATING', now, 'PERSON');
    expect(reopened).toMatchObject({ status: 'INVESTIGATING', acknowledgedAt: null, eventType: 'REOPENED' });
    // Their next move is a response like any other: it stamps the acknowledgement.
    expect(planTransition(reopened, 'IDENTIFIED', now, 'PERSON').acknowledgedAt).toBe(now);
  });

  it('keeps the first mitigation time when resolving after MITIGATED, and drops it when mitigation fails', () => {
    const mitigated = planTransition({ ...fresh, status: 'IDENTIFIED', acknowledgedAt: earlier }, 'MITIGATED', earlier);
    expect(planTransition(mitigated, 'RESOLVED', now).mitigatedAt).toBe(earlier);
    expect(planTransition(mitigated, 'INVESTIGATING', now).mitigatedAt).toBeNull();
  });

  it.each<[IncidentStatus, string]>([
    ['TRIGGERED', 'INVESTIGATING'],
    ['ACKNOWLEDGED', 'INVESTIGATING'],
    ['INVESTIGATING', 'INVESTIGATING'],
    ['IDENTIFIED', 'IDENTIFIED'],
    ['MITIGATED', 'MONITORING'],
    ['RESOLVED', 'RESOLVED'],
  ])('status page shows %s as %s', (status, word) => {
    expect(publicStatusOf(status)).toBe(word);
  });
});

describe('planAcknowledge (answering the page)', () => {
  const reopened: LifecycleState = {
    status: 'INVESTIGATING',
    acknowledgedAt: earlier,
    mitigatedAt: null,
    resolvedAt: null,
  };
  it.each<[string, LifecycleState, boolean, [IncidentStatus, string | null] | 'INVALID_TRANSITION']>([
    ['a new incident: first response, stamped now', fresh, true, ['ACKNOWLEDGED', now.toISOString()]],
    ['a new incident with nothing paged still acknowledges', fresh, false, ['ACKNOWLEDGED', now.toISOString()]],
    [
      'reopened and paged again: the page is answered, the first acknowledgement kept',
      reopened,
      true,
      ['INVESTIGATING', earlier.toISOString()],
    ],
    [
      'a level paged by hand on an acknowledged incident',
      { ...reopened, status: 'ACKNOWLEDGED' },
      true,
      ['ACKNOWLEDGED', earlier.toISOString()],
    ],
    ['already acknowledged and no page waiting', { ...reopened, status: 'ACKNOWLEDGED' }, false, 'INVALID_TRANSITION'],
    [
      'reopened after monitoring resolved it unanswered: this answer is the first acknowledgement',
      { ...reopened, acknowledgedAt: null },
      true,
      ['INVESTIGATING', now.toISOString()],
    ],
    ['reopened but nobody paged (maintenance)', reopened, false, 'INVALID_TRANSITION'],
    ['resolved', { ...reopened, status: 'RESOLVED', resolvedAt: now }, true, 'INVALID_TRANSITION'],
  ])('%s', (_name, state, awaiting, expected) => {
    if (expected === 'INVALID_TRANSITION') {
      expect(() => planAcknowledge(state, awaiting, now)).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION' }),
      );
      // An open incident with nothing waiting says so, not "from ACKNOWLEDGED to ACKNOWLEDGED".
      if (state.status !== 'RESOLVED')
        expect(() => planAcknowledge(state, awaiting, now)).toThrow(/^No page is waiting for an answer/);
      return;
    }
    const plan = planAcknowledge(state, awaiting, now);
    expect([plan.status, plan.acknowledgedAt?.toISOString() ?? null, plan.eventType]).toEqual([
      ...expected,
      'ACKNOWLEDGED',
    ]);
  });
});
