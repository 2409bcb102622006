import { HOUR, MINUTE, SECOND } from './time';
import { statusUpdateCadence } from './cadence';

const detectedAt = new Date('2026-05-05T00:00:00.000Z');
const at = (ms: number) => new Date(detectedAt.getTime() + ms);

describe('status update cadence', () => {
  it.each<[string, 'P0' | 'P1', Date | null, number, Date, boolean]>([
    ['P0 before first update, on time', 'P0', null, 30 * MINUTE, at(30 * MINUTE), false],
    ['P0 one second late', 'P0', null, 30 * MINUTE + SECOND, at(30 * MINUTE), true],
    ['P0 counts from the last update', 'P0', at(25 * MINUTE), 40 * MINUTE, at(55 * MINUTE), false],
    ['P1 hourly', 'P1', null, HOUR + SECOND, at(HOUR), true],
  ])('%s', (_l, severity, last, elapsed, due, overdue) => {
    const c = statusUpdateCadence({ severity, detectedAt, resolvedAt: null, lastStatusUpdateAt: last }, at(elapsed));
    expect(c).toEqual({ nextUpdateDueAt: due, overdue });
  });

  it('P2, P3 and resolved incidents have no cadence', () => {
    for (const severity of ['P2', 'P3'] as const) {
      expect(
        statusUpdateCadence({ severity, detectedAt, resolvedAt: null, lastStatusUpdateAt: null }, at(9 * HOUR)),
      ).toEqual({ nextUpdateDueAt: null, overdue: false });
    }
    expect(
      statusUpdateCadence({ severity: 'P0', detectedAt, resolvedAt: at(HOUR), lastStatusUpdateAt: null }, at(9 * HOUR)),
    ).toEqual({ nextUpdateDueAt: null, overdue: false });
  });
});
