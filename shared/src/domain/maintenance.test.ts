import { HOUR, SECOND } from './time';
import { activeWindows, isInMaintenance, maintenanceWindowProblem } from './maintenance';

const start = new Date('2026-05-05T02:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);
const window = { startsAt: start, endsAt: at(HOUR) };

describe('maintenance windows', () => {
  it.each<[string, number, boolean]>([
    ['1 ms before the start', -1, false],
    ['at the start', 0, true],
    ['in the middle', 30 * 60 * SECOND, true],
    ['1 ms before the end', HOUR - 1, true],
    ['at the end: over', HOUR, false],
  ])('%s', (_label, ms, expected) => {
    expect(isInMaintenance([window], at(ms))).toBe(expected);
  });

  it('an open-ended window stays active; no windows means no maintenance', () => {
    expect(isInMaintenance([{ startsAt: start, endsAt: null }], at(1000 * HOUR))).toBe(true);
    expect(isInMaintenance([{ startsAt: start, endsAt: null }], at(-1))).toBe(false);
    expect(isInMaintenance([], start)).toBe(false);
  });

  it('activeWindows keeps only the active ones', () => {
    const later = { startsAt: at(2 * HOUR), endsAt: at(3 * HOUR) };
    expect(activeWindows([window, later], at(2 * HOUR))).toEqual([later]);
  });

  it.each<[string, Date, Date | null, string | null]>([
    ['fine', start, at(1), null],
    ['open-ended is fine', start, null, null],
    ['end equal to start', start, start, 'endsAt'],
    ['end before start', start, at(-1), 'endsAt'],
    ['bad start', new Date('x'), null, 'startsAt'],
  ])('window times: %s', (_l, s, e, field) => {
    expect(maintenanceWindowProblem(s, e)?.field ?? null).toBe(field);
  });
});
