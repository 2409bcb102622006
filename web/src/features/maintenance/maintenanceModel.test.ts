import { orderWindows, windowPhase } from './maintenanceModel';

const now = new Date('2026-11-29T12:00:00.000Z');

describe('maintenance windows', () => {
  it.each([
    ['2026-11-29T12:00:00.000Z', '2026-11-29T13:00:00.000Z', 'IN_PROGRESS'],
    ['2026-11-29T12:00:00.001Z', '2026-11-29T13:00:00.000Z', 'SCHEDULED'],
    ['2026-11-29T11:00:00.000Z', '2026-11-29T12:00:00.000Z', 'ENDED'],
    ['2026-11-29T11:00:00.000Z', '2026-11-29T12:00:00.001Z', 'IN_PROGRESS'],
    ['2026-11-01T00:00:00.000Z', null, 'IN_PROGRESS'],
    ['2026-12-01T00:00:00.000Z', null, 'SCHEDULED'],
  ])('from %s to %s is %s at noon (end exclusive)', (startsAt, endsAt, phase) => {
    expect(windowPhase({ startsAt, endsAt }, now)).toBe(phase);
  });

  it('orders in progress, then scheduled soonest first, then ended latest first', () => {
    const w = (id: string, startsAt: string, endsAt: string | null) => ({ id, startsAt, endsAt });
    const ordered = orderWindows(
      [
        w('ended-early', '2026-11-20T00:00:00.000Z', '2026-11-20T01:00:00.000Z'),
        w('later', '2026-12-05T00:00:00.000Z', null),
        w('now', '2026-11-29T11:00:00.000Z', null),
        w('ended-late', '2026-11-28T00:00:00.000Z', '2026-11-28T01:00:00.000Z'),
        w('soon', '2026-11-30T00:00:00.000Z', '2026-11-30T02:00:00.000Z'),
      ],
      now,
    );
    expect(ordered.map((x) => x.id)).toEqual(['now', 'soon', 'later', 'ended-late', 'ended-early']);
  });
});
